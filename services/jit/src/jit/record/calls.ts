// Calls and returns. Pure library functions are recorded by natives.ts; Lua functions are inlined with a
// guard on the callee's identity (or its prototype, for a function made more than once), their
// registers at depth frames.length (see ir.ts's vreg), their stores included (RecordState.exit says
// how a trace leaves inside them).
import { argA, argB, argC, encABC, Op } from '../../compiler/opcodes.ts';
import { LuaClosure, NativeFunction, type LuaValue } from '../../vm/value.ts';
import type { CallInfo } from '../../vm/state.ts';
import { StackOverflow } from '../../vm/state.ts';
import type { LoopState } from '../cache.ts';
import { FunctionCallSite } from '../loopcalls.ts';
import { newExit, vreg } from '../ir.ts';
import { TT } from '../types.ts';
import { PURE_NATIVES } from '../natives.ts';
import { recordNative } from './natives.ts';
import { MAX_INLINED_VARARGS, VARARG_REGS } from './varargs.ts';
import { foldable, foldPure } from './pure.ts';
import { recordCallMeta, returnToCompare } from './metamethods.ts';
import type { LoopLookup } from './callee-loops.ts';
import {
  Abort,
  type Frame,
  IN_COROUTINE,
  type OpRecorder,
  type RecordState,
  traceableType,
} from './state.ts';

/** The compiled function trace of a Lua function a loop trace may call, if it has one. */
function functionTrace(rec: RecordState, fn: LuaValue): LoopState | null {
  if (!(fn instanceof LuaClosure) || fn.proto.isVararg) return null;
  const ls = (rec.L.jit as { findLoop?: LoopLookup } | null)?.findLoop?.(fn.proto, -1) ?? null;
  return ls !== null && ls.fn !== null && !ls.blacklisted ? ls : null;
}

