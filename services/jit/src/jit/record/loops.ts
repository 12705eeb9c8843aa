// The opcodes of loops: numeric and generic for, and backward jumps. A back-edge to the traced loop's
// header completes the path; one to a loop nested in it goes through nested.ts.
import { argA, argC, argSBx, Op } from '../../compiler/opcodes.ts';
import { LuaTable } from '../../vm/table.ts';
import { newExit, PEELED, TO_ROOT, vreg, type Node } from '../ir.ts';
import { TT } from '../types.ts';
import { forloopStep, forloopTypes, forprepEnter, forprepSkips } from './forprep.ts';
import { recordNext } from './next.ts';
import { innerBackEdge, planInner, rootBackEdge, type BackEdge } from './nested.ts';
import { Abort, type OpRecorder, traceableType } from './state.ts';

const tforcall: OpRecorder = (rec, f, pc, i) => {
  if (f.depth !== 0) throw new Abort('generic for in an inlined call');
  const a = argA(i);
  const c = argC(i);
  const s = rec.stack;
  const ra = f.base + a;
  const fn = s[ra];
  const t = s[ra + 1];
  if (fn === rec.L.nextFn && t instanceof LuaTable) return recordNext(rec, f, pc, i);
  if (fn !== rec.L.ipairsIter || !(t instanceof LuaTable) || t.metatable !== null)
    throw new Abort('generic for iterator');
  if (rec.rtype(f, a) !== TT.FUN || rec.rtype(f, a + 1) !== TT.TAB || rec.rtype(f, a + 2) !== TT.INT) {
    throw new Abort('generic for state');
  }
  const n = (s[ra + 2] as number) + 1;
  const v = n <= t.arr.length ? t.arr[n - 1] : t.getInt(n);
  if (v === undefined) throw new Abort('iteration ends while recording');
  const tv = traceableType(v);
  rec.emit({ k: 'fnguard', src: a, fn, exit: rec.exit(pc) });
  rec.emit({ k: 'ipairs', a, t: tv, two: c > 1, exit: rec.exit(pc) });
  rec.setType(f, a + 3, TT.INT);
  s[ra + 3] = n;
  if (c > 1) {
    rec.setType(f, a + 4, tv);
    s[ra + 4] = v;
  }
  return pc + 1;
};

/**
 * The back-edge of a loop an inlined call unrolls (callee-loops.ts): straight on into the next trip,
 * or past the loop, with a guard that the count is as recorded.
 */
const unrolledTrip: OpRecorder = (rec, f, pc, i) => {
  const s = rec.stack;
  const a = argA(i);
  const ra = f.base + a;
  const target = pc + 1 + argSBx(i);
  const cnt = s[ra + 1] as number;
  rec.emit({
    k: 'forloop',
    a: vreg(f.depth, a),
    target: PEELED,
    want: cnt > 0,
    breaks: false,
    exit: rec.exit(pc),
    end: rec.exit(pc + 1),
  });
  forloopTypes(rec, f, a);
  if (cnt <= 0) {
    f.unrolled!.delete(target);
    return pc + 1;
  }
  forloopStep(s, ra, (s[ra] as number) + (s[ra + 2] as number));
  return target;
};

export const LOOPS: Record<number, OpRecorder> = {
  [Op.TFORCALL]: tforcall,
  [Op.JMPBACK]: (rec, f, pc, i) => {
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const target = pc + 1 + argSBx(i);
    if (d !== 0) throw new Abort('loop in an inlined call');
    if (
      a !== 0 &&
      rec.L.openUpvals.length > 0 &&
      rec.L.openUpvals[rec.L.openUpvals.length - 1]!.idx >= base + a - 1
    ) {
      throw new Abort('open upvalues');
    }
    const n: BackEdge = { k: 'loop', target: TO_ROOT };
    rec.emit(n);
    if (target === rec.tree.header) return rootBackEdge(rec);
    return innerBackEdge(rec, n, planInner(rec, target), true, pc + 1);
  },

  [Op.FORLOOP]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const target = pc + 1 + argSBx(i);
    if (d !== 0 && f.unrolled?.has(target) === true) return unrolledTrip(rec, f, pc, i);
    if (d !== 0) throw new Abort('loop in an inlined call');
    for (let j = 0; j < 3; j++) if (rec.rtype(f, a + j) !== TT.INT) throw new Abort('non-integer for loop');
    const ra = base + a;
    const cnt = s[ra + 1] as number;
    const nx = (s[ra] as number) + (s[ra + 2] as number);
    if (cnt > 0 && (nx > Number.MAX_SAFE_INTEGER || nx < -Number.MAX_SAFE_INTEGER))
      throw new Abort('for index overflow');
    const root = target === rec.tree.header;
    const endExit = newExit(root ? 'loopEnd' : 'guard', pc + 1, rec.snapshot());
    const n: Extract<Node, { k: 'forloop' }> = {
      k: 'forloop',
      a,
      target: TO_ROOT,
      want: cnt > 0,
      breaks: !root,
      exit: rec.exit(pc),
      end: endExit,
    };
    rec.emit(n);
    forloopTypes(rec, f, a);
    // Everything that may abort is decided before the back-edge changes any state.
    if (root) rootBackEdge(rec);
    const plan = root ? null : planInner(rec, target, cnt);
    if (cnt > 0) forloopStep(s, ra, nx);
    if (plan === null) return cnt > 0 ? -1 : -2 - (pc + 1);
    return innerBackEdge(rec, n, plan, cnt > 0, pc + 1);
  },

  [Op.TFORLOOP]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const target = pc + 1 + argSBx(i);
    if (d !== 0) throw new Abort('loop in an inlined call');
    const t = rec.rtype(f, a + 1);
    if (t === TT.NIL) throw new Abort('iteration ends while recording');
    const n: BackEdge = { k: 'tforloop', a, target: TO_ROOT };
    rec.emit(n);
    const root = target === rec.tree.header;
    rec.setType(f, a, t);
    if (root) rootBackEdge(rec);
    const plan = root ? null : planInner(rec, target);
    s[base + a] = s[base + a + 1];
    if (plan === null) return -1;
    return innerBackEdge(rec, n, plan, true, pc + 1);
  },

  [Op.FORPREP]: (rec, f, pc, i) => {
    if (f.depth !== 0) throw new Abort('loop in an inlined call');
    const skip = forprepSkips(rec, f, i);
    rec.emit({ k: 'forprep', a: argA(i), skip, exit: rec.exit(pc) });
    if (skip) return pc + 1 + argSBx(i) + 1;
    forprepEnter(rec, f, i);
    return pc + 1;
  },
};
