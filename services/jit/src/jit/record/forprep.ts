// A numeric for loop's FORPREP and FORLOOP registers as the recorder sees them, for a root or nested
// loop (loops.ts) and for a loop in an inlined call (callee-loops.ts): the operands are checked, then
// the registers are prepared and stepped as the interpreter does.
import { argA } from '../../compiler/opcodes.ts';
import type { LuaValue } from '../../vm/value.ts';
import { TT } from '../types.ts';
import { Abort, type Frame, type RecordState } from './state.ts';

/** Checks the loop's init, limit and step (integers, no edge case); whether the loop runs no iteration. */
export function forprepSkips(rec: RecordState, f: Frame, i: number): boolean {
  const a = argA(i);
  for (let j = 0; j < 3; j++) if (rec.rtype(f, a + j) !== TT.INT) throw new Abort('non-integer for loop');
  const ra = f.base + a;
  const init = rec.stack[ra] as number;
  const limit = rec.stack[ra + 1] as number;
  const step = rec.stack[ra + 2] as number;
  if (step === 0 || Math.abs(limit - init) > Number.MAX_SAFE_INTEGER) throw new Abort('for loop edge case');
  return step > 0 ? init > limit : init < limit;
}

/** Iterations after the first of a loop whose init, limit and step are at ra (forprepSkips passed). */
export function forprepCount(s: LuaValue[], ra: number): number {
  const init = s[ra] as number;
  const limit = s[ra + 1] as number;
  const step = s[ra + 2] as number;
  return step > 0 ? Math.floor((limit - init) / step) : Math.floor((init - limit) / -step);
}

/** Enters the loop: A+1 holds the iterations left and A+3 the control variable, both integers. */
export function forprepEnter(rec: RecordState, f: Frame, i: number): void {
  const a = argA(i);
  const s = rec.stack;
  const ra = f.base + a;
  rec.setType(f, a + 1, TT.INT);
  rec.setType(f, a + 3, TT.INT);
  s[ra + 3] = s[ra];
  s[ra + 1] = forprepCount(s, ra);
}

/** A FORLOOP's registers keep their types whichever way it goes: index, count and control variable. */
export function forloopTypes(rec: RecordState, f: Frame, a: number): void {
  rec.setType(f, a, TT.INT);
  rec.setType(f, a + 1, TT.INT);
  rec.setType(f, a + 3, TT.INT);
}

/** Runs a FORLOOP back-edge that goes on: one iteration fewer left, index and variable at next. */
export function forloopStep(s: LuaValue[], ra: number, next: number): void {
  s[ra + 1] = (s[ra + 1] as number) - 1;
  s[ra] = next;
  s[ra + 3] = next;
}
