// The tracing JIT's guards and side exits: programs whose types, tables and metatables change under
// a compiled trace must print exactly what lua5.4 prints, and the JIT's statistics must show that the
// mechanism under test (side exits, side traces, aborts, blacklisting) actually ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ABORTS, MAX_RECORD_INSTRUCTIONS, type JitStats } from '../src/jit/index.ts';
import { runSource } from '../src/index.ts';
import { differential, runReference } from './support.ts';

const corpus = join(new URL('.', import.meta.url).pathname, 'corpus');
const scratch = mkdtempSync(join(tmpdir(), 'lsjit-guards-'));

function program(name: string, source: string): string {
  writeFileSync(join(scratch, name), source, 'latin1');
  return name;
}

test("the README's tour: one float in a summed array leaves once, and the loop is recorded again", () => {
  const file = program(
    'tour.lua',
    'local t = {}\nfor i = 1, 1000 do t[i] = i end\nt[500] = 0.5\nlocal s = 0\nfor i = 1, #t do\n  s = s + t[i]\nend\nprint(s)\n',
  );
  const s = differential(scratch, file);
  // the first loop's trace, the sum's, and the sum's again once `s` is a float
  assert.equal(s.on.tracesRecorded, 3);
  assert.equal(s.on.tracesCompiled, 3);
  assert.equal(s.on.tracesAborted, 0);
  assert.equal(s.on.sideExits, 1);
});

test('integer to float mid-loop (and integer overflow wrap-around) leaves through side exits', () => {
  const s = differential(corpus, 'jit_int_to_float.lua');
  assert.ok(s.forced.tracesCompiled >= 1);
  assert.ok(s.forced.sideExits >= 1);
});

test('number to string mid-loop: coercion and the conversion error come from the interpreter', () => {
  const s = differential(corpus, 'jit_number_to_string.lua');
  assert.ok(s.forced.sideExits >= 1 && s.on.sideExits >= 1);
});

test('table to nil mid-loop: indexing nil raises the same error at the same line', () => {
  const s = differential(corpus, 'jit_table_to_nil.lua');
  assert.ok(s.forced.tracesCompiled >= 1);
});

test('metatable added between and during runs of a traced loop', () => {
  const s = differential(corpus, 'jit_metatable_mid_loop.lua');
  assert.ok(s.forced.sideExits >= 1);
});

test('array part grows and shrinks under a trace; # follows', () => {
  const s = differential(corpus, 'jit_array_grow_shrink.lua');
  assert.ok(s.on.tracesCompiled >= 3);
});

test('an element read the recording found in the array part leaves when it is not there; a side trace reads it from the hash', () => {
  // sum's trace reads t[i] from the array part of `a`; `h` keeps the same keys in its hash part
  // (key 1 is missing, so 2..300 never join an array part).
  const file = program(
    'array_then_hash.lua',
    'local function sum(t, from, to)\n  local s = 0\n  for i = from, to do s = s + t[i] end\n  return s\nend\n' +
      'local a, h = {}, {}\nfor i = 1, 300 do a[i] = i end\nfor i = 300, 2, -1 do h[i] = i * 2 end\n' +
      'print(sum(a, 2, 300))\nfor _ = 1, 20 do io.write(sum(h, 2, 300), " ") end\nprint(sum(a, 1, 300))\n',
  );
  const s = differential(scratch, file);
  for (const mode of ['on', 'forced'] as const) {
    assert.ok(s[mode].sideExits >= 1, `${mode}: the hash table's first read left the trace`);
    assert.ok(s[mode].sideExits <= 20, `${mode}: then a side trace took over (${s[mode].sideExits} exits)`);
  }
  differential(corpus, 'jit_array_part_keys.lua');
});

test('loop invariants (global, upvalue, field, callee) changed by a side effect in the loop', () => {
  const s = differential(corpus, 'jit_invariant_side_effect.lua');
  assert.ok(s.forced.tracesCompiled >= 1);
});

