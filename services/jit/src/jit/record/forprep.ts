// A numeric for loop's FORPREP as the recorder sees it, for a root loop (loops.ts) and for a loop in an
// inlined call (callee-loops.ts): both check the operands, then prepare the registers as the
// interpreter does.
import { argA } from '../../compiler/opcodes.ts';
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

/** Enters the loop: A+1 holds the iterations left and A+3 the control variable, both integers. */
export function forprepEnter(rec: RecordState, f: Frame, i: number): void {
  const a = argA(i);
  const s = rec.stack;
  const ra = f.base + a;
  const init = s[ra] as number;
  const limit = s[ra + 1] as number;
  const step = s[ra + 2] as number;
  rec.setType(f, a + 1, TT.INT);
  rec.setType(f, a + 3, TT.INT);
  s[ra + 1] = step > 0 ? Math.floor((limit - init) / step) : Math.floor((init - limit) / -step);
  s[ra + 3] = init;
}