const call: OpRecorder = (rec, f, pc, i) => {
  const a = argA(i);
  const b = argB(i);
  const c = argC(i);
  const s = rec.stack;
  const fidx = f.base + a;
  const fn = s[fidx];
  const ft = rec.rtype(f, a);
  if (ft === TT.TAB) return recordCallMeta(rec, f, pc, i);
  if (ft !== TT.FUN) throw new Abort('calling a non-function');
  // A pure native's results may go straight into a pure native's arguments (`tonumber(s:sub(i))`),
  // and so may a function trace's called from a loop trace (`itemCheck(bottomUpTree(d))`).
  const native = fn instanceof NativeFunction;
  const traced = f.depth === 0 && rec.tree.kind === 'loop' ? functionTrace(rec, fn) : null;
  const counted = native || traced !== null;
  // f(g(x)) or f(...), f inlined: g's RETURN has a count of its own, and so has a VARARG, which the
  // call takes from rec.top. In the loop's own frame an exit between them sets L.top (as for natives);
  // deeper, only before any store, where an exit re-runs the outermost call.
  const spread = rec.tree.kind === 'loop' && !counted && (f.depth === 0 || !rec.effects);
  if ((b === 0 && (!(counted || spread) || rec.top < 0)) || (c === 0 && !(counted || spread)))
    throw new Abort('variable argument or result count');
  const nargs = b === 0 ? rec.top - fidx - 1 : b - 1;
  const d = f.depth;
  if (native) return recordNative(rec, f, pc, i, fn, nargs);
  const cl = fn as LuaClosure;
  const p = cl.proto;
  if (p.pure && foldable(rec, f, i, cl)) return foldPure(rec, f, pc, i, cl);
  // A vararg callee is inlined only before any store: an exit inside it re-runs the call.
  const extra = p.isVararg ? Math.max(nargs - p.numparams, 0) : 0;
  if (
    p.isVararg &&
    (rec.tree.kind !== 'loop' || rec.effects || extra > MAX_INLINED_VARARGS || p.maxstack > VARARG_REGS)
  )
    throw new Abort('vararg callee');
  if (d === 0 && rec.tree.kind === 'function') {
    const ls = rec.trees?.(p, -1) ?? null;
    if (ls !== null && (p === rec.tree.proto || ls.fn !== null)) return callFunction(rec, f, pc, i, cl, ls);
  }
  if (traced !== null) {
    // A function with a trace of its own is recursive (inlining it would abort): call its trace.
    for (let j = 0; j < c - 1; j++)
      if (rec.tree.headerLocals.has(a + j)) throw new Abort('call result in a loop-carried local');
    return callFunction(rec, f, pc, i, cl, traced);
  }
  rec.checkInlinable(p);
  // A function made more than once (a callback written inline at its call) is guarded on its prototype:
  // on its identity, every new closure left the trace at the call (map over 50 items with a fresh
  // closure per call: one exit per item, slower than the interpreter).
  const byProto = p.closures > 1;
  rec.emit({ k: 'fnguard', src: vreg(d, a), fn, proto: byProto ? p : undefined, exit: rec.exit(pc) });
  // The function slot too: an inlined tail call puts its callee there (inlinedTailCall).
  rec.enterCall(s.slice(fidx + 1, fidx + 1 + nargs), fn, b === 0 ? rec.top : -1);
  rec.top = -1;
  const nf: Frame = { cl, p, depth: rec.frames.length, base: fidx + 1, callPc: pc, retA: a, nres: c - 1 };
  if (byProto) nf.clo = vreg(d, a);
  if (p.isVararg) {
    const ts: TT[] = [];
    for (let j = 0; j < extra; j++) {
      const t = rec.rtype(f, a + 1 + p.numparams + j);
      ts.push(t);
      rec.emit({
        k: 'mov',
        dst: vreg(nf.depth, VARARG_REGS + j),
        src: rec.reg(f, a + 1 + p.numparams + j),
        t,
      });
    }
    nf.va = { ts, vals: s.slice(fidx + 1 + p.numparams, fidx + 1 + p.numparams + extra) };
  }
  rec.L.ensureStack(nf.base + p.maxstack + 1);
  for (let j = 0; j < p.numparams; j++) {
    const dst = vreg(nf.depth, j);
    if (j < nargs) {
      const t = rec.rtype(f, a + 1 + j);
      rec.emit({ k: 'mov', dst, src: rec.reg(f, a + 1 + j), t });
      rec.types.set(dst, t);
      rec.copyKnown(vreg(d, a + 1 + j), dst);
    } else {
      rec.emit({ k: 'mov', dst, src: { k: undefined }, t: TT.NIL });
      rec.types.set(dst, TT.NIL);
      s[nf.base + j] = undefined;
    }
  }
  rec.frames.push(nf);
  return 0;
};

const ret: OpRecorder = (rec, f, pc, i) => {
  if (f.depth === 0 && rec.tree.kind === 'loop') throw new Abort('return from the loop');
  const b = argB(i);
  if (b === 0) throw new Abort('variable result count');
  const a = argA(i);
  const n = b - 1;
  // A call wanting all results (f.nres -1) gets this RETURN's n.
  const want = f.nres < 0 ? n : f.nres;
  if (f.depth === 0) {
    // The end of a function trace; the interpreter runs this RETURN itself after the recording.
    const ts: TT[] = [];
    for (let j = 0; j < n; j++) ts.push(rec.rtype(f, a + j));
    rec.emit({ k: 'ret', a, n, ts });
    rec.endPc = pc;
    return -1;
  }
  // Checked before any state changes: an abort must leave the callee's frame as it is.
  for (let j = 0; j < Math.min(n, want); j++)
    if (!rec.types.has(vreg(f.depth, a + j))) throw new Abort('returning an unset register');
  if (f.cmp !== undefined) return returnToCompare(rec, f, a, n);
  rec.frames.pop();
  const caller = rec.frame;
  const s = rec.stack;
  const vals: LuaValue[] = [];
  for (let j = 0; j < want; j++) vals.push(j < n ? s[f.base + a + j] : undefined);
  for (let j = 0; j < want; j++) {
    const dst = vreg(caller.depth, f.retA + j);
    if (j < n) {
      const t = rec.types.get(vreg(f.depth, a + j))!;
      rec.emit({ k: 'mov', dst, src: { r: vreg(f.depth, a + j) }, t });
      rec.setType(caller, f.retA + j, t);
      rec.copyKnown(vreg(f.depth, a + j), dst);
    } else {
      rec.emit({ k: 'mov', dst, src: { k: undefined }, t: TT.NIL });
      rec.setType(caller, f.retA + j, TT.NIL);
    }
    s[caller.base + f.retA + j] = vals[j];
  }
  if (f.nres < 0) rec.setTop(caller.base + f.retA + n);
  // A later call at the same depth starts afresh.
  rec.forgetFrame(f.depth);
  rec.leftCall();
  return f.callPc + 1;
};

