// The lsjit command line as the benchmark harness uses it: output on stdout, one statistics line on
// stderr with --stats, --no-jit and --hot N (or LSJIT_HOT_THRESHOLD) honoured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireLua } from './support.ts';
import { warm } from '../src/command.ts';

const root = join(new URL('.', import.meta.url).pathname, '..');
const lsjit = join(root, 'bin', 'lsjit.cjs');
const add64 = join(root, 'bench', 'add64.lua');

function run(
  args: string[],
  env: Record<string, string> = {},
  script = [add64, '2'],
): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(process.execPath, [lsjit, 'run', ...script, ...args], {
    encoding: 'latin1',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

const STATS =
  /^lsjit: \d+\.\d ms; jit: (\d+) traces recorded, (\d+) compiled, (\d+) aborted, (\d+) blacklisted, (\d+) side exits\n$/;

test('--stats prints the JIT statistics on one stderr line', () => {
  const r = run(['--stats']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '64000000\n');
  const m = STATS.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.ok(Number(m[2]) >= 1, 'the inner loop is compiled');
});

test('--no-jit runs the interpreter alone', () => {
  const r = run(['--no-jit', '--stats']);
  assert.equal(r.stdout, '64000000\n');
  assert.match(r.stderr, /^lsjit: \d+\.\d ms; jit: off\n$/);
});

test('--hot N and LSJIT_HOT_THRESHOLD set the hot-loop threshold', () => {
  const never = run(['--stats', '--hot', '100000000']);
  assert.equal(STATS.exec(never.stderr)?.[1], '0', 'no loop gets that hot');
  const env = run(['--stats'], { LSJIT_HOT_THRESHOLD: '100000000' });
  assert.equal(STATS.exec(env.stderr)?.[1], '0');
  const once = run(['--stats', '--hot', '1']);
  assert.equal(once.stdout, '64000000\n');
  assert.ok(Number(STATS.exec(once.stderr)?.[1]) >= 1);
});

test('--stats counts the hints applied; --no-hints reads them as plain comments', () => {
  const script = [join(root, 'test', 'corpus', 'jit_hint_pure.lua')];
  const hinted = run(['--stats'], {}, script);
  const plain = run(['--stats', '--no-hints'], {}, script);
  assert.equal(hinted.status, 0);
  assert.equal(hinted.stdout, plain.stdout);
  assert.match(hinted.stderr, /side exits, [1-9]\d* hints applied\n$/);
  assert.match(plain.stderr, /side exits\n$/);
});

test('standard input reaches io.read, io.lines and io.stdin; io.stderr reaches stderr: as lua5.4, in every mode', () => {
  requireLua();
  const dir = join(root, 'test', 'stdin');
  const input = readFileSync(join(dir, 'read_formats.in'), 'latin1');
  const opts = { cwd: dir, input, encoding: 'latin1' as const, timeout: 60_000 };
  const want = spawnSync('/usr/bin/lua5.4', ['read_formats.lua'], opts);
  assert.equal(want.status, 0, want.stderr);
  assert.match(want.stdout, /integer\tinteger/, 'the numbers were read');
  for (const flags of [['--no-jit'], [], ['--hot', '1']]) {
    const got = spawnSync(process.execPath, [lsjit, 'run', 'read_formats.lua', ...flags], opts);
    assert.equal(got.stdout, want.stdout, flags.join(' '));
    assert.equal(got.stderr, want.stderr, flags.join(' '));
    assert.equal(got.status, 0);
  }
});

test("os.getenv reads the command's environment, and os.exit ends lsjit with its status and output flushed", () => {
  const dir = join(root, 'test', 'stdin');
  const r = spawnSync(process.execPath, [lsjit, 'run', 'env_exit.lua'], {
    cwd: dir,
    encoding: 'latin1',
    env: { ...process.env, LSJIT_TEST_VAR: 'from the environment' },
    timeout: 60_000,
  });
  assert.equal(r.stdout, 'from the environment\tnil\nbefore exit\n');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 7);
});

test("the code cache's warm-up program runs to its end without the JIT", () => {
  // bin/lsjit.cjs runs it before the bundle's code cache is made, and the kit ignores its errors:
  // a failing warm-up would only show as slower starts.
  warm();
});
