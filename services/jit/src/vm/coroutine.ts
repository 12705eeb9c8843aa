// Coroutines over the frame model of state.ts: a coroutine is a LuaState of its own, and a yield
// leaves its dispatch loop with every frame in place (the yielding CALL's pc saved), so the next
// resume puts its arguments where that CALL's results go and runs the loop again from there.
// A yield must come straight from that loop: a native call between them is a JS frame that cannot
// be suspended, so such a yield raises lua5.4's "attempt to yield across a C-call boundary" (lua5.4
// itself can yield across some natives: a difference, see the README).
// pcall and xpcall are the exception: called straight from a coroutine's loop, they run a Lua
// function on a segment, a state of its own that stands for the same coroutine. A yield in it
// leaves the segment's loop and the coroutine's; the next resume continues the segment first and
// gives its outcome to the coroutine as the pcall's results (proceed). Metamethods written in Lua
// that an instruction of the loop calls run on segments too (callMeta), and a resume that finishes
// one has the loop finish the instruction with its result (vm/finish.ts), as lua5.4's luaV_finishOp.
import { argA, argC, Op, opOf } from '../compiler/opcodes.ts';
import { Fault, LuaError } from '../errors/index.ts';
import { caughtErrorValue, ERRERR_CCALLS, MAX_CCALLS, type LuaState } from './state.ts';
import { atRaise } from './traceback.ts';
import { prepend } from './prepend.ts';
import { LuaClosure, NativeFunction, type LuaThread, type LuaValue } from './value.ts';

/** Thrown by coroutine.yield through the coroutine's dispatch loop to the resume that runs it. */
export class YieldSignal {
  constructor(readonly values: LuaValue[]) {}
}

/** What a resume gave: the yielded or returned values, or the error the coroutine died of. */
export type ResumeResult = { ok: true; values: LuaValue[] } | { ok: false; error: LuaValue };

/**
 * Whether the native running on L was called by a CALL of L's own first dispatch loop, or by a pcall
 * or xpcall that was (L.yieldDepth).
 */
function fromOwnLoop(L: LuaState): boolean {
  const ci = L.ci;
  const op = ci.closure === null ? -1 : opOf(ci.closure.proto.code[ci.pc - 1]!);
  return (
    L.cdepth === L.yieldDepth &&
    L.runs === 1 &&
    (L.nativeYields || op === Op.CALL || op === Op.TAILCALL || op === Op.TFORCALL)
  );
}

/** lua_isyieldable of the running coroutine, asked by a native Lua code called on L. */
export function yieldable(L: LuaState): boolean {
  return L.thread.body !== undefined && fromOwnLoop(L);
}

/**
 * What coroutine.yield returns to the interpreter's CALL (vm/interp.ts callNative) when it yields by
 * returning (yieldFrom): never results, only this array itself.
 */
export const YIELDED: LuaValue[] = Object.freeze([]) as unknown as LuaValue[];

/**
 * lua_yield's checks, made by the native coroutine.yield running on L, then the yield. The common one,
 * a CALL of a coroutine's own loop calling yield itself (`byLoop`: state.ts calledByLoop), leaves by
 * returning: the loop returns too, and the resume takes L.yielded. A throw costs more than the rest of
 * a resume and yield together (V8 unwinds the loop's frame and positions the error); every other
 * yield (from a segment, a pcall of yield, a metamethod) throws YieldSignal to the code that suspends it.
 */
export function yieldFrom(L: LuaState, values: LuaValue[], byLoop: boolean): LuaValue[] {
  if (L.thread.body === undefined) throw new LuaError('attempt to yield from outside a coroutine');
  if (!fromOwnLoop(L)) throw new LuaError('attempt to yield across a C-call boundary');
  if (byLoop && L === L.thread.L) {
    L.yielded = values;
    return YIELDED;
  }
  throw new YieldSignal(values);
}

