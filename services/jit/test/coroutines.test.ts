// What coroutines do where they differ from lua5.4 on purpose (README "Coroutines"): a yield from a
// `__close` that is a native raises instead of yielding (lua5.4 yields there), the same in every JIT mode; and a coroutine's own loops run interpreted while the same loop
// outside one is traced. Their lua5.4-identical behaviour is in corpus/coroutines.lua, yields through
// pcall, xpcall, dofile and natives in coroutines_pcall_yield.lua, coroutines_pcall_native_yield.lua,
// coroutines_native_yield.lua and dofile_yield.lua, and yields inside metamethods written in Lua in
// corpus/coroutines_meta_yield.lua and coroutines_close_yield.lua.
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

test('a yield from a native __close raises the C-call boundary error in every mode', () => {
  const source = [
    'local c = setmetatable({}, { __close = coroutine.yield })',
    'print(coroutine.resume(coroutine.create(function() do local x <close> = c end end)))',
    // while a pcall's error unwinds
    "print(coroutine.resume(coroutine.create(function() return pcall(function() local x <close> = c error('e', 0) end) end)))",
    // the coroutine still yields from its own loop after such an error was caught
    'local b = coroutine.create(function() print(pcall(function() local x <close> = c end)) return coroutine.yield(7) end)',
    'print(coroutine.resume(b))',
    'print(coroutine.resume(b, 8))',
  ].join('\n');
  const want = [
    `false\t${BOUNDARY}`,
    `true\tfalse\t${BOUNDARY}`,
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
