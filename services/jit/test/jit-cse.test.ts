// Common subexpressions of a recorded path (jit/cse.ts): which repeated nodes become moves and which
// must not, on hand-made paths, and the counting idiom's trace building its key once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eliminateCommon } from '../src/jit/cse.ts';
import { newExit, type Exit, type Node } from '../src/jit/ir.ts';
import { TT } from '../src/jit/types.ts';
import { runSource } from '../src/index.ts';
import { differential } from './support.ts';

const corpus = new URL('corpus', import.meta.url).pathname;

const exit = (): Exit => newExit('guard', 0, new Map());
const k = (v: string | number) => ({ k: v });
const r = (n: number) => ({ r: n });
const mod = (dst: number, a: number, ta = TT.INT): Node => ({
  k: 'arith',
  op: 'mod',
  dst,
  a: r(a),
  b: k(5000),
  ta,
  tb: TT.INT,
  tr: ta,
  exit: exit(),
});
const concat = (dst: number, parts: number[]): Node => ({ k: 'concat', dst, parts, ts: [TT.STR, TT.INT] });
const movK = (dst: number, v: string | number): Node => ({
  k: 'mov',
  dst,
  src: k(v),
  t: typeof v === 'string' ? TT.STR : TT.INT,
});

test('the key built twice from equal values is built once: the second mod and concat become moves', () => {
  const nodes = [movK(1, 'k'), mod(2, 0), concat(3, [1, 2]), movK(4, 'k'), mod(5, 0), concat(6, [4, 5])];
  assert.equal(eliminateCommon(nodes), 2);
  assert.deepEqual(nodes[4], { k: 'mov', dst: 5, src: { r: 2 }, t: TT.INT });
  assert.deepEqual(nodes[5], { k: 'mov', dst: 6, src: { r: 3 }, t: TT.STR });
});

test('an operand written between the two computations keeps the second one', () => {
  const nodes = [mod(2, 0), movK(0, 7), mod(5, 0)];
  assert.equal(eliminateCommon(nodes), 0);
  assert.equal(nodes[2]!.k, 'arith');
});

test('a holder overwritten first: a copy of it still serves', () => {
  const nodes: Node[] = [mod(2, 0), { k: 'mov', dst: 3, src: r(2), t: TT.INT }, movK(2, 0), mod(4, 0)];
  assert.equal(eliminateCommon(nodes), 1);
  assert.deepEqual(nodes[3], { k: 'mov', dst: 4, src: { r: 3 }, t: TT.INT });
  const alone = [mod(2, 0), movK(2, 0), mod(4, 0)];
  assert.equal(eliminateCommon(alone), 0);
});

test('other operand types, and a node writing registers the pass does not follow, keep the second one', () => {
  assert.equal(eliminateCommon([mod(2, 0, TT.INT), mod(3, 0, TT.FLT)]), 0);
  const call: Node = {
    k: 'calltree',
    header: 0,
    loop: 0,
    spill: exit(),
    resume: 0,
    reload: [],
  } as unknown as Node;
  assert.equal(eliminateCommon([mod(2, 0), call, mod(3, 0)]), 0);
});

test("the counting idiom's trace concatenates its key once per iteration", () => {
  const source =
    'local h = {}\nfor i = 1, 3000 do h["k" .. (i % 50)] = (h["k" .. (i % 50)] or 0) + i end\nprint(h.k7)\n';
  const dump: string[] = [];
  const out: string[] = [];
  const res = runSource(source, {
    chunkname: 'count.lua',
    write: (s) => out.push(s),
    dumpTrace: (s) => dump.push(s),
  });
  assert.equal(res.status, 0);
  assert.equal(out.join(''), '88920\n');
  const trace = dump.find((s) => s.startsWith('-- trace count.lua:2'));
  assert.ok(trace !== undefined, 'the loop was traced');
  assert.equal(trace.split('flat(').length - 1, 1, trace);
});

test('repeated expressions under changing types, overflow and errors match lua5.4', () => {
  const s = differential(corpus, 'jit_common_subexpressions.lua');
  assert.ok(s.forced.tracesCompiled >= 5, JSON.stringify(s.forced));
});
