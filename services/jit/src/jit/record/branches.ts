// Comparisons, tests and forward jumps: each becomes a guard that the branch goes the recorded way.
import { argA, argB, argC, argSBx, Op, opOf } from '../../compiler/opcodes.ts';
import type { LuaTable } from '../../vm/table.ts';
import { LFloat, type LuaValue } from '../../vm/value.ts';
import { vreg } from '../ir.ts';
import { isNum, TT } from '../types.ts';
import { recordCompareMeta } from './metamethods.ts';
import { Abort, truthy, type OpRecorder } from './state.ts';

const num = (v: LuaValue): number => (v instanceof LFloat ? v.n : (v as number));

const compare: OpRecorder = (rec, f, pc, i) => {
  const op = opOf(i);
  const [oa, ta, x] = rec.rk(f, argB(i));
  const [ob, tb, y] = rec.rk(f, argC(i));
  let r: boolean;
  if (isNum(ta) && isNum(tb)) {
    const p = num(x);
    const q = num(y);
    r = op === Op.EQ ? p === q : op === Op.LT ? p < q : p <= q;
  } else if (ta === TT.STR && tb === TT.STR) {
    const p = x as string;
    const q = y as string;
    r = op === Op.EQ ? p === q : op === Op.LT ? p < q : p <= q;
  } else if (op !== Op.EQ) {
    const event = op === Op.LT ? '__lt' : '__le';
    return recordCompareMeta(
      rec,
      f,
      pc,
      event,
      { opnd: oa, t: ta, v: x },
      { opnd: ob, t: tb, v: y },
      argA(i) !== 0,
    );
  } else if (ta === TT.TAB && tb === TT.TAB) {
    r = x === y;
    if (!r && ((x as LuaTable).metatable !== null || (y as LuaTable).metatable !== null)) {
      // Different tables: __eq decides, when either has one.
      rec.emit({ k: 'cmp', op: 'eq', a: oa, b: ob, ta, tb, want: false, raw: true, exit: rec.exit(pc) });
      const X = { opnd: oa, t: ta, v: x };
      const next = recordCompareMeta(rec, f, pc, '__eq', X, { opnd: ob, t: tb, v: y }, argA(i) !== 0);
      if (next >= 0) return next;
      return argA(i) !== 0 ? pc + 2 : pc + 1;
    }
  } else {
    r = x === y;
  }
  const cop = op === Op.EQ ? 'eq' : op === Op.LT ? 'lt' : 'le';
  // Two constants (a hinted value, RecordState.known) compare the same way every time: no guard.
  if (!('k' in oa && 'k' in ob))
    rec.emit({ k: 'cmp', op: cop, a: oa, b: ob, ta, tb, want: r, exit: rec.exit(pc) });
  return r !== (argA(i) !== 0) ? pc + 2 : pc + 1;
};

export const BRANCHES: Record<number, OpRecorder> = {
  [Op.EQ]: compare,
  [Op.LT]: compare,
  [Op.LE]: compare,
  [Op.JMP]: (rec, f, pc, i) => {
    const base = f.base;
    const a = argA(i);
    // Closing upvalues is a no-op here: no closure is created inside a trace, none can be open on
    // the loop's own body locals when the trace is entered (the back-edge closed them), and an
    // inlined callee's frame is made by the trace (a `break` out of its loop closes its locals).
    if (
      a !== 0 &&
      rec.L.openUpvals.length > 0 &&
      rec.L.openUpvals[rec.L.openUpvals.length - 1]!.idx >= base + a - 1
    ) {
      throw new Abort('open upvalues');
    }
    return pc + 1 + argSBx(i);
  },

  [Op.TEST]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const ta = rec.rtype(f, a);
    const tv = truthy(s[base + a]);
    if (!rec.known.has(vreg(d, a))) rec.emit({ k: 'test', a: vreg(d, a), ta, want: tv, exit: rec.exit(pc) });
    return tv !== (argC(i) !== 0) ? pc + 2 : pc + 1;
  },

  [Op.TESTSET]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const b = argB(i);
    const tb = rec.rtype(f, b);
    const tv = truthy(s[base + b]);
    if (!rec.known.has(vreg(d, b)))
      rec.emit({ k: 'test', a: vreg(d, b), ta: tb, want: tv, exit: rec.exit(pc) });
    if (tv === (argC(i) !== 0)) {
      rec.emit({ k: 'mov', dst: vreg(d, a), src: rec.reg(f, b), t: tb });
      rec.setType(f, a, tb);
      rec.copyKnown(vreg(d, b), vreg(d, a));
      s[base + a] = s[base + b];
      return pc + 1;
    }
    return pc + 2;
  },
};
