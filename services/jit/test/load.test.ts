// What the differential corpus cannot see of load (corpus/load_chunks.lua has its output): a chunk
// compiled at run time gets the JIT's counters, whether load ran on the main thread or in a coroutine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSource } from '../src/index.ts';

function tracesOf(source: string): { out: string; traces: number } {
  const out: string[] = [];
  const r = runSource(source, { chunkname: 'load.lua', write: (s) => out.push(s), jit: true });
  assert.equal(r.status, 0, r.error);
  return { out: out.join(''), traces: r.stats.tracesRecorded };
}

const LOOP = 'local s = 0 for i = 1, 5000 do s = s + i * 0.5 end return s';

test('a loop in a loaded chunk is traced', () => {
  const r = tracesOf(`print(load(${JSON.stringify(LOOP)})())`);
  assert.equal(r.out, '6251250.0\n');
  assert.ok(r.traces >= 1, `traces recorded: ${r.traces}`);
});

test('a chunk loaded inside a coroutine is traced when the main thread runs it', () => {
  const r = tracesOf(
    `local f = coroutine.wrap(function() return load(${JSON.stringify(LOOP)}) end)()\nprint(f())`,
  );
  assert.equal(r.out, '6251250.0\n');
  assert.ok(r.traces >= 1, `traces recorded: ${r.traces}`);
});
