// Differential testing against Debian's lua5.4: every corpus program (and every benchmark at a small
// size) must produce byte-identical stdout, and on an uncaught error the same first stderr line
// ("lua5.4: file:line: message") and exit status, in each JIT mode: off, on (default threshold), and
// forced (every loop traced at its first back-edge, which exercises side exits everywhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NO_ITEMS } from '../src/vm/index.ts';
import { JIT_MODES, requireLua, runOurs, runReference } from './support.ts';

const here = new URL('.', import.meta.url).pathname;
const corpus = join(here, 'corpus');
const bench = join(here, '..', 'bench');

/** Benchmarks take their size as arg[1]; these keep the test run short. */
const BENCH_ARGS: Record<string, string[]> = {
  'mandelbrot.lua': ['60'],
  'fib.lua': ['20'],
  'add64.lua': ['2'],
  'spectral-norm.lua': ['30'],
  'n-body.lua': ['1000'],
  'fannkuch-redux.lua': ['7'],
  'binary-trees.lua': ['8'],
  'table-heavy.lua': ['2000'],
  'string-heavy.lua': ['2000'],
};

test('lua5.4 is installed', () => {
  requireLua();
});

for (const file of readdirSync(corpus)
  .filter((f) => f.endsWith('.lua'))
  .sort()) {
  test(`corpus/${file}`, () => {
    requireLua();
    const want = runReference(corpus, file);
    for (const mode of JIT_MODES) {
      const got = runOurs(corpus, file, [], mode);
      assert.equal(got.stdout, want.stdout, `stdout differs (jit ${mode})`);
      assert.equal(got.stderr, want.stderr, `stderr differs (jit ${mode})`);
      assert.equal(got.status, want.status, `exit status differs (jit ${mode})`);
    }
  });
}

const benchFiles = readdirSync(bench)
  .filter((f) => f.endsWith('.lua'))
  .sort();
for (const file of benchFiles) {
  test(`bench/${file} (small size)`, () => {
    requireLua();
    const args = BENCH_ARGS[file] ?? [];
    const want = runReference(bench, file, args);
    for (const mode of JIT_MODES) {
      const got = runOurs(bench, file, args, mode);
      assert.equal(got.stdout, want.stdout, `stdout differs (jit ${mode})`);
      assert.equal(got.stderr, want.stderr, `stderr differs (jit ${mode})`);
      assert.equal(got.status, want.status, `exit status differs (jit ${mode})`);
    }
  });
}

// Every table starts with the one shared empty array part (vm/table.ts): a push onto it instead of onto
// an array of the table's own would put the value into every empty table. The corpus and benchmarks
// above ran in this process, in all three modes.
test('no program wrote into the shared empty array part', () => {
  assert.equal(NO_ITEMS.length, 0);
  assert.deepEqual(Object.keys(NO_ITEMS), []);
});
