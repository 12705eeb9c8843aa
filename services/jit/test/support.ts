// Helpers shared by the jit tests: run a Lua file under /usr/bin/lua5.4 and in-process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyJitStats, nodeFiles, runSource, type JitStats } from '../src/index.ts';

export const LUA = '/usr/bin/lua5.4';

export interface Outcome {
  stdout: string;
  /** First line of stderr (lua.c prints "lua5.4: msg" there on an uncaught error). */
  stderr1: string;
  /** All of stderr, as the differential tests compare it (`comparable`). */
  stderr: string;
  status: number;
}

/**
 * stderr as the differential tests compare it: whole (what the program wrote there, then lua.c's
 * message and stack traceback), except for how many levels the traceback of a stack overflow skips.
 * That depends on how many levels fit on lua5.4's stack, which depends on its compiler's register
 * allocation (frame sizes), not copied here.
 */
function comparable(stderr: string): string {
  if (!(stderr.split('\n')[0] ?? '').includes('stack overflow')) return stderr;
  return stderr.replace(/\t\.\.\.\t\(skipping \d+ levels\)/, '\t...\t(skipping N levels)');
}

export function requireLua(): void {
  if (!existsSync(LUA)) {
    throw new Error(
      `${LUA} is missing: the differential tests need Debian's lua5.4 (apt-get install lua5.4)`,
    );
  }
}

/**
 * The environment lua5.4 runs in: the test's own, without the variables lua.c and package read
 * (LUA_INIT runs code first; LUA_PATH and LUA_CPATH change where require looks), which runOurs does
 * not pass on.
 */
function referenceEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const v of ['LUA_INIT', 'LUA_PATH', 'LUA_CPATH']) {
    delete env[v];
    delete env[`${v}_5_4`];
  }
  return env;
}

export function runReference(dir: string, file: string, args: string[] = []): Outcome {
  const r = spawnSync(LUA, [file, ...args], {
    cwd: dir,
    env: referenceEnv(),
    encoding: 'latin1',
    timeout: 60_000,
    argv0: 'lua5.4',
  });
  if (r.error) throw r.error;
  return {
    stdout: r.stdout,
    stderr1: r.stderr.split('\n')[0] ?? '',
    stderr: comparable(r.stderr),
    status: r.status ?? -1,
  };
}

/** How the JIT runs: off, on with its default threshold, or forced to trace every loop at once. */
export type JitMode = 'off' | 'on' | 'forced';

export const JIT_MODES: JitMode[] = ['off', 'on', 'forced'];

export function jitOptions(mode: JitMode): { jit: boolean; hotLoopThreshold?: number } {
  return mode === 'off' ? { jit: false } : mode === 'on' ? { jit: true } : { jit: true, hotLoopThreshold: 1 };
}

export function runOurs(
  dir: string,
  file: string,
  args: string[] = [],
  mode: JitMode = 'on',
): Outcome & { stats: JitStats } {
  const source = readFileSync(join(dir, file), 'latin1');
  const out: string[] = [];
  const err: string[] = [];
  const r = runSource(source, {
    chunkname: file,
    args,
    write: (s) => out.push(s),
    writeErr: (s) => err.push(s),
    // files as lua5.4 sees them from the directory runReference runs it in
    files: nodeFiles(dir),
    ...jitOptions(mode),
  });
  // What the program wrote to io.stderr (or warn), then the error and traceback lsjit would print
  const tb = r.traceback === undefined ? '' : `\n${r.traceback}`;
  const stderr = err.join('') + (r.error === undefined ? '' : `lua5.4: ${r.error}${tb}\n`);
  return {
    stdout: out.join(''),
    stderr1: stderr.split('\n')[0]!,
    stderr: comparable(stderr),
    status: r.status,
    stats: r.stats,
  };
}

/** One run of source with the JIT on: what it printed, every trace dump (code and aborts), the stats. */
export function runTraced(
  source: string,
  chunkname: string,
): { out: string; dumps: string[]; stats: JitStats } {
  let out = '';
  const dumps: string[] = [];
  const r = runSource(source, { chunkname, write: (s) => (out += s), dumpTrace: (d) => dumps.push(d) });
  return { out, dumps, stats: r.stats };
}

/** Runs a program in every JIT mode, checks each against lua5.4 and returns the stats per mode. */
export function differential(
  dir: string,
  file: string,
  args: string[] = [],
): Record<JitMode, ReturnType<typeof runOurs>['stats']> {
  requireLua();
  const want = runReference(dir, file, args);
  const stats = {} as Record<JitMode, ReturnType<typeof runOurs>['stats']>;
  for (const mode of JIT_MODES) {
    const got = runOurs(dir, file, args, mode);
    assert.equal(got.stdout, want.stdout, `stdout differs (jit ${mode})`);
    assert.equal(got.stderr, want.stderr, `stderr differs (jit ${mode})`);
    assert.equal(got.status, want.status, `exit status differs (jit ${mode})`);
    stats[mode] = got.stats;
  }
  assert.deepEqual(stats.off, emptyJitStats(), 'the interpreter alone records nothing');
  return stats;
}

/**
 * Runs `differential` on the program each of the seeds 1..count generates (written to a temporary
 * directory); a failure shows the program, so that it can be kept as a corpus file.
 */
export function differentialGenerated(name: string, program: (seed: number) => string, count: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-fuzz-'));
  try {
    for (let seed = 1; seed <= count; seed++) {
      const file = `${name}_${seed}.lua`;
      writeFileSync(join(dir, file), program(seed), 'latin1');
      try {
        differential(dir, file);
      } catch (e) {
        throw new Error(`${file} (seed ${seed}):\n${program(seed)}\n${(e as Error).message}`, { cause: e });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
