// Varargs in traces: VARARG in a loop of a vararg function, and calls of vararg functions inlined
// (`printf(fmt, ...)`, `max(...)`), whose extra arguments the trace keeps in registers of their own.
import { argA, argB, Op } from '../../compiler/opcodes.ts';
import { vreg } from '../ir.ts';
import { TT } from '../types.ts';
import type { LuaValue } from '../../vm/value.ts';
import { Abort, type Frame, type OpRecorder, type RecordState, traceableType } from './state.ts';

/** Extra arguments an inlined vararg call may have. */
export const MAX_INLINED_VARARGS = 8;
/** The first of the registers of an inlined vararg call's frame that hold its extra arguments. */
export const VARARG_REGS = 240;

/**
 * VARARG. In the loop's own frame (a loop of a vararg function) it reads the frame's varargs, guarded
 * to be as many as when recorded; in an inlined vararg call, the registers the call put its extra
 * arguments in (VARARG_REGS). B = 0 puts their end in rec.top for the call taking them.
 */
const vararg: OpRecorder = (rec, f, pc, i) => {
  if (rec.tree.kind !== 'loop') throw new Abort('varargs in a function trace');
  const a = argA(i);
  const b = argB(i);
  if (f.va !== undefined) {
    const { ts, vals } = f.va;
    const n = b === 0 ? ts.length : b - 1;
    for (let j = 0; j < n; j++) {
      const src = j < ts.length ? { r: vreg(f.depth, VARARG_REGS + j) } : { k: undefined };
      rec.emit({ k: 'mov', dst: vreg(f.depth, a + j), src, t: ts[j] ?? TT.NIL });
    }
    return place(rec, f, pc, i, ts, vals);
  }
  if (f.depth !== 0) throw new Abort('varargs');
  const va = rec.ci.varargs;
  if (va === null) throw new Abort('varargs');
  const n = b === 0 ? va.length : b - 1;
  // The types of the values wanted: those present, then nils.
  const ts: TT[] = [];
  for (let j = 0; j < Math.min(n, va.length); j++) {
    const t = traceableType(va[j]);
    if (t === TT.OTHER) throw new Abort('untraceable value type');
    ts.push(t);
  }
  const want = Array.from({ length: n }, (_, j) => ts[j] ?? TT.NIL);
  rec.emit({ k: 'vararg', dst: vreg(0, a), ts: want, count: va.length, exit: rec.exit(pc) });
  return place(rec, f, pc, i, ts, va);
};

/** What the interpreter's VARARG leaves: the values (nil past the last) in R[A].., and L.top for B = 0. */
function place(rec: RecordState, f: Frame, pc: number, i: number, ts: TT[], vals: LuaValue[]): number {
  const a = argA(i);
  const b = argB(i);
  const n = b === 0 ? ts.length : b - 1;
  rec.L.ensureStack(f.base + a + n + 1);
  for (let j = 0; j < n; j++) {
    rec.setType(f, a + j, ts[j] ?? TT.NIL);
    rec.stack[f.base + a + j] = vals[j];
  }
  if (b === 0) rec.setTop(f.base + a + n);
  return pc + 1;
}

export const VARARGS: Record<number, OpRecorder> = { [Op.VARARG]: vararg };
