// What coroutines do where they differ from lua5.4 on purpose (README "Coroutines"): a yield with a
// native between it and the coroutine's dispatch loop raises instead of yielding when that native is the
// coroutine's body or a metamethod, the same in every JIT mode (pcall, xpcall and dofile let it yield as
// lua5.4's do: corpus/coroutines_pcall_yield.lua, coroutines_pcall_native_yield.lua, dofile_yield.lua),
// and a coroutine's own loops run interpreted while the same loop outside one is traced. Their
// lua5.4-identical behaviour is in corpus/coroutines.lua, and yields inside metamethods written in Lua
// in corpus/coroutines_meta_yield.lua and coroutines_close_yield.lua.
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

const BOUNDARY = 'attempt to yield across a C-call boundary';

test('a yield across a native (a native body, a native metamethod) raises the C-call boundary error in every mode', () => {
  const source = [
    'print(coroutine.resume(coroutine.create(coroutine.yield), 1, 2))',
    // a native metamethod: lua5.4 yields from it (its __index is coroutine.yield itself)
    'local t = setmetatable({}, { __index = coroutine.yield })',
    'print(coroutine.resume(coroutine.create(function() return t.foo end)))',
    // the coroutine still yields from its own loop after such an error was caught
    // (lua5.4 raises here too: gsub calls its function with no continuation)
    "local b = coroutine.create(function() print(pcall(string.gsub, 'a', '.', coroutine.yield)) return coroutine.yield(7) end)",
    'print(coroutine.resume(b))',
    'print(coroutine.resume(b, 8))',
  ].join('\n');
  const want = [
    `false\t${BOUNDARY}`,
    `false\t${BOUNDARY}`,
    `false\t${BOUNDARY}`,
    'true\t7',
    'true\t8',
    '',
  ].join('\n');
  for (const mode of JIT_MODES) assert.equal(run(source, mode).out, want, mode);
});

test("a coroutine's hot loop runs interpreted; the same loop outside a coroutine is traced", () => {
  const body = 'local s = 0 for i = 1, 5000 do s = s + i * 0.5 end return s';
  const inside = run(`print(coroutine.wrap(function() ${body} end)())`, 'on');
  const outside = run(`print((function() ${body} end)())`, 'on');
  assert.equal(inside.out, '6251250.0\n');
  assert.equal(outside.out, inside.out);
  assert.equal(inside.traces, 0);
  assert.ok(outside.traces >= 1, `traces recorded outside: ${outside.traces}`);
});
