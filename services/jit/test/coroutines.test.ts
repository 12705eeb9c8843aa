// What coroutines do where they differ from lua5.4 on purpose (README "Coroutines"): a coroutine's own
// loops run interpreted while the same loop outside one is traced. Their lua5.4-identical behaviour is in
// corpus/coroutines*.lua (yields through pcall, xpcall, dofile, pairs, natives and metamethods, native
// __close included) and dofile_yield.lua.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSource } from '../src/index.ts';
import { JIT_MODES, jitOptions } from './support.ts';

function run(source: string, mode: (typeof JIT_MODES)[number]): { out: string; traces: number } {
  const out: string[] = [];
  const r = runSource(source, { chunkname: 'co.lua', write: (s) => out.push(s), ...jitOptions(mode) });
  assert.equal(r.status, 0, r.error);
  return { out: out.join(''), traces: r.stats.tracesRecorded };
}

test("a coroutine's hot loop runs interpreted; the same loop outside a coroutine is traced", () => {
  const body = 'local s = 0 for i = 1, 5000 do s = s + i * 0.5 end return s';
  const inside = run(`print(coroutine.wrap(function() ${body} end)())`, 'on');
  const outside = run(`print((function() ${body} end)())`, 'on');
  assert.equal(inside.out, '6251250.0\n');
  assert.equal(outside.out, inside.out);
  assert.equal(inside.traces, 0);
  assert.ok(outside.traces >= 1, `traces recorded outside: ${outside.traces}`);
});