/**
 * A call to a function with a function trace (itself, when recursive) from a function trace: the
 * trace calls the compiled callee as a JS function. Here the call runs in the interpreter, to its end.
 */
function callFunction(
  rec: RecordState,
  f: Frame,
  pc: number,
  i: number,
  cl: LuaClosure,
  ls: LoopState,
): number {
  // Its handover finishes the callee's frames in a nested loop, which a yield cannot leave.
  if (rec.inCoroutine) throw new Abort(IN_COROUTINE);
  const a = argA(i);
  const s = rec.stack;
  const fidx = f.base + a;
  // B = 0: the arguments end at L.top; C = 0 (loop traces): as many results as the callee returned
  // when recorded, checked when it returns.
  const nargs = argB(i) === 0 ? rec.top - fidx - 1 : argB(i) - 1;
  const all = argC(i) === 0;
  let nres = argC(i) - 1;
  const targs: TT[] = [];
  for (let j = 1; j <= nargs; j++) targs.push(rec.rtype(f, a + j));
  rec.emit({ k: 'fnguard', src: a, fn: cl, exit: rec.exit(pc) });
  const exit = rec.exit(pc);
  exit.kind = 'call';
  const spill = new Map([...rec.snapshot()].filter(([r]) => r <= a));
  const before = rec.snapshot();
  let ci: CallInfo;
  try {
    ci = rec.L.pushFrame(cl, fidx, nargs, nres);
  } catch (e) {
    // Before any state changed: the interpreter makes the call and raises the error itself.
    if (e instanceof StackOverflow) throw new Abort('stack overflow');
    throw e;
  }
  // Its RETURN leaves this nested run of the interpreter; no native lies between it and this frame,
  // whose line (for error levels) is the call's.
  rec.ci.pc = pc + 1;
  ci.fromNative = true;
  ci.metaCall = true;
  rec.L.execute(rec.L);
  rec.abortPc = pc + 1;
  if (all) nres = rec.L.top - fidx;
  const after = newExit('after', pc + 1, new Map([...before].filter(([r]) => r < a || r >= a + nres)));
  if (all) after.top = a + nres;
  const ts: TT[] = [];
  for (let j = 0; j < nres; j++) {
    const t = traceableType(s[fidx + j]);
    ts.push(t);
  }
  // Enough for the callee's frame as pushFrame sizes it: a trace leaving never grows the stack.
  const room = cl.proto.maxstack + cl.proto.numparams + 2;
  const nparams = cl.proto.numparams;
  const site = rec.tree.kind === 'loop' ? rec.konst(new FunctionCallSite(pc, all ? -1 : nres)) : undefined;
  rec.emit({
    k: 'callfn',
    site,
    exact: all,
    a,
    nargs,
    targs,
    nparams,
    nres,
    callee: rec.konst(ls),
    ts,
    room,
    exit,
    after,
    spill,
  });
  for (let j = 0; j < nres; j++) rec.setType(f, a + j, ts[j]!);
  // As the interpreter leaves it: the call taking these results finds their end in L.top.
  rec.top = all ? fidx + nres : -1;
  rec.abortPc = -1;
  return pc + 1;
}

/**
 * A tail call ends a function trace, before it runs: the interpreter makes it after the recording.
 * The trace calls the callee's function trace, whose results are its own.
 */
