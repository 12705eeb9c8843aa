// Function traces: a hot function is recorded from its entry to a RETURN and compiled into a JS
// function that the interpreter's CALL runs instead of the frame it just pushed. Function traces call
// compiled callees (themselves, when recursive) as JS functions. A trace that cannot go on hands its
// frame over to the interpreter: it writes its registers back and adds itself to `frames`, and so does
// every trace below it on the JS stack; `materialize` then pushes those frames, outermost first.
import type { CallInfo, LuaState } from '../vm/state.ts';
import type { LuaClosure, LuaValue } from '../vm/value.ts';
import type { Exit } from './ir.ts';

/** A frame a function trace left: where its registers are and where the interpreter resumes it. */
export interface PendingFrame {
  cl: LuaClosure;
  base: number;
  pc: number;
  /** Results its caller wants (set by the caller's trace; the outermost frame has its own CallInfo). */
  nres: number;
  /** The exit the innermost frame left by (null for the callers). */
  exit: Exit | null;
}

/** Shared by all traces of a state: the frames being handed over. */
export interface CallState {
  frames: PendingFrame[];
}

/** What the interpreter's RETURN does with n results a trace stored from ci.func on. */
export function returnFrom(L: LuaState, ci: CallInfo, n: number): CallInfo {
  const want = ci.nresults;
  if (want < 0) L.top = ci.func + n;
  else for (let j = n; j < want; j++) L.stack[ci.func + j] = undefined;
  L.ci = ci.prev!;
  return ci.prev!;
}

/**
 * After a tail call from a function trace left frames: moves them (registers and records) down by
 * `by` slots from `from` (the callee's function slot), so the callee's frame replaces the caller's.
 */
export function shiftFrames(J: CallState, stack: LuaValue[], from: number, by: number): number {
  let top = from;
  for (const f of J.frames) top = Math.max(top, f.base + f.cl.proto.maxstack);
  for (let s = from; s < top; s++) stack[s - by] = stack[s];
  for (const f of J.frames) f.base -= by;
  return -2;
}

/** Pushes the frames traces left above ci (ci is the outermost's); returns the innermost. */
export function materialize(L: LuaState, ci: CallInfo, frames: PendingFrame[]): CallInfo {
  const outer = frames[frames.length - 1]!;
  if (outer.cl !== ci.closure) {
    // A tail call replaced the frame ci was pushed for.
    ci.closure = outer.cl;
    ci.top = ci.base + outer.cl.proto.maxstack;
    ci.tail = true;
  }
  ci.pc = outer.pc;
  let top = ci;
  for (let j = frames.length - 2; j >= 0; j--) {
    const f = frames[j]!;
    // All parameters count as passed: their registers hold the trace's values, not nil.
    top = L.pushFrame(f.cl, f.base - 1, f.cl.proto.numparams, f.nres);
    top.pc = f.pc;
  }
  return top;
}
