// Loops nested in the traced one: inlined as nested JS loops (peeled while their types settle, later
// iterations checked against the recorded body) or, when they have a compiled tree, called as one.
import { argA, argSBx, Op, opOf } from '../../compiler/opcodes.ts';
import { eachNode, exitsOf, newExit, PEELED, type InnerInfo, type Node } from '../ir.ts';
import { finishInlined } from '../inlined.ts';
import { headerLocalsOf, loopEndPc, straightBody } from '../loops.ts';
import { TT } from '../types.ts';
import { registersWritten } from '../writes.ts';
import { Abort, IN_COROUTINE, nestedAbort, type RecordState, type Visit, traceableType } from './state.ts';

/** Iterations a nested loop may run while being recorded inline; longer ones are called as trees. */
const MAX_INLINE_ITERATIONS = 100;
/** Iterations of a nested loop unrolled into straight code while its types settle. */
const MAX_PEELS = 2;

export type BackEdge = Extract<Node, { k: 'forloop' | 'tforloop' | 'loop' }>;

export type InnerPlan =
  | { kind: 'verified'; target: number }
  | { kind: 'resume'; target: number; id: number }
  | { kind: 'peel' | 'wrap'; target: number; visit: Visit; body: Node[]; carried: Map<number, TT> };

/**
 * At the header of a nested loop that has a compiled tree: run that tree (on the real state, as the
 * trace will) and carry on recording where it left. Returns -1 when the tree is not usable here.
 */
export function callTree(rec: RecordState, h: number): number {
  if (rec.trees === null || (rec.callFailed.get(h) ?? 0) >= 2) return -1;
  const f = rec.frames[0]!;
  const ls = rec.trees(f.p, h);
  if (ls === null || ls.fn === null) return -1;
  // The tree it calls may change into one a coroutine cannot run (yieldsafe.ts).
  if (rec.inCoroutine) throw new Abort(IN_COROUTINE);
  const spill = newExit('guard', -1, rec.snapshot());
  const r = ls.fn(rec.L, rec.stack, f.base, f.cl.upvals);
  if (r < -1) {
    // It left from a tree or callee it called, the state already at that pc.
    rec.abortPc = -2 - r;
    throw new Abort('nested tree left early');
  }
  if (r < 0) {
    rec.callFailed.set(h, (rec.callFailed.get(h) ?? 0) + 1);
    return -1;
  }
  const ex = ls.exits[r]!;
  const resume = ex.pc;
  // From here on the state has moved to `resume`: an abort must resume there.
  rec.abortPc = resume;
  if (ex.frames !== null) {
    // It left inside a call it inlined, which the interpreter finishes first.
    rec.ci.pc = resume;
    finishInlined(rec.L, ex.frames, f.base);
    throw new Abort('nested tree left in a call');
  }
  if (resume === h) throw new Abort('nested tree left at once');
  // The tree may have left in the middle of its body, where any register it assigns can be live:
  // all of those are read back.
  const reload: [number, TT][] = [];
  for (const reg of registersWritten(f.p, h, loopEndPc(f.p, h))) {
    const t = traceableType(rec.stack[f.base + reg]);
    reload.push([reg, t]);
  }
  rec.emit({ k: 'calltree', header: h, loop: rec.konst(ls), spill, resume, reload });
  for (const [reg, t] of reload) rec.setType(f, reg, t);
  rec.abortPc = -1;
  return resume;
}

/** The traced loop's own back-edge: the path is complete (unless a nested loop is being checked). */
export function rootBackEdge(rec: RecordState): number {
  if (rec.verify !== null) throw nestedAbort('nested loop path changed');
  return -1;
}

/**
 * A back-edge to a loop nested in the traced one, its node just emitted: everything that may abort
 * is checked here, before the back-edge runs. The first time round, the nodes since that loop's
 * header become its body: a nested JS loop when its carried registers kept their types, else a
 * peeled (straight-line) copy and the next iteration is tried. Later iterations run through the
 * recorder only to check that they follow the same body. `tripsLeft`: iterations a numeric for loop
 * has still to run (0 when unknown).
 */
