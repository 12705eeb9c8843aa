// Loops inside inlined calls. A loop trace that calls a function with a loop (n-body's top-level loop
// calling `advance`) inlines the call as usual and, at the callee's loop, runs that loop's own
// compiled tree on the callee's registers, then goes on with the callee after the loop. While the
// tree runs, the callee has a real frame (so errors, error levels and nested exits see what the
// interpreter would have); when the tree leaves anywhere but where it left when recorded, the
// interpreter finishes the callee from there and the trace leaves after the call.
import type { LuaState } from '../vm/state.ts';
import type { LuaClosure, LuaValue } from '../vm/value.ts';
import type { LoopState } from './cache.ts';
import type { Gen } from './codegen.ts';
import { finishInlined } from './inlined.ts';
import type { Node } from './ir.ts';
import { captured } from './liveness.ts';
import { checkExpr, unboxExpr } from './types.ts';

/** Callee trees running inside one another (JS recursion): deeper ones are left to the interpreter. */
const MAX_NESTING = 50;
let running = 0;

/** One call site of a callee's loop tree in a trace (kept in the trace's consts). */
export class CalleeSite {
  constructor(
    readonly cl: LuaClosure,
    /** The callee's function slot, relative to the root frame's base. */
    readonly func: number,
    /** Results the caller wants from it. */
    readonly nres: number,
    /** Root-frame pc of the call. */
    readonly callPc: number,
    readonly header: number,
    readonly loop: LoopState,
    /** Where the tree left when recorded; -1 while recording (anywhere will do). */
    public resume: number,
    /** The call is guarded on cl's prototype: the closure is the one in the function slot. */
    readonly inSlot = false,
  ) {}

  private closure(stack: LuaValue[], base: number): LuaClosure {
    return this.inSlot ? (stack[base + this.func] as LuaClosure) : this.cl;
  }

  /**
   * Runs the loop's tree in a frame of its own. Returns the callee pc it left at, frame popped, when
   * that is `resume`; otherwise the interpreter finishes the callee (the trace returns -2 - pc after
   * the call, which this returns as -2 - that pc).
   */
  run(L: LuaState, stack: LuaValue[], base: number): number {
    const root = L.ci;
    root.pc = this.callPc + 1;
    const cl = this.closure(stack, base);
    const ci = L.pushFrame(cl, base + this.func, cl.proto.numparams, this.nres);
    const ls = this.loop;
    let pc = this.header;
    let frames = null;
    let entered = false;
    if (ls.fn !== null && running < MAX_NESTING) {
      running++;
      let r: number;
      try {
        r = ls.fn(L, stack, ci.base, cl.upvals);
      } catch (e) {
        // Only a host failure gets here (a stack that cannot grow): the caller's frame is current.
        L.ci = root;
        throw e;
      } finally {
        running--;
      }
      entered = r !== -1;
      if (r < -1) pc = -2 - r;
      else if (r >= 0) {
        const ex = ls.exits[r]!;
        pc = ex.pc;
        frames = ex.frames;
      }
    }
    // Left at its header without running (entry guards) or after running (a while loop's condition
    // failing): only the latter counts as running the loop.
    if (frames === null && entered && (this.resume < 0 || pc === this.resume)) {
      L.ci = root;
      return pc;
    }
    ci.pc = pc;
    ci.fromNative = true;
    ci.metaCall = true;
    if (frames !== null) finishInlined(L, frames, ci.base);
    L.execute(L);
    return -2 - (this.callPc + 1);
  }

  /** Leaves the trace at pc in the callee, its registers on the stack: the interpreter finishes it. */
  finish(L: LuaState, base: number, pc: number): number {
    L.ci.pc = this.callPc + 1;
    const cl = this.closure(L.stack, base);
    const ci = L.pushFrame(cl, base + this.func, cl.proto.numparams, this.nres);
    ci.pc = pc;
    ci.fromNative = true;
    ci.metaCall = true;
    L.execute(L);
    return -2 - (this.callPc + 1);
  }
}

/**
 * The code of a calleeloop node: spill, run the tree, reload what is read after the loop. The callee
 * sees the caller's frame only from its own function slot up and through the upvalues of closures the
 * caller makes: the caller's other registers are stored only where the interpreter takes over (after
 * the callee, whose results land from its function slot up, so the late stores cannot clobber them).
 * A loop of eight multiply-adds called 3M times from a loop summing its results: 60 -> 52 ns a call,
 * the caller's float sum no longer boxed into the stack at every call.
 */
export function calleeLoopCode(g: Gen, n: Extract<Node, { k: 'calleeloop' }>): string {
  const site = g.konst(g.tree.consts[n.site]);
  const seen = new Set(captured(g.tree.proto));
  const { before, leave } = g.spillAround(n.spill, n.spill.pc, (r) => r >= n.off - 1 || seen.has(r));
  let code = `${before}\nu = ${site}.run(L, stack, base); if (u !== ${n.resume}) ${leave('u')}`;
  for (const [r, t] of n.reload) {
    const slot = n.off + r;
    code +=
      `\nt = stack[base + ${slot}]; if (!(${checkExpr(t, 't')})) ${leave(`${site}.finish(L, base, ${n.resume})`)} ` +
      `${g.dst(n.depth * 256 + r)} = ${unboxExpr(t, 't')};`;
  }
  return code;
}