/** callMeta's `finish`: the instruction takes the metamethod's first result (or nothing, __newindex). */
export const FINISH_VALUE = -1;
/** callMeta's `finish`: the instruction takes the negation of the result (a <= b tried as not (b < a)). */
export const FINISH_NOT = -2;
/** callMeta's `finish`: the instruction runs again (a __close: it closes the variables left). */
export const FINISH_REPEAT = -3;
/** The segment ran a native's call (callYieldable): its results are the native's, the CALL's. */
const FINISH_CALL = -4;
/** The segment ran a native __close for a protected call's error unwinding: nothing takes its results. */
const FINISH_NONE = -5;

/**
 * Calls a metamethod for the instruction L's dispatch loop is running, and returns its results. In a
 * coroutine, with no native between the loop and this call, a metamethod written in Lua runs on a
 * segment, so that it may yield. `finish` says what the instruction does with the result when a
 * resume finishes the metamethod after a yield: FINISH_VALUE, FINISH_NOT, or, for a concatenation,
 * the stack slot of the metamethod's first operand, where its result goes and the concatenation goes
 * on from (vm/finish.ts).
 */
export function callMeta(L: LuaState, fn: LuaValue, args: LuaValue[], finish: number): LuaValue[] {
  return metaYieldable(L, fn, args, finish) ?? L.call(fn, args);
}

/**
 * A metamethod's results where it may yield: written in Lua, on a segment (metaOnSegment); a native
 * (__index = coroutine.yield), on L, as lua5.4's may. Null where it would run as any call does.
 */
function metaYieldable(L: LuaState, fn: LuaValue, args: LuaValue[], finish: number): LuaValue[] | null {
  const r = metaOnSegment(L, fn, args, finish);
  if (r !== null) return r;
  if (fn instanceof NativeFunction && L.cdepth === 0 && L.runs === 1 && L.thread.body !== undefined)
    return callYieldingNative(L, fn, args, finish, false);
  return null;
}

/**
 * Calls a native that may yield though no CALL of L's loop called it (L.nativeYields): a metamethod
 * (finish: see callMeta), a coroutine's body or a native's call with a continuation (FINISH_CALL;
 * `byNative`, `nresults`: see suspendNative). A yield leaves it suspended on a segment, whose outcome
 * the next resume gives the instruction, the native or the resume.
 */
function callYieldingNative(
  L: LuaState,
  fn: NativeFunction,
  args: LuaValue[],
  finish: number,
  byNative: boolean,
  nresults = -1,
): LuaValue[] {
  const yieldDepth = L.yieldDepth;
  const nativeYields = L.nativeYields;
  L.yieldDepth = L.cdepth + 1;
  L.nativeYields = true;
  try {
    return L.call(fn, args);
  } catch (e) {
    if (e instanceof YieldSignal) suspendNative(L, fn, L.errfunc, finish, byNative, nresults);
    throw e;
  } finally {
    L.yieldDepth = yieldDepth;
    L.nativeYields = nativeYields;
  }
}

/**
 * closeTbc's `onSegment` for the interpreter's own closing (a block's end, a RETURN): a __close written
 * in Lua runs on a segment, a native one where it may yield; after a resume the instruction runs again.
 * Whether it ran.
 */
export function closeYieldable(L: LuaState, fn: LuaValue, args: LuaValue[]): boolean {
  return metaYieldable(L, fn, args, FINISH_REPEAT) !== null;
}

/**
 * closeTbc's `onSegment` for a protected call's error unwinding on X (no loop runs there): a native
 * __close may yield, as lua5.4's finishpcallk lets it; a __close written in Lua runs in a loop of its
 * own and may yield from it anyway. Whether it ran.
 */
function unwindNative(X: LuaState, fn: LuaValue, args: LuaValue[]): boolean {
  if (!(fn instanceof NativeFunction) || X.thread.body === undefined) return false;
  const runs = X.runs;
  X.runs = 1;
  try {
    callYieldingNative(X, fn, args, FINISH_NONE, false);
  } finally {
    X.runs = runs;
  }
  return true;
}