export function planInner(rec: RecordState, target: number, tripsLeft = 0): InnerPlan {
  const v = rec.verify;
  if (v !== null) {
    // A long nested loop is better run by its own tree (a call costs little next to its iterations).
    if (++v.iterations > MAX_INLINE_ITERATIONS && rec.trees === null) throw nestedAbort('long nested loop');
    if (target !== v.header || rec.out.length !== v.body.length)
      throw nestedAbort('nested loop path changed');
    return { kind: 'verified', target };
  }
  const inner = enclosing(rec, target);
  if (inner !== null) {
    // A side path from inside a nested loop that goes round that loop (or one enclosing it) again.
    for (const [r, t] of inner.carried)
      if (rec.types.get(r) !== t) throw nestedAbort('type-unstable nested loop');
    // Its body's exits were recorded with these types (a local the side path rewrote as a float,
    // say, would be written back as one).
    for (const [r, t] of inner.locals)
      if (rec.written.has(r) && rec.types.get(r) !== t) throw nestedAbort('type-unstable nested loop');
    // Header locals of the traced loop written here must already be loop-carried with a known type
    // (exits write them back as that type; a root path ending here never set it).
    for (const r of rec.pathWrites) {
      if (!rec.tree.headerLocals.has(r)) continue;
      const e = rec.tree.entry.get(r);
      if (e === undefined || (!inner.carried.has(r) && e !== rec.types.get(r)))
        throw nestedAbort('type-unstable nested loop');
    }
    return { kind: 'resume', target, id: inner.id };
  }
  // A numeric for loop known to go round that often, with no test that could end it early (a search
  // that breaks at its fifth trip is better inline), is called as a tree straight away, without
  // recording a hundred of its iterations first (spectral-norm: 15 ms of an 0.17 s run).
  if (tripsLeft >= MAX_INLINE_ITERATIONS && rec.trees === null && straightBody(rec.frames[0]!.p, target))
    throw nestedAbort('long nested loop');
  const visit = rec.visits.get(target);
  if (visit === undefined) {
    // Recording started inside this nested loop: the partial iteration stays straight-line code
    // and the loop is recorded from its header on. Again and again: its body keeps diverging.
    const again = (rec.unvisited.get(target) ?? 0) + 1;
    if (again > MAX_PEELS) throw nestedAbort('nested loop never settles');
    rec.unvisited.set(target, again);
    const start = {
      idx: rec.out.length,
      writeIdx: rec.writeLog.length,
      types: new Map(rec.types),
      peels: 0,
    };
    return { kind: 'peel', target, visit: start, body: [], carried: new Map() };
  }
  // A nested loop with a compiled tree that refused its first iteration: run this iteration
  // straight and try the tree again at the next one.
  const tried = rec.callFailed.get(target) ?? 0;
  const callable =
    rec.trees !== null && tried > 0 && tried < 2 && rec.trees(rec.frames[0]!.p, target)?.fn != null;
  if (callable) return { kind: 'peel', target, visit, body: [], carried: new Map() };
  const body = rec.out.slice(visit.idx);
  if (body.some((m) => m.k === 'inner')) throw nestedAbort('loops nested too deep');
  const { carried, stable } = carriedSince(rec, target, visit);
  if (!stable && visit.peels >= MAX_PEELS) throw nestedAbort('type-unstable nested loop');
  return { kind: stable ? 'wrap' : 'peel', target, visit, body, carried };
}

/**
 * The locals of the nested loop at h written since `visit` (its header), with their types now, and
 * whether each still has the type it had there.
 */
function carriedSince(
  rec: RecordState,
  h: number,
  visit: Visit,
): { carried: Map<number, TT>; stable: boolean } {
  const locals = headerLocalsOf(rec.frames[0]!.p, h);
  const carried = new Map<number, TT>();
  let stable = true;
  for (const r of rec.writeLog.slice(visit.writeIdx)) {
    if (!locals.has(r) || carried.has(r)) continue;
    const t = rec.types.get(r)!;
    if ((visit.types.get(r) ?? rec.tree.entry.get(r)) !== t) stable = false;
    carried.set(r, t);
  }
  return { carried, stable };
}

/**
 * The nested loop with header h whose JS loop encloses the nodes now emitted, if any: a path that
 * comes back to h may continue it. A path that passed h itself is in a later loop with that header.
 */
function enclosing(rec: RecordState, h: number): InnerInfo | null {
  if (rec.visits.has(h)) return null;
  for (let l = rec.lexical; l !== null; l = l.outer) if (l.header === h) return l;
  return null;
}

/** Types of the locals in scope at a nested loop's header when its body was recorded. */
function headerTypes(rec: RecordState, target: number, visit: Visit): Map<number, TT> {
  const types = new Map<number, TT>();
  for (const r of headerLocalsOf(rec.frames[0]!.p, target)) {
    const t = visit.types.get(r) ?? rec.tree.entry.get(r);
    if (t !== undefined) types.set(r, t);
  }
  return types;
}

