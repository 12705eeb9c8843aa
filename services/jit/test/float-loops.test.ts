// Float loops (compiler/floatloop.ts, vm/floatloop.ts): which loops the interpreter may run on float
// registers, that mandelbrot's escape loop does run there with the JIT off, and that loops refused or
// left in the middle on every entry go back to the dispatch loop. Their output against lua5.4 is
// test/corpus/float_loops.lua's and the generated programs' (fuzz-float-loops.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { load, newState } from '../src/runtime.ts';
import { Op } from '../src/compiler/opcodes.ts';
import { BAIL, CALL1, GETF, GETIR, GETUP, SETF, type FloatLoop } from '../src/compiler/floatloop.ts';
import type { Proto } from '../src/compiler/proto.ts';
import { localName } from '../src/vm/debug.ts';
import { LuaTable } from '../src/vm/table.ts';
import { closedUpval, LuaClosure } from '../src/vm/value.ts';
import { LUA, requireLua } from './support.ts';

const bench = new URL('../bench', import.meta.url).pathname;

/** Compiles and runs `source` with the JIT off; returns its output and its main function. */
function run(source: string, args: string[] = []): { out: string; main: Proto } {
  const out: string[] = [];
  const main = load(source, 'prog.lua');
  const L = newState({ write: (s) => out.push(s) });
  const arg = new LuaTable();
  args.forEach((a, i) => arg.set(i + 1, a));
  L.globals.set('arg', arg);
  L.call(new LuaClosure(main, [closedUpval(L.globals)]), args);
  return { out: out.join(''), main };
}

/** The float loops of p and of the functions in it, with the function each belongs to. */
function loopsOf(p: Proto): { p: Proto; fl: FloatLoop }[] {
  const found: { p: Proto; fl: FloatLoop }[] = [];
  p.floatLoops?.forEach((fl) => {
    if (fl !== undefined) found.push({ p, fl });
  });
  for (const q of p.protos) found.push(...loopsOf(q));
  return found;
}

test("mandelbrot's escape loop runs on float registers with the JIT off, and prints lua5.4's checksum", () => {
  requireLua();
  const file = `${bench}/mandelbrot.lua`;
  const { out, main } = run(readFileSync(file, 'latin1'), ['64']);
  assert.equal(out, execFileSync(LUA, [file, '64'], { encoding: 'latin1' }));
  const loops = loopsOf(main);
  assert.equal(loops.length, 1, 'one float loop');
  const { p, fl } = loops[0]!;
  const names = [...fl.liveIn].map((r) => localName(p, r, fl.start)).sort();
  assert.deepEqual(names, ['Ci', 'Cr', 'Zi', 'Ziq', 'Zr', 'Zrq']);
  // the escape (`escaped = true; break`) is left to the dispatch loop
  assert.deepEqual(
    [...fl.prog].filter((w) => (w & 63) === BAIL).length,
    2,
    'LOADBOOL and the JMP out of the loop',
  );
  assert.equal(fl.entries, 64 * 64, 'entered at every pixel');
  assert.ok(fl.laps > 5 * fl.entries, `most iterations ran there: ${fl.laps} in ${fl.entries} entries`);
  assert.equal(fl.refusals, 0);
  assert.equal(p.icode[fl.end]! & 63, 53, 'not given up: its FORLOOP is still opcode 53');
});

test("n-body's loops run on float registers: fields, elements at the index, sqrt through an upvalue", () => {
  requireLua();
  const file = `${bench}/n-body.lua`;
  const { out, main } = run(readFileSync(file, 'latin1'), ['500']);
  assert.equal(out, execFileSync(LUA, [file, '500'], { encoding: 'latin1' }));
  const loops = loopsOf(main);
  assert.equal(loops.length, 3, "advance's inner loop, energy's and offsetMomentum's");
  const advance = loops.find(({ fl }) => [...fl.prog].some((w) => (w & 63) === CALL1));
  assert.ok(advance !== undefined, 'the loop calling sqrt');
  const { p, fl } = advance;
  const ops = new Set([...fl.prog].map((w) => w & 63));
  for (const op of [GETIR, GETF, SETF, GETUP, CALL1]) assert.ok(ops.has(op), `runs word ${op}`);
  assert.ok(!ops.has(BAIL), 'nothing left to the dispatch loop');
  assert.deepEqual(
    [...fl.liveRefs].map((r) => localName(p, r, fl.start)),
    ['bodies'],
    'the bodies table is the one reference read on entry',
  );
  // each step runs the j loops of i = 1..4 (4, 3, 2 and 1 bodies); the first cold field caches bail,
  // and the sun's integer coordinates (0) are refused until the first steps make them floats
  assert.ok(fl.entries + fl.refusals >= 4 * 500, `${fl.entries} entries, ${fl.refusals} refused`);
  assert.ok(fl.refusals < 10);
  assert.ok(fl.laps >= 10 * 500 - 20, `${fl.laps} bodies in ${fl.entries} entries`);
  assert.equal(p.icode[fl.end]! & 63, 53);
});