test('uncaught runtime error inside a traced loop: same message, line and status', () => {
  const file = program(
    'err.lua',
    'local t = {}\nfor i = 1, 300 do t[i] = i end\nt[250] = {}\nlocal s = 0\nfor i = 1, #t do\n  s = s + t[i]\nend\nprint(s)\n',
  );
  const s = differential(scratch, file);
  assert.ok(s.on.sideExits >= 1);
});

test('a recording that runs away is bounded and abandoned', () => {
  const s = differential(corpus, 'jit_runaway.lua');
  assert.ok(s.forced.tracesAborted >= 1, 'the 40000-iteration inner loop cannot be part of the outer trace');
  assert.ok(s.forced.tracesCompiled >= 1, 'the inner loops themselves are traced');
});

test('a loop that keeps aborting is blacklisted after MAX_ABORTS attempts', () => {
  const file = program(
    'blacklist.lua',
    'local n = 0\nfor i = 1, 20000 do io.write("") n = n + i end\nprint(n)\n',
  );
  const s = differential(scratch, file);
  for (const mode of ['on', 'forced'] as const) {
    assert.equal(s[mode].tracesAborted, MAX_ABORTS, mode);
    assert.equal(s[mode].blacklisted, 1, mode);
    assert.equal(s[mode].tracesCompiled, 0, mode);
  }
  differential(corpus, 'jit_blacklist.lua');
});

test('hot side exits get their own traces', () => {
  const file = program(
    'branches.lua',
    'local a, b = 0, 0\nfor i = 1, 3000 do\n  if i % 2 == 0 then a = a + 1 else b = b + 2 end\nend\nprint(a, b)\n',
  );
  const s = differential(scratch, file);
  for (const mode of ['on', 'forced'] as const) {
    assert.ok(s[mode].tracesRecorded >= 2, `${mode}: a root trace and a side trace`);
    assert.ok(s[mode].sideExits <= 20, `${mode}: the other branch stopped exiting (${s[mode].sideExits})`);
  }
  differential(corpus, 'jit_side_traces.lua');
});

test('nested loops compile into one trace (the inner loop runs inside it)', () => {
  const file = program(
    'nested.lua',
    'local s = 0.0\nfor y = 1, 300 do\n  for x = 1, 20 do s = s + x * 0.5 + y end\nend\nprint(s)\n',
  );
  const s = differential(scratch, file);
  assert.ok(s.on.tracesCompiled >= 1);
  assert.ok(s.on.sideExits <= 2, `the inner loop's end does not leave the trace (${s.on.sideExits})`);
});

test('small Lua functions are inlined with a guard on the callee', () => {
  const file = program(
    'inline.lua',
    'local function sq(x) return x * x end\nlocal s = 0\nfor i = 1, 1000 do\n  s = s + sq(i)\n' +
      '  if i == 500 then sq = function(x) return -x end end\nend\nprint(s)\n',
  );
  const s = differential(scratch, file);
  assert.ok(s.on.tracesCompiled >= 1);
  assert.ok(s.on.sideExits >= 1, 'the replaced callee fails the identity guard');
});

test('inlined callees with stores: exits after a store go on in the rebuilt callee frames', () => {
  const s = differential(corpus, 'jit_inline_stores.lua');
  assert.ok(s.on.tracesCompiled >= 5, 'loops calling storing functions are traced');
  assert.ok(s.on.sideExits >= 1 && s.forced.sideExits >= 1);
});

test('errors inside inlined callees after a store: message, line, level, pcall and status', () => {
  const s = differential(corpus, 'jit_inline_errors.lua');
  assert.equal(s.on.tracesAborted, 0, 'storing callees no longer abort the recording');
  assert.ok(s.on.tracesCompiled >= 3);
});

test('recursive functions run as function traces that call themselves; results and arguments exact', () => {
  const s = differential(corpus, 'jit_recursion.lua');
  assert.ok(s.on.tracesCompiled >= 5, 'recursive functions get function traces');
  assert.ok(s.on.sideExits >= 1, 'recursion deeper than the trace depth limit leaves frames behind');
});