/** callMeta's segment: the metamethod's results, or null where it would run as any call does. */
export function metaOnSegment(
  L: LuaState,
  fn: LuaValue,
  args: LuaValue[],
  finish: number,
): LuaValue[] | null {
  if (!(fn instanceof LuaClosure) || L.cdepth !== 0 || L.runs !== 1 || L.thread.body === undefined)
    return null;
  // LuaState.call's check and message, for a metamethod the interpreter calls
  if (L.nCcalls + 1 >= MAX_CCALLS) throw new Fault('C stack overflow');
  return onSegment(L, fn, args, finish, true);
}

/**
 * LuaState.call for a native that calls with a continuation in lua5.4 (dofile's and pairs' lua_callk):
 * called straight from a coroutine's loop, fn runs on a segment (a native fn: on L, allowed to yield)
 * and may yield; its results, adjusted to `nresults` unless that is -1, are the native's, the CALL's.
 */
export function callYieldable(L: LuaState, fn: LuaValue, args: LuaValue[], nresults = -1): LuaValue[] {
  let r: LuaValue[];
  if (L.thread.body === undefined || !fromOwnLoop(L)) r = L.call(fn, args);
  else if (fn instanceof NativeFunction) r = callYieldingNative(L, fn, args, FINISH_CALL, true, nresults);
  else if (fn instanceof LuaClosure) {
    // LuaState.call's check and message, from a native
    if (L.nCcalls + 1 >= MAX_CCALLS) throw new LuaError('C stack overflow');
    r = onSegment(L, fn, args, FINISH_CALL, false, nresults);
  } else r = L.call(fn, args);
  return fit(r, nresults);
}

/** Results adjusted to n, as lua_call's nresults adjusts them (cut off, or padded with nil; -1: all). */
function fit(r: LuaValue[], n: number): LuaValue[] {
  if (n < 0) return r;
  if (r.length > n) return r.slice(0, n);
  while (r.length < n) r.push(undefined);
  return r;
}

/** Runs fn on a new segment of L (a metamethod's, `meta`, or a native's call) and returns its results. */
function onSegment(
  L: LuaState,
  fn: LuaClosure,
  args: LuaValue[],
  finish: number,
  meta: boolean,
  nresults = -1,
): LuaValue[] {
  const S = L.newSegment();
  S.nCcalls = L.nCcalls + 1;
  S.errfunc = L.errfunc;
  L.inner = S;
  try {
    startBody(S, fn, args, meta);
  } catch (e) {
    if (e instanceof YieldSignal) L.pending = { S, handler: null, finish, unwind: null, nresults };
    // an error leaves L.inner: the metamethod's frames are where a message handler looks (failed)
    throw e;
  }
  return returned(L, S);
}

/** The innermost of the metamethod segments an error or a yield left X inside (X if none). */
export function innermost(X: LuaState): LuaState {
  while (X.inner !== null) X = X.inner;
  return X;
}

/** xpcall's message handler (a function: xpcall checks it), lua.c's, or null for pcall. */
export type Handler = { fn: LuaValue } | null;

/**
 * What a state's loop was in when it yielded (LuaState.pending), for the next resume to continue
 * first: a pcall or xpcall whose function runs on the segment S (finish and unwind null), a metamethod
 * running on S (finish: see callMeta), or a pcall closing the `<close>` variables its error left, one
 * of whose __close yielded on S (unwind).
 */
export interface Pending {
  S: LuaState;
  handler: Handler;
  finish: number | null;
  unwind: Unwinding | null;
  /**
   * A native that yielded (suspendNative: a pcall's, a metamethod, a coroutine's body, a native's
   * call): S has no frames; the native's results are the resume's arguments, or what S.pending (the
   * native's own call) gives when continued.
   */
  native?: true;
  /** A native's call (FINISH_CALL) whose results are adjusted to this many (-1 or absent: all). */
  nresults?: number;
}

