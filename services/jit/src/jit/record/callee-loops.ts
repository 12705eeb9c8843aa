// Recording loops met inside an inlined call (see calleeloops.ts): the FORPREP is recorded as in the
// traced function, and at the loop's header the callee's compiled tree is run and called from the
// trace, which goes on recording after the loop. Only callees called from the traced loop's own frame
// (depth 1), whose loop already has a tree. A numeric for loop that goes round a few times at most is
// unrolled instead when it has no tree, or when its bounds are constants of the trace and its body
// straight code (unrollable): its trips are straight-line code, each back-edge a guard that the count
// is as recorded. A loop of one trip per call never takes its back-edge, so never gets a tree, and
// without this its caller's loop aborted until blacklisted.
import { argA, argSBx, Op, opOf } from '../../compiler/opcodes.ts';
import type { Proto } from '../../compiler/proto.ts';
import type { LoopState } from '../cache.ts';
import { CalleeSite } from '../calleeloops.ts';
import { newExit, vreg } from '../ir.ts';
import { backEdgeTargets, loopEndPc, straightBody } from '../loops.ts';
import { TT, typeOfValue } from '../types.ts';
import { registersWritten } from '../writes.ts';
import { liveAt } from '../liveness.ts';
import { Abort, type Frame, IN_COROUTINE, type RecordState } from './state.ts';
import { forprepCount, forprepEnter, forprepSkips } from './forprep.ts';

/** Trips of a numeric for loop without a tree that an inlined call may unroll. */
export const MAX_UNROLLED_TRIPS = 4;

/** Finds the compiled tree of a loop (the engine's cache). */
export type LoopLookup = (p: Proto, header: number) => LoopState | null;

const headers = new WeakMap<Proto, Set<number>>();
/** Where a recording's last called callee tree left it. */
const resumedAt = new WeakMap<RecordState, number>();

function headersOf(p: Proto): Set<number> {
  let h = headers.get(p);
  if (h === undefined) headers.set(p, (h = backEdgeTargets(p)));
  return h;
}

/**
 * Records the instruction at pc of an inlined callee when it belongs to one of the callee's loops;
 * returns the next pc, or -1 when the instruction is not a loop's (the ordinary recorders take it).
 */
export function recordCalleeLoop(rec: RecordState, f: Frame, pc: number, i: number): number {
  if (rec.tree.kind !== 'loop' || f.depth === 0) return -1;
  const trees = (rec.L.jit as { findLoop?: LoopLookup } | null)?.findLoop;
  if (trees === undefined) return -1;
  // A tree that left at its own header (a while loop's condition): the condition is recorded next.
  if (resumedAt.get(rec) === pc) {
    resumedAt.delete(rec);
    return -1;
  }
  const op = opOf(i);
  if (op === Op.FORPREP) return forprep(rec, f, pc, i, trees);
  if (!headersOf(f.p).has(pc) || f.unrolled?.has(pc) === true) return -1;
  return callLoop(rec, f, pc, trees);
}

function usable(rec: RecordState, f: Frame, header: number, trees: LoopLookup): LoopState {
  if (f.depth !== 1 || rec.verify !== null) throw new Abort('loop in an inlined call');
  // Its tree's exits finish the callee in a nested loop, which a yield cannot leave.
  if (rec.inCoroutine) throw new Abort(IN_COROUTINE);
  // Its tree runs under a real frame, which would have no varargs.
  if (f.va !== undefined) throw new Abort('loop in an inlined vararg call');
  // CalleeSite returns to the caller's function slot, not to a metamethod's target register.
  if (f.meta === true) throw new Abort('loop in a metamethod');
  const ls = trees(f.p, header);
  if (ls === null || ls.fn === null) throw new Abort('loop in an inlined call without a tree');
  return ls;
}

/**
 * A loop of an inlined call that goes round MAX_UNROLLED_TRIPS times at most now. One without a tree
 * has no other way into the trace, so it is unrolled whatever its bounds: a run with another trip
 * count leaves by the count's guard, where a side path may unroll that count. One with a tree is left
 * to it unless every run goes round as often (constant bounds) through straight code: a side path
 * cannot start inside an unrolled trip before the call's first store (the exit re-runs the call), so
 * exits from its tests would stay exits, and a nested loop in it may have no tree where it had one.
 */
function unrollable(rec: RecordState, f: Frame, i: number, header: number, trees: LoopLookup): boolean {
  if (
    trees(f.p, header)?.fn != null &&
    (rec.argsConstancy(f, argA(i) - 1, 3) === 'varying' || !straightBody(f.p, header))
  )
    return false;
  return forprepCount(rec.stack, f.base + argA(i)) < MAX_UNROLLED_TRIPS;
}

function forprep(rec: RecordState, f: Frame, pc: number, i: number, trees: LoopLookup): number {
  const skip = forprepSkips(rec, f, i);
  const unroll = !skip && unrollable(rec, f, i, pc + 1, trees);
  if (!skip && !unroll) usable(rec, f, pc + 1, trees);
  rec.emit({ k: 'forprep', a: vreg(f.depth, argA(i)), skip, exit: rec.exit(pc) });
  if (skip) return pc + 1 + argSBx(i) + 1;
  forprepEnter(rec, f, i);
  if (unroll) (f.unrolled ??= new Set()).add(pc + 1);
  else f.unrolled?.delete(pc + 1);
  return pc + 1;
}

function callLoop(rec: RecordState, f: Frame, h: number, trees: LoopLookup): number {
  const ls = usable(rec, f, h, trees);
  const root = rec.frames[0]!;
  // Everything the trace holds is stored before the tree runs: the callee's registers (the tree's
  // live-ins) and the root's, which the interpreter needs should the callee be finished there.
  // (Root registers above the call's function slot are the callee's frame: stored as its own.)
  const spill = newExit('call', f.callPc + 1, new Map([...rec.snapshot()].filter(([r]) => r <= f.retA)));
  spill.frames = rec.inlinedFrames(h);
  const func = f.base - 1 - root.base;
  const site = new CalleeSite(f.cl, func, f.nres, f.callPc, h, ls, -1, f.clo !== undefined);
  const resume = site.run(rec.L, rec.stack, root.base);
  if (resume < 0) {
    // The interpreter has finished the call: the state is after it, in the root frame.
    rec.abortPc = -2 - resume;
    throw new Abort('loop tree of an inlined call left early');
  }
  site.resume = resume;
  // From here on the callee has run its loop (and stored): exits resume inside it.
  rec.sideEffect();
  // The callee's registers the loop may have written: those live where it resumes are reloaded, the
  // others are dead and forgotten (exits must not store stale values over them).
  const written = registersWritten(f.p, h, loopEndPc(f.p, h));
  const live = liveAt(f.p, resume);
  const reload: [number, TT][] = [];
  for (const r of written) {
    if (!live(r)) {
      rec.types.delete(vreg(f.depth, r));
      continue;
    }
    const t = typeOfValue(rec.stack[f.base + r]);
    if (t === TT.OTHER) {
      // The interpreter finishes the callee from where its loop left.
      rec.abortFrames = rec.inlinedFrames(resume);
      rec.abortPc = f.callPc + 1;
      throw new Abort('untraceable value type');
    }
    reload.push([r, t]);
  }
  rec.emit({
    k: 'calleeloop',
    depth: f.depth,
    off: f.base - root.base,
    header: h,
    site: rec.konst(site),
    spill,
    resume,
    reload,
  });
  for (const [r, t] of reload) rec.types.set(vreg(f.depth, r), t);
  resumedAt.set(rec, resume);
  return resume;
}
