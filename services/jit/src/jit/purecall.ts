// A traced call of a pure library function through the library itself (natives.ts).
import type { LuaState } from '../vm/state.ts';
import type { LuaValue, NativeFunction, NativeResult } from '../vm/value.ts';

/** What callPure returns when the function raised: the trace leaves and the interpreter re-runs it. */
export const PURE_FAIL = Symbol('pure call raised');

/** The first result (n = 1) or the first n results of fn, or PURE_FAIL. */
export function callPure(fn: NativeFunction, L: LuaState, args: LuaValue[], n: number): unknown {
  let r: NativeResult;
  try {
    r = fn.fn(L, args);
  } catch {
    // The error message is built for the interpreter's state, not the trace's: it raises it again.
    return PURE_FAIL;
  }
  if (n === 1) return Array.isArray(r) ? r[0] : r;
  const out = Array.isArray(r) ? r.slice(0, n) : [r];
  while (out.length < n) out.push(undefined);
  return out;
}