/** A protected call's error unwinding: the states whose variables it closes, states[j] the one at it. */
interface Unwinding {
  segment: LuaState;
  states: LuaState[];
  j: number;
  error: LuaValue;
}

/** Whether a pcall or xpcall running on L can let its function yield (protectedRun). */
export function yieldableCall(L: LuaState, fn: LuaValue): fn is LuaClosure {
  return fn instanceof LuaClosure && L.thread.body !== undefined && fromOwnLoop(L);
}

/**
 * pcall (handler undefined) or xpcall of fn on a segment of L: its results, or what a yield inside
 * it leaves for the next resume of L's coroutine (L.pending) as it leaves L's loop too.
 */
export function protectedRun(L: LuaState, fn: LuaClosure, args: LuaValue[], handler: Handler): LuaValue[] {
  // LuaState.call's check, made where the pcall native's own call of fn would make it
  if (L.nCcalls + 1 >= MAX_CCALLS) return failedWith(L, 'C stack overflow', handler);
  const S = L.newSegment();
  S.nCcalls = L.nCcalls + 1;
  S.errfunc = handler;
  try {
    startBody(S, fn, args);
  } catch (e) {
    if (!(e instanceof YieldSignal)) return failed(L, S, e, handler);
    L.pending = { S, handler, finish: null, unwind: null };
    throw e;
  }
  return succeeded(L, S);
}

/**
 * A native run on L itself yielded (a pcall's or xpcall's through protectedCall, a metamethod, a
 * coroutine's body, a native's call through callYieldable): lua5.4 lets a native yield as its last act
 * (pcall(coroutine.yield, v)), which ends the native, or from a call it made with a continuation
 * (dofile's, another pcall's). The next resume continues a segment that stands for the native
 * (Pending.native), holding that call's pending work; `finish` says who takes its results (null: the
 * pcall, see Pending), `byNative` whether a native called it (a traceback level), `nresults` how
 * many it gives (-1: all).
 */
export function suspendNative(
  L: LuaState,
  fn: LuaValue,
  handler: Handler,
  finish: number | null,
  byNative: boolean,
  nresults = -1,
): void {
  const S = L.newSegment();
  S.errfunc = handler;
  S.nativeFn = fn;
  S.nativeByNative = byNative;
  S.pending = L.pending;
  S.inner = L.inner;
  if (S.pending !== null) S.pending.S.caller = S;
  L.inner = null;
  L.pending = { S, handler, finish, unwind: null, native: true, nresults };
}

function succeeded(L: LuaState, S: LuaState): LuaValue[] {
  return prepend(true, returned(L, S));
}

/** What the function run on segment S returned, S ended (L no longer inside it). */
function returned(L: LuaState, S: LuaState): LuaValue[] {
  const r = S.stack.slice(0, S.top);
  L.inner = null;
  L.endSegment(S);
  return r;
}

/** A protected call's results after its segment died of e (xpcall: through its handler). */
function failed(L: LuaState, S: LuaState, e: unknown, handler: Handler): LuaValue[] {
  // raised where the innermost metamethod the error left was running
  const error = handledAtRaise(innermost(S), handler, e, 0);
  // lua5.4 closes a metamethod's variables first: its frames lie above the caller's on one stack
  const states: LuaState[] = [S];
  for (let M = S.inner; M !== null; M = M.inner) states.unshift(M);
  return unwind(L, { segment: S, states, j: 0, error }, handler);
}

/**
 * Closes the `<close>` variables of u.states from u.j on with u.error (each __close's error replacing
 * it), then ends the segment: the protected call's results. A __close may yield (finishpcallk closes
 * them yieldably): L.pending then holds the rest for the next resume.
 */
