// Helpers shared by the jit tests: run a Lua file under /usr/bin/lua5.4 and in-process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSource } from '../src/index.ts';

export const LUA = '/usr/bin/lua5.4';

export interface Outcome {
  stdout: string;
  /** First line of stderr (lua.c prints "lua5.4: msg" there on an uncaught error). */
  stderr1: string;
  status: number;
}

export function requireLua(): void {
  if (!existsSync(LUA)) {
    throw new Error(
      `${LUA} is missing: the differential tests need Debian's lua5.4 (apt-get install lua5.4)`,
    );
  }
}

export function runReference(dir: string, file: string, args: string[] = []): Outcome {
  const r = spawnSync(LUA, [file, ...args], {
    cwd: dir,
    encoding: 'latin1',
    timeout: 60_000,
    argv0: 'lua5.4',
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr1: r.stderr.split('\n')[0] ?? '', status: r.status ?? -1 };
}

export function runOurs(dir: string, file: string, args: string[] = []): Outcome {
  const source = readFileSync(join(dir, file), 'latin1');
  const out: string[] = [];
  const r = runSource(source, { chunkname: file, args, write: (s) => out.push(s) });
  return { stdout: out.join(''), stderr1: r.status === 0 ? '' : `lua5.4: ${r.error}`, status: r.status };
}