/**
 * Replaces the nodes emitted since `visit` (the nested loop at h's header) by one nested JS loop with
 * `body`; returns its scope. An exit inside it also restores what earlier iterations of it wrote.
 */
function wrapInner(
  rec: RecordState,
  h: number,
  visit: Visit,
  body: Node[],
  carried: Map<number, TT>,
): InnerInfo {
  const id = rec.tree.innerLoops++;
  rec.out.splice(visit.idx);
  rec.out.push({ k: 'inner', id, body });
  const info = { id, header: h, carried, locals: headerTypes(rec, h, visit), outer: rec.lexical };
  eachNode(body, (m) => {
    for (const e of exitsOf(m)) {
      e.inner = info;
      for (const [r, t] of carried) if (!e.snap.has(r)) e.snap.set(r, t);
    }
  });
  return info;
}

/** Applies a plan after the back-edge ran; returns the next pc (or -1: side path complete). */
export function innerBackEdge(
  rec: RecordState,
  n: BackEdge,
  plan: InnerPlan,
  cont: boolean,
  after: number,
): number {
  const next = cont ? plan.target : after;
  switch (plan.kind) {
    case 'verified': {
      const v = rec.verify!;
      rec.out = [];
      if (!cont) {
        rec.verify = null;
        rec.out = v.parentOut;
      }
      return next;
    }
    case 'resume':
      n.target = plan.id;
      if (n.k === 'forloop') n.breaks = false;
      rec.endPc = next;
      return -1;
    case 'peel':
      n.target = PEELED;
      rec.visits.set(plan.target, {
        idx: rec.out.length,
        writeIdx: rec.writeLog.length,
        types: new Map(rec.types),
        peels: plan.visit.peels + 1,
      });
      return next;
    case 'wrap': {
      const body = plan.body;
      const info = wrapInner(rec, plan.target, plan.visit, body, plan.carried);
      n.target = info.id;
      if (cont) {
        rec.verify = {
          header: plan.target,
          body,
          parentOut: rec.out,
          backEdge: n.k === 'forloop' ? n : null,
          iterations: 0,
          inner: info,
        };
        rec.out = [];
      }
      return next;
    }
  }
}

/**
 * A nested `repeat ... until` the path entered at its header and left by its end test after one trip
 * (a side path that ran one more trip than its tree had): that trip becomes a nested JS loop all the
 * same, the end test's other outcome continuing it, with what the path did after the loop inside it.
 * Without this each longer trip count was one more straight-line trip spliced in later, and one more
 * recompile of the whole tree (fannkuch-redux's reversal: 2, 3, then 4 swaps).
 */
export function closeRepeatLoops(rec: RecordState): void {
  const p = rec.frames[0]!.p;
  for (const [h, visit] of rec.visits) {
    if (h === rec.tree.header) continue;
    // The end of `repeat ... until c`: a test, a JMP out past the back-edge, a JMPBACK to h.
    const end = loopEndPc(p, h);
    const back = p.code[end]!;
    const out = p.code[end - 1]!;
    const t = opOf(p.code[end - 2]!);
    if (opOf(back) !== Op.JMPBACK || argA(back) !== 0 || end + 1 + argSBx(back) !== h) continue;
    if (opOf(out) !== Op.JMP || argA(out) !== 0 || argSBx(out) !== 1) continue;
    if (t !== Op.EQ && t !== Op.LT && t !== Op.LE && t !== Op.TEST) continue;
    const body = rec.out.slice(visit.idx);
    if (body.some((m) => m.k === 'inner')) continue;
    // The last node testing inside the loop must be its end test, which the path took out.
    let last: Node | undefined;
    for (const m of body) {
      if ('exit' in m && m.exit.pc >= h && m.exit.pc <= end) last = m;
    }
    if (last === undefined || (last.k !== 'cmp' && last.k !== 'test') || last.exit.pc !== end - 2) continue;
    if (last.exit.side !== null || last.exit.frames !== null) continue;
    // Going round again, the loop's locals must have the types its trip was recorded with.
    const { carried, stable } = carriedSince(rec, h, visit);
    if (!stable) continue;
    const { id } = wrapInner(rec, h, visit, body, carried);
    last.exit.side = { nodes: [{ k: 'loop', target: id }], writes: new Set() };
    return;
  }
}
