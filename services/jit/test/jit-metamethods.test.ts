// Metamethods written in Lua inside traced loops (src/jit/record/metamethods.ts): the loops of the
// bench/cliffs programs that met them are traced, and give what lua5.4 gives in every JIT mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JitStats } from '../src/jit/index.ts';
import { runSource } from '../src/index.ts';
import { differential } from './support.ts';

const cliffs = join(new URL('.', import.meta.url).pathname, '..', 'bench', 'cliffs');

/** Runs a bench/cliffs program at a small size against lua5.4, then once more for its trace dumps. */
function cliff(file: string, size: string): { heads: string[]; dumps: string[]; stats: JitStats } {
  differential(cliffs, file, [size]);
  const source = readFileSync(join(cliffs, file), 'latin1');
  const dumps: string[] = [];
  const r = runSource(source, {
    chunkname: file,
    args: [size],
    write: () => {},
    dumpTrace: (d) => dumps.push(d),
  });
  const heads = dumps.map((d) => d.split('\n')[0]!).filter((h) => h.startsWith('-- trace '));
  return { heads, dumps, stats: r.stats };
}

test('a loop doing arithmetic on objects inlines their __add, __sub, __mul, __unm, __len, __eq and __lt', () => {
  // Before, ADD on a table aborted the recording ("arithmetic on non-numbers"), and so did EQ of two
  // tables with metatables ("__eq") and LT of non-numbers: the loop was blacklisted and interpreted.
  const { heads, dumps, stats } = cliff('vector-operators.lua', '20000');
  const loop = heads.filter((h) => h.startsWith('-- trace vector-operators.lua:22 '));
  assert.ok(loop.length > 0, 'the loop is traced');
  assert.ok(!heads.some((h) => h.includes(' aborted ')), heads.join('; '));
  // Each metamethod is guarded: the operand's metatable, then the function found in it.
  const code = dumps.filter((d) => d.startsWith('-- trace vector-operators.lua:22 ')).pop()!;
  assert.ok((code.match(/\.metatable !== K\[\d+\]/g) ?? []).length >= 7, 'a metatable guard per event');
  assert.equal(stats.blacklisted, 0);
});

test('a read that reaches an __index function is inlined with the function, not aborted', () => {
  const { heads, dumps, stats } = cliff('index-defaults.lua', '20000');
  const loop = dumps.filter((d) => d.startsWith('-- trace index-defaults.lua:13 '));
  assert.ok(loop.length > 0, 'the loop is traced');
  assert.ok(!heads.some((h) => h.includes(' aborted ')), heads.join('; '));
  // The key's absence is the object's shape: a guard on it precedes each inlined call.
  assert.match(loop[loop.length - 1]!, /\.shape !== K_\d+\b/);
  assert.equal(stats.blacklisted, 0);
});

test('a class called through __call and a proxy with __index and __newindex functions are traced', () => {
  // Before, calling a table aborted ("calling a non-function") and so did a store reaching __newindex.
  const { heads, stats } = cliff('class-proxy.lua', '20000');
  assert.ok(
    heads.some((h) => h.startsWith('-- trace class-proxy.lua:13 ')),
    'the constructor loop is traced',
  );
  assert.ok(
    heads.some((h) => h.startsWith('-- trace class-proxy.lua:25 ')),
    'the proxy loop is traced',
  );
  assert.ok(!heads.some((h) => h.includes(' aborted ')), heads.join('; '));
  assert.equal(stats.blacklisted, 0);
});

test("metamethods a trace inlines count towards lua5.4's 200 nested C calls: left inside, and refused at the limit", () => {
  // The __index function is inlined; an exit inside it (after a store) finishes it in the interpreter,
  // whose pcalls then find one call less room, as in lua5.4; at the limit the trace leaves instead of
  // calling it, and the interpreter raises "C stack overflow" on the loop's line. Both fail before.
  const corpus = join(new URL('.', import.meta.url).pathname, 'corpus');
  const s = differential(corpus, 'jit_c_stack_in_metamethods.lua');
  for (const mode of ['on', 'forced'] as const) {
    assert.ok(s[mode].tracesCompiled >= 1, `${mode}: the loop inlining __index is compiled`);
    assert.ok(s[mode].sideExits >= 1, `${mode}: and left inside the metamethod`);
  }
});
