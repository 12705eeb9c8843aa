// Loops calling the math library beyond sqrt/sin/cos/tan/exp/floor/ceil/abs (src/jit/natives.ts): each
// was aborted ("call to math.log") and its loop blacklisted; now traced, with what lua5.4 prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSource } from '../src/index.ts';
import { runTraced } from './support.ts';

/** Output, trace dumps and stats of one JIT run of source. */
function traced(source: string): { out: string; dumps: string[]; aborted: number; compiled: number } {
  const { out, dumps, stats } = runTraced(source, 'math.lua');
  return { out, dumps, aborted: stats.tracesAborted, compiled: stats.tracesCompiled };
}

const calls = [
  'math.log(i)',
  'math.log(i, 2)',
  'math.atan(i)',
  'math.atan(i, 3)',
  'math.asin(1 / i)',
  'math.acos(1 / i)',
  'math.deg(i)',
  'math.rad(i)',
  'math.pow(i, 0.5)',
  'math.log10(i)',
  'math.tanh(1 / i)',
  'math.ldexp(1 / i, 2)',
  '(math.ult(i, 50) and 1 or 0)',
  '(math.modf(i / 3))',
  '(math.frexp(i))',
];

for (const call of calls) {
  test(`a loop summing ${call} is traced and sums what the interpreter sums`, () => {
    const source = `local s = 0.0\nfor i = 1, 200 do s = s + ${call} end\nprint(string.format("%.17g", s))\n`;
    const jit = traced(source);
    assert.equal(jit.aborted, 0, jit.dumps.filter((d) => d.includes(' aborted ')).join('\n'));
    assert.ok(jit.compiled >= 1, 'the loop has a trace');
    let interp = '';
    runSource(source, { chunkname: 'math.lua', jit: false, write: (s) => (interp += s) });
    assert.equal(jit.out, interp);
  });
}

test('math.log with one argument is inline JavaScript in the trace, with a base a call of the library', () => {
  const one = traced('local s = 0.0\nfor i = 1, 200 do s = s + math.log(i) end\nprint(s)\n');
  assert.match(one.dumps.join('\n'), /Math\.log\(/);
  const two = traced('local s = 0.0\nfor i = 1, 200 do s = s + math.log(i, 3) end\nprint(s)\n');
  assert.doesNotMatch(two.dumps.join('\n'), /Math\.log\(/);
  assert.match(two.dumps.join('\n'), /callPure\(/);
});

test('math.random is not traced: an exit would call it again and move a seeded sequence on', () => {
  const r = traced(
    'math.randomseed(7)\nlocal s = 0\nfor i = 1, 200 do s = s + math.random(1, 6) end\nprint(s)\n',
  );
  assert.ok(r.aborted > 0);
});
