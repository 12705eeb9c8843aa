// For loops counted in int32 (src/jit/codegen/forwidth.ts): a trace steps its for loops with `| 0`
// while their counters fit, and a loop whose counters outgrow int32 later is recompiled counting in
// doubles instead of being left to the interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTraced } from './support.ts';

function traces(source: string): { out: string; dumps: string[]; blacklisted: number } {
  const { out, dumps, stats } = runTraced(source, 'counters.lua');
  return {
    out,
    dumps: dumps.filter((d) => d.startsWith('-- trace counters.lua:')),
    blacklisted: stats.blacklisted,
  };
}

const NARROW_STEP = /(r\d+) = \(\1 - 1\) \| 0; (r\d+) = \(\2 \+ r\d+\) \| 0;/;
const WIDE_STEP = /(r\d+) = \1 - 1; (r\d+) = \2 \+ r\d+;/;

test('a for loop with int32 counters is stepped in int32, its counters checked at the entry', () => {
  const { out, dumps } = traces('local x = 0\nfor i = 1, 300000 do x = x + 64 end\nprint(x)\n');
  assert.equal(out, '19200000\n');
  assert.equal(dumps.length, 1);
  assert.match(dumps[0]!, NARROW_STEP);
  // The counters load as int32 (or the entry fails), then their last value is checked.
  assert.equal(
    (dumps[0]!.match(/\(t \| 0\) === t\)\) \{ [^}]*\.wide = true; return -1; \} r\d+ = t \| 0;/g) ?? [])
      .length,
    3,
  );
  assert.match(dumps[0]!, /\| 0\) === u\)\) \{ K\[\d+\]\.wide = true; return -1; \}/);
});

test('a loop whose counters leave int32 is recompiled counting in doubles and stays traced', () => {
  const source = [
    'local function sum(a, b)',
    '  local s = 0',
    '  for i = a, b do s = s + i end',
    '  return s',
    'end',
    'local acc = 0',
    'for _ = 1, 200 do acc = acc + sum(1, 1000) end',
    'for _ = 1, 200 do acc = acc + sum(2147483000, 2147484000) end',
    'print(acc)',
  ].join('\n');
  const { out, dumps, blacklisted } = traces(source);
  // 200 * 500500 + 200 * 1001 * (2147483000 + 2147484000) / 2, exact in integers.
  assert.equal(out, `${200 * 500500 + 200 * 1001 * 2147483500}\n`);
  const loop = dumps.filter((d) => d.startsWith('-- trace counters.lua:3 '));
  assert.ok(loop.length >= 2, `the loop is compiled again (${loop.length} trees)`);
  assert.match(loop[0]!, NARROW_STEP);
  assert.match(loop[loop.length - 1]!, WIDE_STEP);
  assert.doesNotMatch(loop[loop.length - 1]!, /\.wide = true/);
  assert.equal(blacklisted, 0);
});

test('an inner loop started inside the tree checks its counters at its FORPREP', () => {
  const source = [
    'local s = 0',
    'for k = 1, 400 do',
    '  local lo = k < 200 and k or 2147483600 + k',
    '  for i = lo, lo + 60 do s = s + i % 7 end',
    'end',
    'print(s)',
  ].join('\n');
  let want = 0;
  for (let k = 1; k <= 400; k++) {
    const lo = k < 200 ? k : 2147483600 + k;
    for (let i = lo; i <= lo + 60; i++) want += i % 7;
  }
  const { out, dumps, blacklisted } = traces(source);
  assert.equal(out, `${want}\n`);
  const outer = dumps.filter((d) => d.startsWith('-- trace counters.lua:3 '));
  assert.ok(outer.length > 0, 'the outer loop is traced');
  assert.match(outer[0]!, /t = .*; if \(!\(\(t \| 0\) === t && .*\{ K\[\d+\]\.wide = true; return /);
  assert.match(outer[outer.length - 1]!, WIDE_STEP);
  assert.equal(blacklisted, 0);
});
