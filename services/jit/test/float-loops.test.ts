// Float loops (compiler/floatloop.ts, vm/floatloop.ts): which loops the interpreter runs on number
// registers, that mandelbrot's, n-body's and spectral-norm's loops do run there with the JIT off
// (n-body's with a loop inside, spectral-norm's with its function A inline), that integers stay integers there, and that loops
// refused or left in the middle on every entry go back to the dispatch loop. Their output against
// lua5.4 is test/corpus/float_loops.lua's and the generated programs' (fuzz-float-loops.test.ts,
// fuzz-number-loops.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { load, newState } from '../src/runtime.ts';
import { Op } from '../src/compiler/opcodes.ts';
import {
  BAIL,
  CALL1,
  GETF,
  GETIN,
  GETIR,
  GETUP,
  IADD,
  ICALL,
  IMOVE,
  IMUL,
  IRET,
  NFORLOOP,
  NFORPREP,
  SETF,
  type FloatLoop,
  type FloatLoopSite,
} from '../src/compiler/floatloop.ts';
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

interface Found {
  p: Proto;
  site: FloatLoopSite;
  fl: FloatLoop;
}

/**
 * The float loops p and the functions in it made when they ran and kept, with the function each
 * belongs to.
 */
function loopsOf(p: Proto): Found[] {
  const found: Found[] = [];
  p.floatLoops?.forEach((site) => {
    if (site?.loop && !site.given) found.push({ p, site, fl: site.loop });
  });
  for (const q of p.protos) found.push(...loopsOf(q));
  return found;
}

/** The words of a float loop's program, by their number. */
function words(fl: FloatLoop): Set<number> {
  return new Set([...fl.prog].map((w) => w & 63));
}

