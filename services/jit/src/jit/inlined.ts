// Leaving a trace inside inlined calls that already stored something: the calls cannot be re-run, so
// the interpreter gets the callee frames it would have had and finishes them. Errors, error levels,
// pcall and nested calls then see exactly the frames lua5.4 has.
import type { LuaState } from '../vm/state.ts';
import type { LuaClosure } from '../vm/value.ts';
import type { InlinedFrame } from './ir.ts';

/**
 * Pushes the frames (their registers are already on the stack) and runs them until the outermost
 * returns into the root frame, whose pc the caller has set to just after the call. A metamethod's
 * frame (InlinedFrame.meta) returns as the interpreter's own call of it would: into its caller's
 * register, the caller going on after the instruction that called it, or, for a comparison, past the
 * jump after it when the result says so.
 */
export function finishInlined(L: LuaState, frames: InlinedFrame[], rootBase: number): void {
  // A metamethod is a call from the host in lua5.4 (luaT_callTMres): each one still running counts
  // in nCcalls, which traces do not keep while they run one inline (they make no such calls).
  // While they run, the root frame is just after its call of them, as the interpreter's own call
  // leaves it (a traceback names a frame by the instruction that called it); then it goes on at the
  // pc its caller set.
  const root = L.ci;
  const resume = root.pc;
  if (frames.length > 0) root.pc = frames[0]!.callPc + 1;
  frames.forEach((f, j) => {
    if (f.meta !== undefined) L.nCcalls++;
    const fn = f.fnInSlot ? (L.stack[rootBase + f.func] as LuaClosure) : f.fn;
    if (f.meta !== undefined) L.stack[rootBase + f.func] = fn;
    const ci = L.pushFrame(fn, rootBase + f.func, fn.proto.numparams, f.nres);
    ci.pc = f.pc;
    if (j === 0 || f.meta !== undefined) {
      // Its RETURN leaves this nested run of the interpreter. metaCall: no native lies between it
      // and the root frame, so error(msg, 2) blames the root frame's call as it would without the JIT.
      ci.fromNative = true;
      ci.metaCall = true;
    }
  });
  for (let j = frames.length - 1; j >= 0; j--) {
    const f = frames[j]!;
    if (j !== 0 && f.meta === undefined) continue;
    L.execute(L);
    if (j === 0) root.pc = resume;
    if (f.meta !== undefined) L.nCcalls--;
    const r = L.stack[rootBase + f.func];
    // A comparison's caller is at the jump after it: taken unless the result disagrees with A.
    if (f.cmp !== undefined) {
      if ((r !== undefined && r !== false) !== f.cmp) L.ci.pc++;
    } else if (f.meta !== undefined && f.meta >= 0) {
      const callerBase = j === 0 ? rootBase : rootBase + frames[j - 1]!.func + 1;
      L.stack[callerBase + f.meta] = r;
    }
  }
}
