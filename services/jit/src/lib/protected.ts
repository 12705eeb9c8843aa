// A call in protected mode, as pcall, xpcall and load's reader make it.
import { handledAtRaise, protectedError, type Handler } from '../vm/coroutine.ts';
import type { LuaState } from '../vm/state.ts';
import { NativeFunction, type LuaValue } from '../vm/value.ts';

/**
 * Calls fn in protected mode: its results with true in front, or the error value after unwinding the
 * interpreter to where the call began (frames, C-call depth, open upvalues above the caller's top).
 */
export function protectedCall(
  L: LuaState,
  fn: LuaValue,
  args: LuaValue[],
  handler: Handler,
): { ok: true; results: LuaValue[] } | { ok: false; error: LuaValue } {
  const ci = L.ci;
  const cdepth = L.cdepth;
  const nCcalls = L.nCcalls;
  const top = ci.top;
  const errfunc = L.errfunc;
  L.errfunc = handler;
  try {
    const results = L.call(fn, args);
    results.unshift(true);
    return { ok: true, results };
  } catch (e) {
    // A native fn that raised had no dispatch loop to see it: it ran above L.ci, as this one does.
    const first = handledAtRaise(L, handler, e, cdepth + (fn instanceof NativeFunction ? 1 : 0));
    L.ci = ci;
    L.cdepth = cdepth;
    L.nCcalls = nCcalls;
    L.closeUpvals(top);
    return { ok: false, error: protectedError(L, top, handler, first) };
  } finally {
    L.errfunc = errfunc;
  }
}