function unwind(L: LuaState, u: Unwinding, handler: Handler): LuaValue[] {
  for (; u.j < u.states.length; u.j++) {
    const X = u.states[u.j]!;
    X.ci = X.baseCi;
    // the protected call's native closes them (finishpcallk): a __close is called by it, not by X
    X.cdepth = 1;
    X.inner = null;
    X.closeUpvals(0);
    try {
      u.error = protectedError(X, 0, handler, u.error, (fn, args) => unwindNative(X, fn, args));
    } catch (y) {
      if (y instanceof YieldSignal) L.pending = { S: X, handler, finish: null, unwind: u };
      throw y;
    }
  }
  L.endSegment(u.segment);
  return [false, u.error];
}

function failedWith(L: LuaState, error: string, handler: Handler): LuaValue[] {
  // raised in the pcall native itself, which runs above L.ci
  return [false, handledAtRaise(L, handler, new LuaError(error), L.cdepth)];
}

/**
 * The error e as xpcall's handler makes it, the handler called as lua5.4 calls it: where e was
 * raised, with X's frames still in place, so that a traceback shows them (atRaise, which `natives`
 * is for). For pcall, e's value.
 */
export function handledAtRaise(X: LuaState, handler: Handler, e: unknown, natives: number): LuaValue {
  const error = caughtErrorValue(e);
  if (handler === null) return error;
  const nCcalls = X.nCcalls;
  let err = e;
  let n = natives;
  try {
    for (;;) {
      try {
        const v = caughtErrorValue(err);
        return atRaise(X, err, n, () => X.callAboveTbc(handler.fn, [v])[0]);
      } catch (e2) {
        // a Fault: LuaState.call refused the call itself (C stack overflow), which no loop positioned
        if (!(e2 instanceof LuaError) && !(e2 instanceof Fault)) throw e2;
        // lua5.4's luaG_errormsg hands an error the handler raised to the handler again, one C call
        // deeper each time, until the C stack's error-handling limit ends it (LUA_ERRERR).
        if (++X.nCcalls >= ERRERR_CCALLS) return 'error in error handling';
        err = e2 instanceof Fault ? new LuaError(e2.message) : e2;
        n = X.cdepth;
      }
    }
  } finally {
    X.nCcalls = nCcalls;
  }
}

/**
 * What a protected call returns for an error that unwound X (its state or its segment) to level:
 * `first`, the error as the handler made it (handledAtRaise), after X's `<close>` variables above
 * level were closed with it (an error raised by one is handled too and replaces it).
 */
export function protectedError(
  X: LuaState,
  level: number,
  handler: Handler,
  first: LuaValue,
  onSegment?: (fn: LuaValue, args: LuaValue[]) => boolean,
): LuaValue {
  return X.closeTbcOnError(level, first, (e) => closeError(X, handler, e), onSegment).error;
}

/** The error a __close running on X raised, as the protected call's handler makes it. */
function closeError(X: LuaState, handler: Handler, e: unknown): LuaValue {
  // a native __close that raised ran above X.ci, as the natives running then did
  return handledAtRaise(X, handler, e, X.cdepth + (e instanceof LuaError && e.raisedBy !== null ? 1 : 0));
}

/**
 * Calls fn at slot 0 of X's empty stack, its RETURN leaving the loop with the results at 0.. . `meta`:
 * a metamethod, which an instruction of the state X stands in for called (no native below it).
 */
function startBody(X: LuaState, fn: LuaClosure, args: LuaValue[], meta = false): void {
  X.ensureStack(args.length + 1);
  X.stack[0] = fn;
  for (let j = 0; j < args.length; j++) X.stack[1 + j] = args[j];
  const ci = X.pushFrame(fn, 0, args.length, -1);
  // Its RETURN leaves the dispatch loop; levels past it are the resume's or pcall's (none for error()).
  ci.fromNative = true;
  ci.metaCall = meta;
  X.cdepth = 0;
  X.execute(X);
}

