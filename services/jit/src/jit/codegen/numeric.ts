// How numbers are written so that V8 compiles a trace's integer arithmetic to int32 machine code.
//
// V8 speculates from type feedback: `x + 64` with small-integer feedback becomes a 32-bit add that
// deoptimises on overflow (after which the function is recompiled with float64 arithmetic), but only
// when both operands are known to be numbers. A value read from the stack or a table has no type, and
// a loop variable merging such a value with the add's result stays tagged: every iteration then
// checks, untags and retags it. `x + 0` on the way in gives the value a number type (and, with
// small-integer feedback, an int32 representation) for the same deoptimisation-guarded price.
import { unboxExpr, TT } from '../types.ts';

export const MAX_SAFE = '9007199254740991';

/**
 * JS source: a boxed value of type t (in `v`, already checked) as the trace holds it. Used for every
 * value a trace reads (stack, tables, upvalues, globals): an integer kept as the loaded tagged value
 * is also stored back into tables as one, with a write barrier (27 of them in fannkuch-redux's tree,
 * 2 with `t + 0`).
 */
export function entering(t: TT, v: string): string {
  return t === TT.INT ? `${v} + 0` : unboxExpr(t, v);
}

/**
 * JS source: whether the integer result of an add, subtract or multiply in `t` left the safe range
 * (`up`/`down`: which bounds it can cross). An int32 result cannot have, and V8 folds `(t | 0) !== t`
 * to false when `t` is an int32, so the common case costs nothing; a float64 `t` pays one truncation.
 */
export function unsafeInt(t: string, up: boolean, down: boolean): string {
  const bounds = [up ? `${t} > ${MAX_SAFE}` : '', down ? `${t} < -${MAX_SAFE}` : ''].filter((s) => s !== '');
  const range = bounds.length === 1 ? bounds[0]! : `(${bounds.join(' || ')})`;
  return `(${t} | 0) !== ${t} && ${range}`;
}
