// Coroutines over the frame model of state.ts: a coroutine is a LuaState of its own, and a yield
// leaves its dispatch loop with every frame in place (the yielding CALL's pc saved), so the next
// resume puts its arguments where that CALL's results go and runs the loop again from there.
// A yield must come straight from that loop: a native or metamethod call between them is a JS frame
// that cannot be suspended, so such a yield raises lua5.4's "attempt to yield across a C-call
// boundary" (lua5.4 itself can yield across pcall and metamethods: a difference, see the README).
import { argA, argC, Op, opOf } from '../compiler/opcodes.ts';
import { LuaError } from '../errors/index.ts';
import { caughtErrorValue, MAX_CCALLS, type LuaState } from './state.ts';
import { LuaClosure, type LuaThread, type LuaValue } from './value.ts';

/** Thrown by coroutine.yield through the coroutine's dispatch loop to the resume that runs it. */
export class YieldSignal {
  constructor(readonly values: LuaValue[]) {}
}

/** What a resume gave: the yielded or returned values, or the error the coroutine died of. */
export type ResumeResult = { ok: true; values: LuaValue[] } | { ok: false; error: LuaValue };

/** lua_yield's checks, made by the native coroutine.yield running on L before it throws. */
export function yieldFrom(L: LuaState, values: LuaValue[]): never {
  if (L.thread.body === undefined) throw new LuaError('attempt to yield from outside a coroutine');
  // cdepth 1 and one loop: the native was called by a CALL of the coroutine's own dispatch loop.
  const ci = L.ci;
  const op = ci.closure === null ? -1 : opOf(ci.closure.proto.code[ci.pc - 1]!);
  if (L.cdepth !== 1 || L.runs !== 1 || (op !== Op.CALL && op !== Op.TAILCALL && op !== Op.TFORCALL))
    throw new LuaError('attempt to yield across a C-call boundary');
  throw new YieldSignal(values);
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
      deliver(C, args);
      C.cdepth = 0;
      C.execute(C);
    } else {
      co.started = true;
      const body = co.body!;
      if (body instanceof LuaClosure) {
        C.ensureStack(args.length + 1);
        C.stack[0] = body;
        for (let j = 0; j < args.length; j++) C.stack[1 + j] = args[j];
        const ci = C.pushFrame(body, 0, args.length, -1);
        // Its RETURN leaves the dispatch loop; levels past it are the resume's (none for error()).
        ci.fromNative = true;
        ci.metaCall = false;
        C.cdepth = 0;
        C.execute(C);
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
    if (co.status !== 'suspended') C.closeUpvals(0);
  }
}