test('errors deep inside traced recursion: frames handed back to the interpreter, as lua5.4', () => {
  const s = differential(corpus, 'jit_recursion_errors.lua');
  assert.ok(s.on.tracesCompiled >= 1 && s.on.sideExits >= 1);
});

test('string methods and library calls trace; argument and result types change mid-loop', () => {
  const s = differential(corpus, 'jit_string_methods.lua');
  assert.ok(s.on.tracesCompiled >= 8, 'loops calling string methods are traced');
  assert.ok(s.on.sideExits >= 1 && s.forced.sideExits >= 1);
});

test('errors in traced string calls: the interpreter re-runs the call and raises them', () => {
  const s = differential(corpus, 'jit_string_errors.lua');
  assert.ok(s.on.tracesCompiled >= 4 && s.on.sideExits >= 4);
});

test('the string metatable or library changed under traced method calls', () => {
  const s = differential(corpus, 'jit_string_meta.lua');
  assert.ok(s.on.tracesCompiled >= 1 && s.on.sideExits >= 1);
});

test('numbers converted in traced concatenation and string.format', () => {
  differential(corpus, 'jit_concat_numbers.lua');
  const s = differential(corpus, 'jit_format_edges.lua');
  assert.ok(s.on.tracesCompiled >= 2);
});

test("a native's result passed straight to another native: exits there restore L.top", () => {
  const s = differential(corpus, 'jit_string_chained_calls.lua');
  assert.ok(s.on.tracesCompiled >= 4 && s.on.sideExits >= 1);
});

test('table shapes changing under traced field accesses: added, cleared, dictionary mode, polymorphic', () => {
  const s = differential(corpus, 'jit_shape_changes.lua');
  // One abort: the loop storing 0/0 NaNs, which traces do not fold (record/arith.ts).
  assert.ok(s.on.tracesCompiled >= 10 && s.on.tracesAborted <= 1 && s.on.sideExits >= 10);
  differential(corpus, 'table_shapes_meta.lua');
});

/** Runs source with the JIT's defaults: what it printed, and the source of every trace compiled. */
function runDumping(source: string, chunkname: string): { out: string; dumps: string[] } {
  const out: string[] = [];
  const dumps: string[] = [];
  runSource(source, { chunkname, write: (x) => out.push(x), dumpTrace: (d) => dumps.push(d) });
  return { out: out.join(''), dumps };
}

