// A call in protected mode, as pcall, xpcall and load's reader make it.
import { handledAtRaise, protectedError, suspendNative, YieldSignal, type Handler } from '../vm/coroutine.ts';
import { Caught, type LuaState } from '../vm/state.ts';
import { prepend } from '../vm/prepend.ts';
import { NativeFunction, type LuaValue } from '../vm/value.ts';

/**
 * Calls fn in protected mode: its results with true in front, or the error value after unwinding the
 * interpreter to where the call began (frames, C-call depth, open upvalues above the caller's top).
 * `yields`: a native fn may yield the coroutine (the protected call is itself yieldable), which
 * leaves the call suspended for the next resume (suspendNative).
 */
export function protectedCall(
  L: LuaState,
  fn: LuaValue,
  args: LuaValue[],
  handler: Handler,
  yields = false,
): { ok: true; results: LuaValue[] } | { ok: false; error: LuaValue } {
  const ci = L.ci;
  const cdepth = L.cdepth;
  const nCcalls = L.nCcalls;
  const top = ci.top;
  const errfunc = L.errfunc;
  const yieldDepth = L.yieldDepth;
  const inner = L.inner;
  L.errfunc = handler;
  if (yields) L.yieldDepth = cdepth + 1;
  try {
    const r = L.callCaught(fn, args);
    if (!(r instanceof Caught)) return { ok: true, results: prepend(true, r) };
    const e = r.error;
    if (yields && e instanceof YieldSignal) {
      suspendNative(L, fn, handler, null, true);
      throw e;
    }
    // A native fn that raised had no dispatch loop to see it: it ran above L.ci, as this one does.
    const first = handledAtRaise(L, handler, e, cdepth + (fn instanceof NativeFunction ? 1 : 0));
    L.ci = ci;
    L.cdepth = cdepth;
    L.nCcalls = nCcalls;
    L.closeUpvals(top);
    // a call with a continuation the native made (dofile's) leaves its failed segment here
    L.inner = inner;
    return { ok: false, error: protectedError(L, top, handler, first) };
  } finally {
    L.errfunc = errfunc;
    L.yieldDepth = yieldDepth;
  }
}
