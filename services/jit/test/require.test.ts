// require, package and loadfile/dofile where they meet the host: the environment's LUA_PATH and
// LUA_CPATH, standard input, a host that gives no files (the HTTP service), and C libraries, which
// this implementation finds but cannot load. Lua modules on files are differential corpus programs
// (corpus/require_modules.lua and corpus/modules/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFiles, runSource, type RunOptions } from '../src/index.ts';
import { LUA, requireLua } from './support.ts';

const root = join(new URL('.', import.meta.url).pathname, '..');
const lsjit = join(root, 'bin', 'lsjit.cjs');
const corpus = join(root, 'test', 'corpus');

/** Runs source in-process; stdout, and the message lsjit would print after "lua5.4: ". */
function run(source: string, opts: Partial<RunOptions> = {}): { out: string; error?: string } {
  const out: string[] = [];
  const r = runSource(source, { chunkname: 'test.lua', write: (s) => out.push(s), ...opts });
  return { out: out.join(''), error: r.error };
}

test('LUA_PATH_5_4 or LUA_PATH, and LUA_CPATH, set package.path and cpath with ";;" as the default: as lua5.4', () => {
  requireLua();
  const show = 'print(package.path) print(package.cpath)';
  const envs: Record<string, string>[] = [
    {},
    { LUA_PATH: './lib/?.lua', LUA_CPATH: './lib/?.so' },
    { LUA_PATH_5_4: 'first/?.lua;;', LUA_PATH: 'ignored/?.lua', LUA_CPATH: ';;last/?.so' },
    { LUA_PATH: 'a/?.lua;;b/?.lua', LUA_CPATH_5_4: ';;' },
  ];
  for (const env of envs) {
    const clean = { ...process.env };
    for (const v of ['LUA_INIT', 'LUA_PATH', 'LUA_CPATH']) {
      delete clean[v];
      delete clean[`${v}_5_4`];
    }
    const want = spawnSync(LUA, ['-e', show], { env: { ...clean, ...env }, encoding: 'latin1' });
    assert.equal(want.status, 0, want.stderr);
    assert.equal(run(show, { env }).out, want.stdout, JSON.stringify(env));
  }
});

test('loadfile() and dofile() read standard input from where io.read left it: as lua5.4, in every mode', () => {
  requireLua();
  const dir = join(root, 'test', 'stdin');
  const input = readFileSync(join(dir, 'loadfile_stdin.in'), 'latin1');
  const opts = { cwd: dir, input, encoding: 'latin1' as const, timeout: 60_000 };
  const want = spawnSync(LUA, ['loadfile_stdin.lua'], opts);
  assert.equal(want.status, 0, want.stderr);
  assert.match(want.stdout, /^the first line\narg\t2\t=stdin\n/, 'the chunk came from standard input');
  for (const flags of [['--no-jit'], [], ['--hot', '1']]) {
    const got = spawnSync(process.execPath, [lsjit, 'run', 'loadfile_stdin.lua', ...flags], opts);
    assert.equal(got.stdout, want.stdout, flags.join(' '));
    assert.equal(got.stderr, want.stderr, flags.join(' '));
  }
});

test('lsjit run reads modules from its working directory', () => {
  const r = spawnSync(process.execPath, [lsjit, 'run', 'require_modules.lua'], {
    cwd: corpus,
    encoding: 'latin1',
    timeout: 60_000,
  });
  assert.match(r.stdout, /^modules\.counter\t\.\/modules\/counter\.lua\t\.\/modules\/counter\.lua\t1\t42\n/);
  assert.match(r.stderr, /^lua5\.4: \.\/modules\/raises\.lua:2: /);
});

test('a host that gives no files (the HTTP service) finds modules only in package.preload', () => {
  const r = run(
    `package.preload.pre = function(name, data) return name .. " " .. data end
     print(require("pre"))
     print(loadfile("modules/counter.lua"))
     print(pcall(dofile, "modules/counter.lua"))
     print(package.searchpath("modules.counter", package.path))
     require("modules.counter")`,
  );
  // the same program reads the module where files are given
  const withFiles = run('print(require("modules.counter").inc(1))', { files: nodeFiles(corpus) });
  assert.equal(withFiles.out, '2\n');
  const lines = r.out.split('\n');
  assert.equal(lines[0], 'pre :preload:\t:preload:');
  assert.equal(lines[1], 'nil\tcannot open modules/counter.lua: No such file or directory');
  assert.equal(lines[2], 'false\tcannot open modules/counter.lua: No such file or directory');
  assert.match(lines[3]!, /^nil\tno file '\/usr\/local\/share\/lua\/5\.4\/modules\/counter\.lua'$/);
  assert.match(
    r.error!,
    /^test\.lua:6: module 'modules\.counter' not found:\n\tno field package\.preload\['modules\.counter'\]\n\tno file /,
  );
  assert.match(r.error!, /\n\tno file '\.\/modules\/counter\.lua'\n/);
});

test('a C library is found on package.cpath but not loaded: the message of a lua5.4 built without dlopen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-clib-'));
  try {
    writeFileSync(join(dir, 'native.so'), '\x7fELF');
    const r = run(
      `package.cpath = "./?.so"
       print(pcall(require, "native"))
       print(pcall(require, "native.part"))
       print(pcall(require, "other.part"))
       print(package.loadlib("./native.so", "luaopen_native"))
       print(package.loadlib("./native.so", "*"))`,
      { files: nodeFiles(dir) },
    );
    const dl = 'dynamic libraries not enabled; check your Lua installation';
    const [native, part, other, loadlib, star] = r.out.split(/\n(?!\t)/);
    assert.equal(native, `false\terror loading module 'native' from file './native.so':\n\t${dl}`);
    // the C root searcher finds native.so for native.part
    assert.equal(part, `false\terror loading module 'native.part' from file './native.so':\n\t${dl}`);
    assert.match(
      other!,
      /^false\tmodule 'other\.part' not found:\n\tno field package\.preload\['other\.part'\]\n/,
    );
    assert.match(
      other!,
      /\n\tno file '\.\/other\/part\.lua'\n(.*\n)*\tno file '\.\/other\/part\.so'\n\tno file '\.\/other\.so'$/,
    );
    assert.equal(loadlib, `nil\t${dl}\tabsent`);
    assert.equal(star, `nil\t${dl}\tabsent`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