test('field accesses guard a shape once: per table and iteration, or at entry for a table kept', () => {
  const source = `local p = { x = 1, y = 2, z = 3 }
local objs = {}
for i = 1, 100 do objs[i] = { a = i, b = 2 * i } end
local s = 0
for i = 1, 100 do
  local o = objs[i]
  s = s + p.x + p.y + p.z + o.a + o.b
  o.a = o.b
end
print(s)`;
  const { out, dumps } = runDumping(source, 'shapes.lua');
  assert.equal(out, '15750\n');
  const trace = dumps.find((d) => d.includes('shapes.lua:6'));
  assert.ok(trace !== undefined, 'the second loop is traced');
  const guards = trace.split('\n').filter((l) => l.includes('.shape !=='));
  assert.equal(guards.length, 2, guards.join('\n'));
  assert.ok(guards[0]!.endsWith('return -1;'), 'the guard on p moves to the entry');
  assert.equal((trace.match(/\.slots\[/g) ?? []).length, 7, 'three reads of p, three of o, one store');
});

test("shape and function guards compare with the factory's constants; other constants stay in K", () => {
  const source = `local function area(r) return r.w * r.h end
local rs = {}
for i = 1, 100 do rs[i] = { w = i, h = 2 } end
local s = 0
for i = 1, 100 do
  local r = rs[i]
  s = s + area(r)
  r.w = r.h
end
print(s)`;
  const { out, dumps } = runDumping(source, 'bound.lua');
  assert.equal(out, '10100\n');
  const trace = dumps.find((d) => d.includes('bound.lua:6'));
  assert.ok(trace !== undefined, 'the second loop is traced');
  const decl = trace.split('\n').find((l) => l.startsWith('const K_'));
  assert.ok(decl !== undefined, 'a line binds constants before the trace function');
  const bound = [...decl.matchAll(/K_(\d+) = K\[(\d+)\]/g)];
  assert.ok(
    bound.every((m) => m[1] === m[2]),
    decl,
  );
  const names = new Set(bound.map((m) => `K_${m[1]}`));
  const shapeGuards = [...trace.matchAll(/\.shape !== (\w+)/g)].map((m) => m[1]!);
  assert.ok(shapeGuards.length > 0 && shapeGuards.every((n) => names.has(n)), shapeGuards.join(' '));
  assert.match(trace, /!== K_\d+\) return/, 'the inlined callee is guarded against a bound constant');
  // The exit helper is a JS function: bound, V8 would inline it at every exit.
  const calls = [...trace.matchAll(/return (K\w*\[?\d+\]?)\(stack, base/g)].map((m) => m[1]!);
  assert.ok(calls.length > 0 && calls.every((c) => c.startsWith('K[')), calls.join(' '));
});

test('float fields are stored without a check, and an integer field given floats joins them', () => {
  // The first body's fields start as integers (as n-body's sun does): its stores of floats move it to
  // the shape of the others before the loop is traced, so one shape guard covers every body.
  const source = `local bodies = { { x = 0, v = 0 } }
for i = 2, 4 do bodies[i] = { x = i * 0.5, v = 0.25 } end
for step = 1, 200 do
  for i = 1, #bodies do
    local b = bodies[i]
    b.v = b.v + 0.5
    b.x = b.x + b.v
  end
end
print(bodies[1].x, bodies[4].x, math.type(bodies[1].v))`;
  const { out, dumps } = runDumping(source, 'floats.lua');
  assert.equal(out, '10050.0\t10102.0\tfloat\n');
  const trace = dumps.find((d) => d.includes('floats.lua:4'));
  assert.ok(trace !== undefined, 'the inner loop is traced');
  // Each store is the bare assignment of the register: no test, no setSlot beside it.
  const stores = trace.split('\n').filter((l) => /\.slots\[\d\] = /.test(l));
  assert.equal(stores.length, 2, trace);
  assert.ok(
    stores.every((l) => /^r\d+\.slots\[\d\] = r\d+f?;$/.test(l)),
    stores.join('\n'),
  );
  const loads = trace.split('\n').filter((l) => l.startsWith('if (!(') && l.includes('LFloat'));
  assert.ok(loads.length > 0 && loads.every((l) => !l.includes('isInteger')), loads.join('\n'));
  assert.equal((trace.match(/\.shape !==/g) ?? []).length, 1, 'one shape for every body');
});

// The row loop (line 7) first goes through the pixel loop inline. The escape-time loop inside it
// leaves its recorded body in every pixel, so each pixel was peeled again, up to the runaway bound
// (0.1 s of recording); now the recording gives up after two and the retry calls the inner loops' trees.
for (const size of ['300', '60']) {
  test(`a root recording whose nested loop never settles is retried calling inner trees (${size} pixels)`, () => {
    const bench = join(corpus, '..', '..', 'bench');
    const source = readFileSync(join(bench, 'mandelbrot.lua'), 'latin1');
    const dumps: string[] = [];
    const out: string[] = [];
    const r = runSource(source, {
      chunkname: 'mandelbrot.lua',
      args: [size],
      write: (x) => out.push(x),
      hotLoopThreshold: 5,
      dumpTrace: (d) => dumps.push(d),
    });
    assert.equal(r.status, 0);
    assert.equal(out.join(''), runReference(bench, 'mandelbrot.lua', [size]).stdout);
    const rowLoop = dumps.filter((d) => d.startsWith('-- trace mandelbrot.lua:7 '));
    const aborted = rowLoop.filter((d) => / aborted at pc \d+: /.test(d.split('\n')[0]!));
    assert.equal(aborted.length, 1, aborted.map((d) => d.split('\n')[0]).join('; '));
    assert.ok(
      aborted[0]!.split('\n')[0]!.endsWith(': nested loop never settles'),
      aborted[0]!.split('\n')[0],
    );
    assert.ok(
      rowLoop.some((d) => !/ aborted /.test(d.split('\n')[0]!)),
      'the second recording compiles',
    );
    assert.equal(r.stats.blacklisted, 0);
    // Before, the aborted recording alone went through 12,000 instructions.
    assert.ok(r.stats.instructionsRecorded < 3000, `${r.stats.instructionsRecorded} instructions recorded`);
  });
}

test('a nested loop that will run long and has no test to end it early is called as a tree at once', () => {
  const source = `local s = 0
for i = 1, 40 do
  for j = 1, 400 do s = s + j * i end
end
print(s)
`;
  const name = program('long_inner.lua', source);
  differential(scratch, name);
  const dumps: string[] = [];
  const r = runSource(source, {
    chunkname: name,
    write: () => {},
    hotLoopThreshold: 3,
    dumpTrace: (d) => dumps.push(d),
  });
  const heads = dumps.map((d) => d.split('\n')[0]!);
  // A trace is named by its loop's first body line and pc: the outer loop is "3 (pc 5)".
  const outer = `-- trace ${name}:3 (pc 5)`;
  assert.ok(heads.includes(`${outer} aborted at pc 11: long nested loop`), heads.join('; '));
  assert.ok(heads.includes(outer), 'the retry compiles');
  // Verifying a hundred iterations first took some 400 instructions of recording.
  assert.ok(r.stats.instructionsRecorded < 150, `${r.stats.instructionsRecorded} instructions recorded`);
});

test('a long nested loop with a test that may end it early is still recorded inline', () => {
  const source = `local t = {}
for j = 1, 1000 do t[j] = j % 97 end
local found = 0
for i = 1, 300 do
  for j = 1, 1000 do
    if t[j] == i % 7 + 3 then found = found + j break end
  end
end
print(found)
`;
  const name = program('search_inner.lua', source);
  differential(scratch, name);
  const dumps: string[] = [];
  runSource(source, { chunkname: name, write: () => {}, dumpTrace: (d) => dumps.push(d) });
  assert.ok(!dumps.some((d) => d.split('\n')[0]!.includes('long nested loop')), 'no long nested loop abort');
  // The outer loop is "5 (pc 13)", its first body line and pc.
  const outer = dumps.find((d) => d.split('\n')[0] === `-- trace ${name}:5 (pc 13)`);
  assert.ok(outer !== undefined, dumps.map((d) => d.split('\n')[0]).join('; '));
  assert.match(outer, /inner\d+: for \(;;\)/, 'the search loop is a nested JS loop of the tree');
});

test('a recording that runs past the bound of instructions is abandoned and the loop interpreted', () => {
  // One iteration longer than MAX_RECORD_INSTRUCTIONS, with no nested loop to call instead.
  const body = Array.from(
    { length: MAX_RECORD_INSTRUCTIONS / 2 + 10 },
    (_, j) => `x = x + ${j % 7}; y = y ~ x`,
  );
  const name = program(
    'too_long.lua',
    `local x, y = 0, 0\nfor i = 1, 40 do\n${body.join('\n')}\nend\nprint(x, y)\n`,
  );
  const s = differential(scratch, name);
  const dumps: string[] = [];
  runSource(readFileSync(join(scratch, name), 'latin1'), {
    chunkname: name,
    write: () => {},
    hotLoopThreshold: 1,
    dumpTrace: (d) => dumps.push(d),
  });
  assert.ok(
    dumps.some((d) => d.split('\n')[0]!.endsWith(': trace too long')),
    dumps.join('').slice(0, 300),
  );
  assert.equal(s.forced.tracesCompiled, 0);
  assert.ok(s.forced.tracesAborted >= 1);
});

// A numeric for loop inside a called function, with bounds that are constants of the trace: unrolled
// into the caller's trace rather than run as a tree of its own (record/callee-loops.ts).
for (const [bound, what] of [
  ['1', 'a literal'],
  ['n', 'a local'],
] as const) {
  test(`a callee loop of one trip per call (bound ${what}) is unrolled into its caller, which no longer aborts`, () => {
    const name = program(
      `one_trip_${what === 'a literal' ? 'k' : 'v'}.lua`,
      `local function scale(t, n, k)
  for i = 1, n do t[i] = t[i] * k end
  return t[1]
end
local t, s = { 1.5 }, 0
local n = #t
for j = 1, 5000 do s = s + scale(t, ${bound}, 1.0001) end
print(string.format("%.6f", s))
`,
    );
    const s = differential(scratch, name);
    // Its loop never takes its back-edge, so it never has a tree: the caller's recordings used to
    // abort until the caller was blacklisted.
    assert.equal(s.on.tracesAborted, 0);
    assert.equal(s.on.blacklisted, 0);
    assert.ok(s.on.tracesCompiled >= 1);
  });
}

test('a short branch-free callee loop is unrolled even when it has a tree of its own', () => {
  const source = `local function dot3(a, b)
  local s = 0.0
  for i = 1, 3 do s = s + a[i] * b[i] end
  return s
end
local a, b, d = { 1.5, 2, 3 }, { 4, 0.5, -1 }, 0.0
for k = 1, 20000 do d = d + dot3(a, b) end
print(d)
`;
  const name = program('dot3.lua', source);
  differential(scratch, name);
  const dumps: string[] = [];
  runSource(source, { chunkname: name, write: () => {}, dumpTrace: (d) => dumps.push(d) });
  const caller = dumps.filter((d) => d.startsWith(`-- trace ${name}:7 `));
  assert.ok(caller.length > 0, 'the caller loop is traced');
  const last = caller[caller.length - 1]!;
  assert.ok(!last.includes('.run(L, stack, base)'), 'no call of the callee loop tree');
  // Three trips: two back-edges go on (count > 0 guarded), the last one leaves.
  assert.equal((last.match(/if \(!\(\w+ > 0\)\) return/g) ?? []).length, 2, last);
});

test('a short callee loop holding a loop of its own is left to its tree, not unrolled', () => {
  // Unrolled, the outer loop would need a tree for the inner one, which runs once or not at all per
  // trip and never gets one: the caller's recordings aborted until it was blacklisted.
  const name = program(
    'pairs_of_two.lua',
    `local function pairsum(t, n)
  local s = 0
  for i = 1, n do
    for j = i + 1, n do s = s + t[i] * t[j] end
  end
  return s
end
local t, acc = { 3, 4 }, 0
for k = 1, 5000 do acc = acc + pairsum(t, 2) end
print(acc)
`,
  );
  const s = differential(scratch, name);
  assert.equal(s.on.blacklisted, 0);
  assert.ok(s.on.tracesCompiled >= 2, 'the caller and the callee loop are traced');
});

// jit_loop_last_trip.lua's `count` (a while loop at line 7, its body from line 8) goes over 8 fields,
// 7 back-edges per call: the threshold (56) and each doubled wait after an abort fell on a call's last
// back-edge, so every recording took the exit trip ("leaves the loop") and the loop was blacklisted
// after four; the caller's loop (line 18) aborted meanwhile for want of the callee loop's tree.
function lastTripDumps(): string[] {
  const source = readFileSync(join(corpus, 'jit_loop_last_trip.lua'), 'latin1');
  const dumps: string[] = [];
  runSource(source, { chunkname: 'last_trip.lua', write: () => {}, dumpTrace: (d) => dumps.push(d) });
  return dumps;
}

test('a loop whose recording met its last trip is retried within a few back-edges, not blacklisted', () => {
  const heads = lastTripDumps()
    .map((d) => d.split('\n')[0]!)
    .filter((h) => h.startsWith('-- trace last_trip.lua:8 '));
  assert.ok(
    heads.some((h) => !h.includes(' aborted ')),
    `the while loop compiles: ${heads.join('; ')}`,
  );
  assert.ok(heads.filter((h) => h.endsWith(': leaves the loop')).length <= 2, heads.join('; '));
});

test('a break out of a loop in an inlined call (a jump that closes its locals) is recorded', () => {
  const caller = lastTripDumps().filter((d) => d.startsWith('-- trace last_trip.lua:18 '));
  assert.ok(caller.length > 0, 'the caller loop is traced');
  const heads = caller.map((d) => d.split('\n')[0]!);
  assert.ok(!heads.some((h) => h.includes(' aborted ')), heads.join('; '));
  assert.ok(caller[caller.length - 1]!.includes('.run(L, stack, base)'), 'the callee loop tree is called');
});

test('a loop inside another loop of its function is left to the outer tree after meeting its last trip', () => {
  // fannkuch-redux's flip loop (line 14) and permute loop (line 34) usually leave within a few trips.
  // Given trees of their own by early retries, the outer loop's tree called them instead of holding
  // them inline with their exits as side paths (20% slower).
  const bench = join(corpus, '..', '..', 'bench');
  const source = readFileSync(join(bench, 'fannkuch-redux.lua'), 'latin1');
  const dumps: string[] = [];
  const out: string[] = [];
  const r = runSource(source, {
    chunkname: 'fannkuch-redux.lua',
    args: ['8'],
    write: (x) => out.push(x),
    dumpTrace: (d) => dumps.push(d),
  });
  assert.equal(out.join(''), runReference(bench, 'fannkuch-redux.lua', ['8']).stdout);
  const heads = dumps.map((d) => d.split('\n')[0]!).filter((h) => h.startsWith('-- trace '));
  const inner = heads.filter((h) => / fannkuch-redux\.lua:(14|34) /.test(h));
  assert.ok(inner.length > 0 && inner.every((h) => h.endsWith(': leaves the loop')), inner.join('; '));
  assert.ok(heads.some((h) => h.startsWith('-- trace fannkuch-redux.lua:9 ') && !h.includes(' aborted ')));
  assert.equal(r.stats.blacklisted, 0);
});

const cliffs = join(corpus, '..', '..', 'bench', 'cliffs');

/** Runs a program of bench/cliffs/ against lua5.4 in every mode, then once more for its trace dumps. */
function cliff(file: string): { dumps: string[]; stats: JitStats } {
  differential(cliffs, file);
  const source = readFileSync(join(cliffs, file), 'latin1');
  const dumps: string[] = [];
  const r = runSource(source, { chunkname: file, write: () => {}, dumpTrace: (d) => dumps.push(d) });
  return { dumps, stats: r.stats };
}

test('a callback made afresh at every call is guarded on its prototype, its upvalues read through it', () => {
  // Guarded on the closure itself, each new closure left the trace at the call: one exit per item.
  const { dumps, stats } = cliff('map-fresh-closures.lua');
  const map = dumps.filter((d) => d.startsWith('-- trace map-fresh-closures.lua:5 '));
  assert.ok(map.length > 0, 'the loop of map is traced');
  assert.match(map[map.length - 1]!, /\.proto !== K\[\d+\]/);
  assert.match(map[map.length - 1]!, /\.upvals\[0\]/);
  // 40,000 closures of 50 items each: 2,000,000 exits before (one per item), a handful now.
  assert.ok(stats.sideExits < 100, `${stats.sideExits} side exits`);
});

test('methods found through __index tables and fields set on objects are traced, not aborted', () => {
  // Before, a read that went on to __index aborted the recording ("__index"), and so did any store
  // into a table with a metatable: object-oriented loops ran in the interpreter.
  const { dumps, stats } = cliff('account-methods.lua');
  const inner = dumps.filter((d) => d.startsWith('-- trace account-methods.lua:17 '));
  assert.ok(inner.length > 0, 'the loop over the accounts is traced');
  assert.ok(
    !inner.some((d) => d.split('\n')[0]!.includes(' aborted ')),
    inner.map((d) => d.split('\n')[0]).join('; '),
  );
  // Savings' methods are two tables up: its metatable, then Account through Savings' own metatable.
  assert.ok(inner.some((d) => (d.match(/\.metatable !== K\[\d+\]/g) ?? []).length >= 2));
  assert.equal(stats.blacklisted, 0);
});

test('constructors ending in a tail call (to setmetatable, to another constructor) are inlined', () => {
  // Before, setmetatable aborted as an impure native and a tail call in an inlined function aborted
  // its caller's recording: the loop was blacklisted and interpreted.
  const source = `local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
function V.add(a, b) return vec(a.x + b.x, a.y + b.y) end
local acc = vec(0, 0)
for i = 1, 5000 do acc = acc:add(vec(i, 1)) end
print(acc.x, acc.y, getmetatable(acc) == V)
`;
  const name = program('vectors.lua', source);
  differential(scratch, name);
  const dumps: string[] = [];
  const r = runSource(source, { chunkname: name, write: () => {}, dumpTrace: (d) => dumps.push(d) });
  const loop = dumps.filter((d) => d.startsWith(`-- trace ${name}:6 `));
  assert.ok(loop.length > 0, 'the loop is traced');
  assert.ok(
    !loop.some((d) => d.split('\n')[0]!.includes(' aborted ')),
    loop.map((d) => d.split('\n')[0]).join('; '),
  );
  assert.match(loop[loop.length - 1]!, /\.metatable = r\d+\w*;/);
  assert.equal(r.stats.blacklisted, 0);
  assert.equal(r.stats.tracesAborted, 0);
});

test('a closure made in a traced loop over locals that keep their value gets closed cells', () => {
  // Before, CLOSURE was untraceable: the loop making a callback per call was blacklisted.
  const { dumps, stats } = cliff('map-fresh-closures.lua');
  const outer = dumps.filter((d) => d.startsWith('-- trace map-fresh-closures.lua:12 '));
  assert.ok(outer.length > 0, 'the loop making the closures is traced');
  assert.ok(
    !outer.some((d) => d.split('\n')[0]!.includes(' aborted ')),
    outer.map((d) => d.split('\n')[0]).join('; '),
  );
  assert.match(outer[outer.length - 1]!, /new LuaClosure\(K\[\d+\], \[H\.closedUpval\(r\d+\w*\)\]\)/);
  assert.equal(stats.blacklisted, 0);
});

test('calls of vararg functions are inlined, and a loop over its own varargs is traced', () => {
  // Before, a vararg callee aborted its caller's recording and VARARG was untraceable.
  const source = `local function fmt(...) return string.format(...) end
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  return s
end
local parts = {}
for i = 1, 3000 do parts[#parts + 1] = fmt("%d-%d", i, i * 2) end
local n = 0
for i = 1, 3000 do n = n + sum(i, 1, 2, 3, 4, 5) end
print(#table.concat(parts), n)
`;
  const name = program('varargs.lua', source);
  differential(scratch, name);
  const dumps: string[] = [];
  runSource(source, { chunkname: name, write: () => {}, dumpTrace: (d) => dumps.push(d) });
  const heads = dumps.map((d) => d.split('\n')[0]!).filter((h) => h.startsWith('-- trace '));
  const compiled = (line: number): boolean =>
    heads.some((h) => h.startsWith(`-- trace ${name}:${line} `) && !h.includes(' aborted '));
  assert.ok(compiled(8), `the loop calling fmt(...): ${heads.join('; ')}`);
  assert.ok(
    !heads.some((h) => h.startsWith(`-- trace ${name}:8 `) && h.includes(' aborted ')),
    heads.join('; '),
  );
  assert.ok(compiled(4), `the loop over sum's varargs: ${heads.join('; ')}`);
});