/**
 * Continues X after the yield that left its loop, with args as the results of the CALL that
 * yielded. What X.pending holds is continued first: a protected call's outcome, or a native's call's
 * results, are those results instead; a metamethod's finish the instruction that called it.
 */
function proceed(X: LuaState, args: LuaValue[]): void {
  const r = settle(X, args);
  if (r === null) return;
  deliver(X, r);
  X.cdepth = 0;
  X.execute(X);
}

/** Continues a native's segment (Pending.native): the native's results end at S's slot 0 on. */
function proceedNative(S: LuaState, args: LuaValue[]): void {
  // a native's own pending call is never a metamethod's (callMeta runs only from a loop)
  const r = settle(S, args)!;
  S.ensureStack(r.length + 1);
  for (let j = 0; j < r.length; j++) S.stack[j] = r[j];
  S.top = r.length;
}

/**
 * Continues what X.pending holds, if anything: the results the CALL that yielded then takes, or null
 * when a metamethod's finish has run X's loop already.
 */
function settle(X: LuaState, args: LuaValue[]): LuaValue[] | null {
  const p = X.pending;
  if (p !== null) {
    p.S.nCcalls = X.nCcalls + 1;
    // as inside the native that was running (an xpcall handler is called from pcall's); a metamethod
    // ran from the loop itself
    X.cdepth = p.finish === null || p.finish === FINISH_CALL ? 1 : 0;
    let failure: { e: unknown } | null = null;
    try {
      if (p.native) proceedNative(p.S, args);
      else proceed(p.S, args);
    } catch (e) {
      if (e instanceof YieldSignal) throw e;
      X.pending = null;
      // a metamethod's or a native's call fails the instruction that made it
      if (p.unwind === null && p.finish !== null) throw e;
      failure = { e };
    }
    X.pending = null;
    if (p.unwind !== null) {
      // a __close a protected call's error unwinding called: then the state's other variables, and
      // the other states'
      if (failure !== null) p.unwind.error = closeError(p.S, p.handler, failure.e);
      args = unwind(X, p.unwind, p.handler);
    } else if (p.finish === null) {
      // a pcall or xpcall: its outcome
      args = failure === null ? succeeded(X, p.S) : failed(X, p.S, failure.e, p.handler);
    } else {
      args = returned(X, p.S);
      if (p.nresults !== undefined) args = fit(args, p.nresults);
      if (p.finish === FINISH_NONE) return null;
      // a metamethod's results finish the instruction that called it, in X's loop; a native's call
      // returns them as the native's
      if (p.finish !== FINISH_CALL) {
        X.metaDone = { values: args, finish: p.finish };
        X.cdepth = 0;
        X.execute(X);
        return null;
      }
    }
  }
  return args;
}

/**
 * lua_closethread: calls the __close of the `<close>` variables a suspended or failed coroutine left
 * pending (in the segments it was suspended in first, innermost first), with the error it died of or
 * nil; an error in one replaces it for the rest. Then closes its upvalues.
 */
export function closePending(co: LuaThread): { error: LuaValue; raised: boolean } {
  let error = co.failed ? co.error : undefined;
  let raised = co.failed;
  const states = statesOf(co).reverse();
  // lua_closethread calls them under the coroutine's errfunc: an xpcall's it was suspended in
  const handler = states[0]!.errfunc;
  for (const X of states) {
    if (X.tbc.length === 0) continue;
    X.ci = X.baseCi;
    X.cdepth = 0;
    // lua_closethread runs them from C, where they cannot yield: as if a dispatch loop ran below
    X.runs++;
    let r: { error: LuaValue; raised: boolean };
    try {
      r = X.closeTbcOnError(0, error, (e) => closeError(X, handler, e));
    } finally {
      X.runs--;
    }
    error = r.error;
    raised ||= r.raised;
  }
  closeThread(co);
  return { error, raised };
}

