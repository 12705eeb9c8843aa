// Coroutines over the frame model of state.ts: a coroutine is a LuaState of its own, and a yield
// leaves its dispatch loop with every frame in place (the yielding CALL's pc saved), so the next
// resume puts its arguments where that CALL's results go and runs the loop again from there.
// A yield must come straight from that loop: a native or metamethod call between them is a JS frame
// that cannot be suspended, so such a yield raises lua5.4's "attempt to yield across a C-call
// boundary" (lua5.4 itself can yield across metamethods and natives: a difference, see the README).
// pcall and xpcall are the exception: called straight from a coroutine's loop, they run a Lua
// function on a segment, a state of its own that stands for the same coroutine. A yield in it
// leaves the segment's loop and the coroutine's; the next resume continues the segment first and
// gives its outcome to the coroutine as the pcall's results (proceed).
import { argA, argC, Op, opOf } from '../compiler/opcodes.ts';
import { Fault, LuaError } from '../errors/index.ts';
import { caughtErrorValue, ERRERR_CCALLS, MAX_CCALLS, type LuaState } from './state.ts';
import { atRaise } from './traceback.ts';
import { LuaClosure, type LuaThread, type LuaValue } from './value.ts';

/** Thrown by coroutine.yield through the coroutine's dispatch loop to the resume that runs it. */
export class YieldSignal {
  constructor(readonly values: LuaValue[]) {}
}

/** What a resume gave: the yielded or returned values, or the error the coroutine died of. */
export type ResumeResult = { ok: true; values: LuaValue[] } | { ok: false; error: LuaValue };

/** Whether the native running on L was called by a CALL of L's own first dispatch loop. */
function fromOwnLoop(L: LuaState): boolean {
  const ci = L.ci;
  const op = ci.closure === null ? -1 : opOf(ci.closure.proto.code[ci.pc - 1]!);
  return L.cdepth === 1 && L.runs === 1 && (op === Op.CALL || op === Op.TAILCALL || op === Op.TFORCALL);
}

/** lua_yield's checks, made by the native coroutine.yield running on L before it throws. */
export function yieldFrom(L: LuaState, values: LuaValue[]): never {
  if (L.thread.body === undefined) throw new LuaError('attempt to yield from outside a coroutine');
  if (!fromOwnLoop(L)) throw new LuaError('attempt to yield across a C-call boundary');
  throw new YieldSignal(values);
}

/** xpcall's message handler (a function: xpcall checks it), lua.c's, or null for pcall. */
export type Handler = { fn: LuaValue } | null;

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
    L.pending = { S, handler };
    throw e;
  }
  return succeeded(L, S);
}

function succeeded(L: LuaState, S: LuaState): LuaValue[] {
  const r = S.stack.slice(0, S.top);
  r.unshift(true);
  L.endSegment(S);
  return r;
}

/** A protected call's results after its segment died of e (xpcall: through its handler). */
function failed(L: LuaState, S: LuaState, e: unknown, handler: Handler): LuaValue[] {
  const first = handledAtRaise(S, handler, e, 0);
  S.ci = S.baseCi;
  S.closeUpvals(0);
  const error = protectedError(S, 0, handler, first);
  L.endSegment(S);
  return [false, error];
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
export function protectedError(X: LuaState, level: number, handler: Handler, first: LuaValue): LuaValue {
  // a native __close that raised ran above X.ci, as the natives running then did
  const handle = (e: unknown): LuaValue =>
    handledAtRaise(X, handler, e, X.cdepth + (e instanceof LuaError && e.raisedBy !== null ? 1 : 0));
  return X.closeTbcOnError(level, first, handle).error;
}

/** Calls fn at slot 0 of X's empty stack, its RETURN leaving the loop with the results at 0.. */
function startBody(X: LuaState, fn: LuaClosure, args: LuaValue[]): void {
  X.ensureStack(args.length + 1);
  X.stack[0] = fn;
  for (let j = 0; j < args.length; j++) X.stack[1 + j] = args[j];
  const ci = X.pushFrame(fn, 0, args.length, -1);
  // Its RETURN leaves the dispatch loop; levels past it are the resume's or pcall's (none for error()).
  ci.fromNative = true;
  ci.metaCall = false;
  X.cdepth = 0;
  X.execute(X);
}

/**
 * Continues X after the yield that left its loop, with args as the results of the CALL that
 * yielded; a pending protected call is continued first and its outcome is those results instead.
 */
function proceed(X: LuaState, args: LuaValue[]): void {
  const p = X.pending;
  if (p !== null) {
    // As inside the pcall native: an xpcall handler is called from it.
    X.cdepth = 1;
    p.S.nCcalls = X.nCcalls + 1;
    try {
      proceed(p.S, args);
      args = succeeded(X, p.S);
    } catch (e) {
      if (e instanceof YieldSignal) throw e;
      X.pending = null;
      args = failed(X, p.S, e, p.handler);
    }
    X.pending = null;
  }
  deliver(X, args);
  X.cdepth = 0;
  X.execute(X);
}

/**
 * lua_closethread: calls the __close of the `<close>` variables a suspended or failed coroutine left
 * pending (in the segments it was suspended in first, innermost first), with the error it died of or
 * nil; an error in one replaces it for the rest. Then closes its upvalues.
 */
export function closePending(co: LuaThread): { error: LuaValue; raised: boolean } {
  let error = co.failed ? co.error : undefined;
  let raised = co.failed;
  for (const X of statesOf(co).reverse()) {
    if (X.tbc.length === 0) continue;
    X.ci = X.baseCi;
    X.cdepth = 0;
    const r = X.closeTbcOnError(0, error);
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

/** A coroutine's state, then the segments of the protected calls it is suspended in, innermost last. */
function statesOf(co: LuaThread): LuaState[] {
  const states: LuaState[] = [];
  for (let X: LuaState | null = co.L; X !== null; X = X.pending?.S ?? null) states.push(X);
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
  L.thread.status = 'normal';
  co.status = 'running';
  try {
    if (co.started) {
      proceed(C, args);
    } else {
      co.started = true;
      const body = co.body!;
      if (body instanceof LuaClosure) {
        startBody(C, body, args);
      } else {
        const r = C.call(body, args);
        co.status = 'dead';
        return { ok: true, values: r };
      }
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
    return { ok: false, error };
  } finally {
    L.thread.status = 'running';
    if (co.status !== 'suspended') closeThread(co);
  }
}