test('which loops are float loops: not those needing an integer, a store on every path or a call', () => {
  const none: Record<string, string> = {
    'integer arithmetic on the loop index': 'local s = 0.5 for i = 1, 9 do s = s + (i + 1) * 0.5 end',
    'every path stores to a table': 'local s, t = 0.5, {} for i = 1, 9 do s = s * 1.5 + 0.5 t[1] = s end',
    'no arithmetic': 'local s, x = 0.5, 0.25 for i = 1, 9 do s = x x = 0.75 end',
    'an integer constant is loaded': 'local x = 0 for i = 1, 9 do x = 1 x = x * 2 + x end',
    'a call': 'local x = 0.5 for i = 1, 9 do x = math.sin(x) * 2 + x end',
    'a float read first, a table stored later':
      'local t, y, z = { s = { x = 0.5 } }, 0.25, 0.0 for i = 1, 1 do z = z + y * 2.0 y = t.s z = z + y.x end',
  };
  for (const [why, source] of Object.entries(none)) {
    const { main } = run(source);
    assert.equal(loopsOf(main).length, 0, why);
  }
  const { main } = run(
    'local s, t = 0.5, {} for i = 1, 9 do s = s * 1.5 + 0.5 if s > 1e9 then t[1] = s end end',
  );
  const [loop] = loopsOf(main);
  assert.ok(loop !== undefined, 'a store on some paths only: a float loop');
  assert.ok([...loop.fl.prog].some((w) => (w & 63) === BAIL));
  assert.equal(loop.fl.index, -1, 'the index is not read');
  const pi = run(
    'local h, s = 1.0 / 1000, 0.0 for i = 1, 1000 do local x = (i - 0.5) * h s = s + 4.0 / (1.0 + x * x) end print(s * h)',
  );
  const [integration] = loopsOf(pi.main);
  assert.ok(integration !== undefined, 'the index read for a float: a float loop');
  assert.ok(integration.fl.index >= 0);
  assert.equal(integration.fl.laps, 1000, 'entered at its FORPREP, every body ran there');
  assert.equal(pi.out, '3.1415927369231\n');
});

test('a float loop refused or left in the middle on every entry goes back to the dispatch loop', () => {
  // grow and keep are one loop in two functions: grow is called with integer limits, keep with floats
  const counter = (name: string): string => `
    local function ${name}(lim)
      local w, n = 0.5, 0.0
      for _ = 1, 10 do
        w = w * 2.0
        if w > lim then n = n + 1.0 end
      end
      return n
    end`;
  const source = `${counter('grow')}
    local function store(o)
      local f = 0.5
      for _ = 1, 3 do
        f = f * 2.5 - 0.25
        if f > 0.0 then o[1] = f end
      end
      return o[1]
    end
    ${counter('keep')}
    local s = 0
    for i = 1, 100 do s = s + grow(i) + store({}) + keep(i + 0.5) end
    print(s)`;
  const { out, main } = run(source);
  assert.equal(out, '1377.5\n');
  const [grow, store, keep] = loopsOf(main);
  assert.ok(grow && store && keep);
  // grow's `lim` is an integer on every call
  assert.equal(grow.fl.entries, 0);
  assert.equal(grow.fl.refusals, 64, 'refused until the trial ended');
  assert.equal(grow.p.icode[grow.fl.end]! & 63, Op.FORLOOP);
  assert.equal(grow.p.icode[grow.fl.start - 1]! & 63, Op.FORPREP, 'its FORPREP too');
  // store leaves at the element store (a constant key) in every iteration
  assert.equal(store.fl.laps, 0);
  assert.equal(store.fl.entries, 64);
  assert.equal(store.p.icode[store.fl.end]! & 63, Op.FORLOOP);
  // keep's `lim` is a float: it runs there every time
  assert.equal(keep.fl.entries, 100);
  assert.equal(keep.fl.laps, 100 * 10);
  assert.equal(keep.p.icode[keep.fl.end]! & 63, 53);
  assert.equal(keep.p.icode[keep.fl.start - 1]! & 63, 54);
});