test("mandelbrot's escape loop runs on float registers with the JIT off, and prints lua5.4's checksum", () => {
  requireLua();
  const file = `${bench}/mandelbrot.lua`;
  const { out, main } = run(readFileSync(file, 'latin1'), ['64']);
  assert.equal(out, execFileSync(LUA, [file, '64'], { encoding: 'latin1' }));
  const loops = loopsOf(main);
  assert.equal(loops.length, 1, 'one float loop');
  const { p, fl } = loops[0]!;
  const names = [...fl.liveFlt].map((r) => localName(p, r, fl.start)).sort();
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

test("n-body's loops run on float registers: fields, elements, sqrt through an upvalue, a loop inside", () => {
  requireLua();
  const file = `${bench}/n-body.lua`;
  const { out, main } = run(readFileSync(file, 'latin1'), ['500']);
  assert.equal(out, execFileSync(LUA, [file, '500'], { encoding: 'latin1' }));
  const loops = loopsOf(main);
  // advance's loop over i runs its loop over j inside; the first steps' cold field caches bail inside
  // it, and the dispatch loop, going on there, enters the loop over j on its own
  const advance = loops.find(({ fl }) => words(fl).has(NFORPREP) && words(fl).has(CALL1));
  assert.ok(advance !== undefined, 'the loop over i, calling sqrt in its loop over j');
  const { p, fl } = advance;
  const ops = words(fl);
  for (const op of [GETIR, GETF, SETF, GETUP, CALL1, NFORLOOP]) assert.ok(ops.has(op), `runs word ${op}`);
  assert.ok(!ops.has(BAIL), 'nothing left to the dispatch loop');
  assert.deepEqual(
    [...fl.liveRefs].map((r) => localName(p, r, fl.start)),
    ['bodies'],
    'the bodies table is the one reference read on entry',
  );
  assert.deepEqual(
    [...fl.liveInt].map((r) => localName(p, r, fl.start)),
    ['nbody'],
  );
  // one entry per step, the first few left at a cold cache; each runs the 4 bodies of i
  assert.ok(fl.entries >= 500 && fl.entries < 520, `${fl.entries} entries`);
  assert.equal(fl.refusals, 0);
  assert.ok(fl.laps >= 4 * 500 - 20, `${fl.laps} bodies in ${fl.entries} entries`);
  assert.equal(p.icode[fl.end]! & 63, 53);
  // energy's loop over i runs its loop over j too
  assert.equal(loops.filter(({ fl: l }) => words(l).has(NFORPREP)).length, 2);
});

test('which loops are float loops: not those without arithmetic, storing on every path or calling', () => {
  const none: Record<string, string> = {
    'every path stores to a table': 'local s, t = 0.5, {} for i = 1, 9 do s = s * 1.5 + 0.5 t[1] = s end',
    'no arithmetic': 'local s, x = 0.5, 0.25 for i = 1, 9 do s = x x = 0.75 end',
    'a call through a global table': 'local x = 0.5 for i = 1, 9 do x = math.sin(x) * 2 + x end',
    'a call of a function that is no leaf':
      'local function g(x) return math.abs(x) end local x = 0.5 for i = 1, 9 do x = g(x) * 0.5 + x end',
    'a float read first, a table stored later':
      'local t, y, z = { s = { x = 0.5 } }, 0.25, 0.0 for i = 1, 1 do z = z + y * 2.0 y = t.s z = z + y.x end',
  };
  for (const [why, source] of Object.entries(none)) {
    const { main } = run(source);
    assert.equal(loopsOf(main).length, 0, why);
    main.floatLoops?.forEach((site) => assert.ok(site === undefined || site.given, `${why}: given up`));
  }
  const { main } = run(
    'local s, t = 0.5, {} for i = 1, 9 do s = s * 1.5 + 0.5 if s > 1e9 then t[1] = s end end',
  );
  const [loop] = loopsOf(main);
  assert.ok(loop !== undefined, 'a store on some paths only: a float loop');
  assert.ok([...loop.fl.prog].some((w) => (w & 63) === BAIL));
  assert.equal(loop.fl.index, -1, 'the index is not read');
  const local = run(
    'local function sq(x) return x * x end local s = 0.0 for i = 1, 100 do s = s + sq(i * 0.5) end print(s)',
  );
  const [squares] = loopsOf(local.main);
  assert.ok(
    squares !== undefined && words(squares.fl).has(ICALL),
    'a local function moved to the call: inline',
  );
  assert.equal(squares.fl.laps, 100);
  assert.equal(local.out, '84587.5\n');
  // a loop inside that ends the outer loop's body stays a site of its own (FFORLOOP, 53): a bail inside
  // it goes on in the dispatch loop, which enters it at its FORLOOP
  const nest = run('local s = 0.0 for y = 1, 3 do for x = 1, 2 do s = s + x * 0.5 + y end end print(s)');
  assert.equal(nest.out, '16.5\n');
  const nestSites = (nest.main.floatLoops ?? []).flatMap((site) => (site === undefined ? [] : [site]));
  assert.equal(nestSites.length, 2);
  for (const site of nestSites) assert.equal(nest.main.icode[site.end]! & 63, 53);
  const pi = run(
    'local h, s = 1.0 / 1000, 0.0 for i = 1, 1000 do local x = (i - 0.5) * h s = s + 4.0 / (1.0 + x * x) end print(s * h)',
  );
  const [integration] = loopsOf(pi.main);
  assert.ok(integration !== undefined, 'the index read for a float: a float loop');
  assert.ok(integration.fl.index >= 0);
  assert.equal(integration.fl.laps, 1000, 'entered at its FORPREP, every body ran there');
  assert.equal(pi.out, '3.1415927369231\n');
});

test("spectral-norm's inner loops run on number registers with A inline, and print lua5.4's result", () => {
  requireLua();
  const file = `${bench}/spectral-norm.lua`;
  const n = 40;
  const { out, main } = run(readFileSync(file, 'latin1'), [String(n)]);
  assert.equal(out, execFileSync(LUA, [file, String(n)], { encoding: 'latin1' }));
  const inner = loopsOf(main).filter(({ fl }) => words(fl).has(ICALL));
  assert.equal(inner.length, 2, "Av's and Atv's loops over j");
  for (const { p, fl } of inner) {
    const ops = words(fl);
    // x[j] holds integers on the first call of Av (u = {1, 1, ...}), floats later: read as numbers
    for (const op of [GETIN, GETUP, ICALL, IRET, IADD, IMUL]) assert.ok(ops.has(op), `runs word ${op}`);
    assert.ok(
      ![...fl.prog.subarray(0, fl.n)].some((w) => (w & 63) === BAIL),
      'nothing left to the dispatch loop',
    );
    assert.equal(fl.callees.length, 1);
    assert.ok(fl.callees[0] === main.protos[0], 'the callee is A');
    // the outer loop's i, an integer, and the sum a, an integer 0 on entry
    assert.deepEqual([...fl.liveInt].map((r) => localName(p, r, fl.start)).sort(), ['a', 'i']);
    assert.equal(fl.refusals, 0);
    assert.equal(fl.entries, 20 * n, 'entered at every i of each of the 20 calls');
    assert.equal(fl.laps, 20 * n * n, 'and every body ran there');
  }
});

test("add64's integer loops run on number registers, the inner one inside the outer, and its sum stays an integer", () => {
  requireLua();
  const file = `${bench}/add64.lua`;
  const { out, main } = run(readFileSync(file, 'latin1'), ['3']);
  assert.equal(out, execFileSync(LUA, [file, '3'], { encoding: 'latin1' }));
  assert.equal(out, '96000000\n', 'an integer: no ".0"');
  const [loop, other] = loopsOf(main);
  assert.ok(loop !== undefined && other === undefined, 'the loop over r, which runs the loop over i');
  const ops = [...loop.fl.prog].map((w) => w & 63);
  // x = 0, the inner loop's three registers; the inner loop; total = total + x
  assert.deepEqual(ops, [IMOVE, IMOVE, IMOVE, IMOVE, NFORPREP, IADD, NFORLOOP, IADD, Op.FORLOOP]);
  assert.equal(loop.fl.entries, 1);
  assert.equal(loop.fl.laps, 3);
});

test('integers stay integers on number registers, and leave them before they leave the safe range', () => {
  requireLua();
  const source = `
    local function leaf(x, y) return x * y - 1 end
    local function sums(r)
      local n, s, z, big = 0, 0, 0, 9007199254740000
      for i = 1, 200 do
        n = n + i * 3
        s = s + leaf(i, r) * 0.5
        z = 1.0 / ((0 * -i) * 0.5)
        big = big + r * 7
      end
      return n, s, z, big
    end
    for r = 1, 3 do print(sums(r)) end
    print(math.type((sums(1))), math.type(select(4, sums(2))))`;
  const { out, main } = run(source);
  assert.equal(out, execFileSync(LUA, ['-e', source], { encoding: 'latin1' }));
  const [loop] = loopsOf(main);
  assert.ok(loop !== undefined);
  assert.ok(words(loop.fl).has(IMUL) && words(loop.fl).has(ICALL));
  // big passes 2^53 - 1 in the middle of each call: the addition bails there and the dispatch loop
  // goes on with integers beyond the safe range (bigint), which the float interpreter refuses
  assert.ok(loop.fl.laps < 4 * 200, `${loop.fl.laps} bodies ran there`);
  assert.ok(loop.fl.laps > 100, `${loop.fl.laps} bodies ran there`);
});

test('a loop is specialised again for new kinds, refuses those it cannot take, and is given up when it bails every time', () => {
  requireLua();
  // grow and keep are one loop in two functions: grow's limit is an integer, then a float, then a
  // string; keep's is a float on every call
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
    local s, failed = 0, 0
    for i = 1, 150 do
      local lim = i <= 40 and i or i <= 70 and i + 0.5 or tostring(i)
      local ok, n = pcall(grow, lim)
      if ok then s = s + n else failed = failed + 1 end
      s = s + store({}) + keep(i + 0.5)
    end
    print(s, failed)`;
  const { out, main } = run(source);
  assert.equal(out, execFileSync(LUA, ['-e', source], { encoding: 'latin1' }));
  const sites: { p: Proto; site: FloatLoopSite }[] = [];
  for (const p of main.protos) p.floatLoops?.forEach((site) => site && sites.push({ p, site }));
  const [grow, store, keep] = sites;
  assert.ok(grow && store && keep);
  // an integer limit, then numbers of either kind; there is no float loop comparing with a string, so
  // the one for numbers stays and refuses the strings (the dispatch loop raises their errors), until
  // it has refused 64 in a row
  assert.equal(grow.site.specialisations, 4, 'the third made none, and there are no more');
  assert.equal(grow.site.loop?.entries, 70);
  assert.equal(grow.site.loop?.laps, 70 * 10);
  assert.equal(grow.site.loop?.refusals, 64);
  assert.ok(grow.site.given);
  assert.equal(grow.p.icode[grow.site.end]! & 63, Op.FORLOOP);
  // store leaves at the element store (a constant key) in every iteration
  assert.equal(store.site.loop?.laps, 0);
  assert.equal(store.site.loop?.entries, 64, 'entered until the trial ended');
  assert.ok(store.site.given);
  assert.equal(store.p.icode[store.site.end]! & 63, Op.FORLOOP);
  // keep's limit is a float on every call: it runs there every time
  assert.equal(keep.site.specialisations, 1);
  assert.equal(keep.site.loop?.entries, 150);
  assert.equal(keep.site.loop?.laps, 150 * 10);
  assert.equal(keep.p.icode[keep.site.end]! & 63, 53);
  assert.equal(keep.p.icode[keep.site.start - 1]! & 63, 54);
});
