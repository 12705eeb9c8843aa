// How the JIT treats coroutines (README "Coroutines"): a coroutine's hot loops are traced and their
// trees run there, unless a tree could run Lua code in a nested interpreter loop, which a yield could
// not leave (jit/yieldsafe.ts). Their lua5.4-identical behaviour is in corpus/coroutines*.lua (yields
// through pcall, xpcall, dofile, pairs, natives and metamethods, native __close included),
// dofile_yield.lua and jit_loops_in_coroutines.lua.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSource, type JitStats } from '../src/index.ts';
import { JIT_MODES, jitOptions } from './support.ts';

function run(source: string, mode: (typeof JIT_MODES)[number]): { out: string; stats: JitStats } {
  const out: string[] = [];
  const r = runSource(source, { chunkname: 'co.lua', write: (s) => out.push(s), ...jitOptions(mode) });
  assert.equal(r.status, 0, r.error);
  return { out: out.join(''), stats: r.stats };
}

test("a coroutine's hot loop is traced and its tree runs there, side exits included", () => {
  // The accumulator turns float at i = 3000: only a tree that runs leaves by a guard.
  const body = 'local s = 0 for i = 1, 5000 do if i == 3000 then s = s + 0.5 end s = s + i end return s';
  const inside = run(`print(coroutine.wrap(function() ${body} end)())`, 'on');
  const outside = run(`print((function() ${body} end)())`, 'on');
  assert.equal(inside.out, '12502500.5\n');
  assert.equal(outside.out, inside.out);
  assert.ok(inside.stats.tracesCompiled >= 1, `traces compiled: ${inside.stats.tracesCompiled}`);
  assert.ok(inside.stats.sideExits >= 1, `side exits: ${inside.stats.sideExits}`);
});

test('a store in an inlined call stops a coroutine from tracing the loop, but not the main thread', () => {
  // The coroutine's recordings stop at the store (an exit after it would finish the call in a nested
  // loop); the main thread then traces the loop, the call inlined.
  const src = `
    local log = {}
    local function note(i) log[#log + 1] = i return i end
    local function walk(n) local s = 0 for i = 1, n do s = s + note(i) end return s end
    for _ = 1, 20 do coroutine.wrap(walk)(300) end
    local before = #log
    print(walk(300), before, #log)`;
  const r = run(src, 'on');
  assert.equal(r.out, '45150\t6000\t6300\n');
  assert.equal(r.stats.blacklisted, 0);
  assert.ok(r.stats.tracesAborted >= 1, `aborted: ${r.stats.tracesAborted}`);
  assert.ok(r.stats.tracesCompiled >= 1, `compiled: ${r.stats.tracesCompiled}`);
});

test('a tree the main thread compiled with a store in an inlined call is not run by a coroutine', () => {
  // Run there, its exit after the store would finish note() in a nested loop, and the yield in it
  // would raise "attempt to yield across a C-call boundary".
  const src = `
    local yielding = false
    local function note(t, i)
      t[#t + 1] = i
      if yielding and i % 100 == 0 then coroutine.yield(#t) end
      return 1
    end
    local function walk(t, n) local s = 0 for i = 1, n do s = s + note(t, i) end return s end
    print(walk({}, 500))
    yielding = true
    local co = coroutine.wrap(function() return walk({}, 250) end)
    print(co(), co(), co())`;
  for (const mode of JIT_MODES) assert.equal(run(src, mode).out, '500\n100\t200\t250\n', mode);
});

test('a function trace the main thread compiled runs in a coroutine, and leaves it where the coroutine yields', () => {
  const main = `
    local function tri(n, k)
      if n < 2 then return n end
      if n == k then coroutine.yield(n) end
      return tri(n - 1, k) + tri(n - 2, k)
    end
    local t = 0 for i = 1, 30 do t = t + tri(i % 12, -1) end
    print(t)`;
  // The trace never took the yield's branch: its guard there hands the frames to the coroutine's
  // own loop, from which the yield leaves.
  const both = `${main}
    local co = coroutine.wrap(function() return tri(12, 11) end)
    print(co(), co())`;
  const before = run(main, 'on');
  const after = run(both, 'on');
  assert.equal(after.out, '484\n11\t144\n');
  assert.ok(before.stats.tracesCompiled >= 1);
  assert.ok(after.stats.sideExits > before.stats.sideExits, `${after.stats.sideExits} side exits`);
});