const tailCall: OpRecorder = (rec, f, pc, i) => {
  if (f.depth !== 0 && rec.tree.kind === 'loop') return inlinedTailCall(rec, f, pc, i);
  if (f.depth !== 0 || rec.tree.kind !== 'function') throw new Abort('tail call');
  const a = argA(i);
  const b = argB(i);
  if (b === 0) throw new Abort('variable argument count');
  const fn = rec.stack[f.base + a];
  if (rec.rtype(f, a) !== TT.FUN || !(fn instanceof LuaClosure) || fn.proto.isVararg)
    throw new Abort('tail call to a native or vararg function');
  const ls = rec.trees?.(fn.proto, -1) ?? null;
  if (ls === null || ls.blacklisted) throw new Abort('tail call to a function without a trace');
  const nargs = b - 1;
  const targs: TT[] = [];
  for (let j = 1; j <= nargs; j++) targs.push(rec.rtype(f, a + j));
  rec.emit({ k: 'fnguard', src: a, fn, exit: rec.exit(pc) });
  const exit = rec.exit(pc);
  exit.kind = 'call';
  const nparams = fn.proto.numparams;
  const room = fn.proto.maxstack + fn.proto.numparams + 2;
  rec.emit({ k: 'tailfn', a, nargs, targs, nparams, callee: rec.konst(ls), room, exit });
  rec.endPc = pc;
  return -1;
};

/**
 * A tail call in an inlined function (`return setmetatable(o, C)`, `return new(x)`). To a native: a
 * call wanting the results the inlined function's caller wants, then its return. To a Lua function:
 * as the interpreter's TAILCALL, the callee's frame replaces the caller's (the arguments move down to
 * its first registers), so exits inside it rebuild the frames the interpreter would have.
 */
function inlinedTailCall(rec: RecordState, f: Frame, pc: number, i: number): number {
  const a = argA(i);
  const b = argB(i);
  // B = 0: the arguments end where the values before it (a VARARG, a call's results) ended.
  if (b === 0 && rec.top < 0) throw new Abort('variable argument count');
  const nargs = b === 0 ? rec.top - (f.base + a) - 1 : b - 1;
  const d = f.depth;
  const s = rec.stack;
  const fn = s[f.base + a];
  if (rec.rtype(f, a) !== TT.FUN) throw new Abort('calling a non-function');
  if (fn instanceof NativeFunction) {
    // All results wanted (f(g(x)), g ending in this call): the natives traced return one, but some.
    if (f.nres < 0 && PURE_NATIVES.get(fn.name)?.multi === true) throw new Abort('variable result count');
    const want = f.nres < 0 ? 1 : f.nres;
    const next = recordNative(rec, f, pc, encABC(Op.CALL, a, b, want + 1), fn, nargs);
    return next === pc + 1 ? ret(rec, f, pc + 1, encABC(Op.RETURN, a, want + 1, 0)) : next;
  }
  const cl = fn as LuaClosure;
  const p = cl.proto;
  if (p.isVararg) throw new Abort('vararg callee');
  // The closure is known only by its prototype in the function slot, which stays the caller's here.
  if (p.closures > 1 || p.pure) throw new Abort('tail call');
  if (rec.frames.some((fr) => fr.p === p)) throw new Abort('recursive call');
  rec.emit({ k: 'fnguard', src: vreg(d, a), fn, exit: rec.exit(pc) });
  const ts: TT[] = [];
  for (let j = 0; j < nargs; j++) ts.push(rec.rtype(f, a + 1 + j));
  rec.forgetFrame(d);
  // Upward moves in order: each argument is read before a lower register is written.
  for (let j = 0; j < p.numparams; j++) {
    const dst = vreg(d, j);
    if (j < nargs) {
      rec.emit({ k: 'mov', dst, src: { r: vreg(d, a + 1 + j) }, t: ts[j]! });
      rec.types.set(dst, ts[j]!);
    } else {
      rec.emit({ k: 'mov', dst, src: { k: undefined }, t: TT.NIL });
      rec.types.set(dst, TT.NIL);
    }
  }
  rec.L.ensureStack(f.base + p.maxstack + 1);
  s[f.base - 1] = cl;
  for (let j = 0; j < p.numparams; j++) s[f.base + j] = j < nargs ? s[f.base + a + 1 + j] : undefined;
  rec.frames[d] = {
    cl,
    p,
    depth: d,
    base: f.base,
    callPc: f.callPc,
    retA: f.retA,
    nres: f.nres,
    meta: f.meta,
    cmp: f.cmp,
  };
  return 0;
}

export const CALLS: Record<number, OpRecorder> = {
  [Op.CALL]: call,
  [Op.TAILCALL]: tailCall,
  [Op.RETURN]: ret,
};
