// Varargs in traces: VARARG in a loop of a vararg function, and calls of vararg functions inlined
// (`printf(fmt, ...)`, `max(...)`), whose extra arguments the trace keeps in registers of their own.
import { argA, argB, Op } from '../../compiler/opcodes.ts';
import { vreg } from '../ir.ts';
import { TT } from '../types.ts';
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
  if (f.va !== undefined) return inlinedVararg(rec, f, pc, i);
  if (f.depth !== 0) throw new Abort('varargs');
  const va = rec.ci.varargs;
  if (va === null) throw new Abort('varargs');
  const a = argA(i);
  const b = argB(i);
  const n = b === 0 ? va.length : b - 1;
  const s = rec.stack;
  const ts: TT[] = [];
  for (let j = 0; j < n; j++) {
    const t = j < va.length ? traceableType(va[j]) : TT.NIL;
    if (t === TT.OTHER) throw new Abort('untraceable value type');
    ts.push(t);
  }
  rec.emit({ k: 'vararg', dst: vreg(0, a), ts, count: va.length, exit: rec.exit(pc) });
  rec.L.ensureStack(f.base + a + n + 1);
  for (let j = 0; j < n; j++) {
    rec.setType(f, a + j, ts[j]!);
    s[f.base + a + j] = va[j];
  }
  if (b === 0) {
    rec.top = f.base + a + n;
    rec.L.top = rec.top;
  }
  return pc + 1;
};

function inlinedVararg(rec: RecordState, f: Frame, pc: number, i: number): number {
  const va = f.va!;
  const a = argA(i);
  const b = argB(i);
  const n = b === 0 ? va.ts.length : b - 1;
  const s = rec.stack;
  rec.L.ensureStack(f.base + a + n + 1);
  for (let j = 0; j < n; j++) {
    const t = j < va.ts.length ? va.ts[j]! : TT.NIL;
    const src = j < va.ts.length ? { r: vreg(f.depth, VARARG_REGS + j) } : { k: undefined };
    rec.emit({ k: 'mov', dst: vreg(f.depth, a + j), src, t });
    rec.setType(f, a + j, t);
    s[f.base + a + j] = va.vals[j];
  }
  if (b === 0) {
    rec.top = f.base + a + n;
    rec.L.top = rec.top;
  }
  return pc + 1;
}

export const VARARGS: Record<number, OpRecorder> = { [Op.VARARG]: vararg };