/** Closes the upvalues still open on a coroutine's state and on the segments it was in. */
export function closeThread(co: LuaThread): void {
  for (const X of statesOf(co)) {
    X.closeUpvals(0);
    X.pending = null;
  }
}

/**
 * A coroutine's state, then the segments of the protected calls and metamethods it is suspended in (or
 * the metamethods it failed in), innermost last.
 */
function statesOf(co: LuaThread): LuaState[] {
  const states: LuaState[] = [];
  for (let X: LuaState | null = co.L; X !== null;) {
    states.push(X);
    const p: Pending | null = X.pending;
    // an unwinding's states outside the one at its __close (the segment outermost)
    if (p !== null && p.unwind !== null)
      for (let i = p.unwind.states.length - 1; i > p.unwind.j; i--) states.push(p.unwind.states[i]!);
    X = p !== null ? p.S : X.inner;
  }
  return states;
}

/** Puts a resume's arguments where the results of the CALL that yielded go (as callNative would). */
function deliver(C: LuaState, args: LuaValue[]): void {
  const ci = C.ci;
  const ins = ci.closure!.proto.code[ci.pc - 1]!;
  const tfor = opOf(ins) === Op.TFORCALL;
  const fidx = ci.base + argA(ins) + (tfor ? 3 : 0);
  const want = tfor ? argC(ins) : argC(ins) - 1;
  const n = args.length;
  if (want < 0) {
    C.ensureStack(fidx + n + 1);
    const s = C.stack;
    for (let j = 0; j < n; j++) s[fidx + j] = args[j];
    C.top = fidx + n;
  } else {
    const s = C.stack;
    for (let j = 0; j < want; j++) s[fidx + j] = j < n ? args[j] : undefined;
  }
}

/** lua_resume of co from the state L: runs it until it yields, returns or fails. */
export function resume(L: LuaState, co: LuaThread, args: LuaValue[]): ResumeResult {
  if (co.status === 'dead') return { ok: false, error: 'cannot resume dead coroutine' };
  if (co.status !== 'suspended') return { ok: false, error: 'cannot resume non-suspended coroutine' };
  // lua_resume's check, one call earlier: lua5.4 stops nested resumes at the 197th from a main chunk
  if (L.nCcalls + 1 >= MAX_CCALLS) return { ok: false, error: 'C stack overflow' };
  const C = co.L;
  C.nCcalls = L.nCcalls + 1;
  co.resumer = L;
  L.thread.status = 'normal';
  co.status = 'running';
  try {
    const body = co.body!;
    if (!(body instanceof LuaClosure)) {
      // a native body (coroutine.create(coroutine.yield)): its results are the coroutine's
      let r: LuaValue[];
      if (co.started) r = settle(C, args)!;
      else {
        co.started = true;
        // as if a loop ran below it, so that the Lua functions it calls cannot yield across it
        C.runs++;
        try {
          r = callYieldingNative(C, body, args, FINISH_CALL, false);
        } finally {
          C.runs--;
        }
      }
      co.status = 'dead';
      return { ok: true, values: r };
    }
    if (co.started) {
      proceed(C, args);
    } else {
      co.started = true;
      startBody(C, body, args);
    }
    const yielded = C.yielded;
    if (yielded !== null) {
      C.yielded = null;
      co.status = 'suspended';
      return { ok: true, values: yielded };
    }
    co.status = 'dead';
    return { ok: true, values: C.stack.slice(0, C.top) };
  } catch (e) {
    if (e instanceof YieldSignal) {
      co.status = 'suspended';
      return { ok: true, values: e.values };
    }
    co.status = 'dead';
    const error = caughtErrorValue(e);
    co.failed = true;
    co.error = error;
    co.failedNatives = e instanceof LuaError && e.seen ? e.natives : 0;
    return { ok: false, error };
  } finally {
    L.thread.status = 'running';
    if (co.status !== 'suspended') closeThread(co);
  }
}
