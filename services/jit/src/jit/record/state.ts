// What a recording knows as it goes: the frames it is inside, the static type of every virtual
// register, what the iteration wrote, and where emitted nodes go. The recorders of each opcode family
// (the other files here) read and update it through this class.
import type { Proto } from '../../compiler/proto.ts';
import type { CallInfo, LuaState } from '../../vm/state.ts';
import type { LuaClosure, LuaValue } from '../../vm/value.ts';
import type { LoopState } from '../cache.ts';
import {
  exitsOf,
  newExit,
  vreg,
  type Exit,
  type InlinedFrame,
  type InnerInfo,
  type Node,
  type Opnd,
  type Tree,
} from '../ir.ts';
import { backEdgeTargets, loopEndPc } from '../loops.ts';
import { sameNode } from '../same.ts';
import { TT, typeOfValue } from '../types.ts';
import { promote } from './promote.ts';

export class Abort extends Error {
  /** The failure came from a nested loop (calling its own tree instead may work). */
  nested = false;
}

/** The abort of a coroutine's recording at what only the main thread's trees may do (yieldsafe.ts). */
export const IN_COROUTINE = 'nested interpreter run in a coroutine';

/** The trace type of a value about to enter the trace; a value no trace can hold aborts the recording. */
export function traceableType(v: LuaValue, why = 'untraceable value type'): TT {
  const t = typeOfValue(v);
  if (t === TT.OTHER) throw new Abort(why);
  return t;
}

export function nestedAbort(why: string): Abort {
  const a = new Abort(why);
  a.nested = true;
  return a;
}

export interface Frame {
  cl: LuaClosure;
  p: Proto;
  depth: number;
  /** Absolute stack index of register 0. */
  base: number;
  /** Caller's pc of the CALL (resume point after the return is pc + 1). */
  callPc: number;
  /** Caller's register receiving the results, and how many it wants. */
  retA: number;
  nres: number;
  /** Headers of this inlined call's numeric for loops being unrolled (record/callee-loops.ts). */
  unrolled?: Set<number>;
  /**
   * The caller's register holding the closure, when the call is guarded on its prototype (a function
   * made more than once): its upvalues are read through it, and exits find the closure there.
   */
  clo?: number;
  /**
   * An inlined vararg call's extra arguments (record/varargs.ts): their types and values when recorded,
   * held in registers VARARG_REGS.. of this frame.
   */
  va?: { ts: TT[]; vals: LuaValue[] };
  /**
   * A metamethod the interpreter would call from callPc's instruction (record/metamethods.ts): its one
   * result goes to the caller's register retA, not to a function slot, and the caller goes on at
   * callPc + 1.
   */
  meta?: true;
  /**
   * A comparison's metamethod (__eq, __lt, __le): no register receives its result; its truthiness
   * against this (the instruction's A) decides whether the caller skips the jump after it.
   */
  cmp?: boolean;
}

/** Where the recording was when it last passed a nested loop's header. */
export interface Visit {
  idx: number;
  writeIdx: number;
  types: Map<number, TT>;
  peels: number;
}

/** Checking further iterations of a nested loop against its recorded body. */
export interface Verify {
  header: number;
  body: Node[];
  parentOut: Node[];
  backEdge: Extract<Node, { k: 'forloop' }> | null;
  iterations: number;
  inner: InnerInfo;
}

/** Register types; setting or dropping one forgets what was known of the register's value. */
class TypeMap extends Map<number, TT> {
  /** Called with the register written, or null when every type is dropped. */
  constructor(private readonly forget: (v: number | null) => void) {
    super();
  }

  override set(v: number, t: TT): this {
    // Map's constructor would call set for an initial iterable, before `forget` is assigned.
    this.forget?.(v);
    return super.set(v, t);
  }

  override delete(v: number): boolean {
    this.forget(v);
    return super.delete(v);
  }

  override clear(): void {
    this.forget(null);
    super.clear();
  }
}

/** Inlined calls (metamethods included) one inside another, at most. */
const MAX_INLINE_DEPTH = 3;

export class RecordState {
  readonly nodes: Node[] = [];
  /** Where nodes go: the path, a side path continuing after a nested loop, or a scratch list. */
  out: Node[];
  verify: Verify | null = null;
  /**
   * The innermost nested loop whose generated JS loop the nodes now emitted lie in: a side path
   * continuing it, or one enclosing it, can jump back to its header.
   */
  lexical: InnerInfo | null = null;
  readonly visits = new Map<number, Visit>();
  /**
   * Nested loop headers met with no visit, whose iteration was therefore peeled: a divergence clears
   * the visits, so without this count a loop around one that diverges every time (mandelbrot's row
   * around its escape-time loop) was peeled iteration after iteration up to the runaway bound.
   */
  readonly unvisited = new Map<number, number>();
  readonly backTargets: Set<number>;
  /** The traced loop's last instruction (its back-edge): its body is header..loopEnd. */
  readonly loopEnd: number;
  /** Root registers in the order they were written (to tell what a nested loop's body wrote). */
  readonly writeLog: number[] = [];
  instrStart = 0;
  /** Nested loops whose tree refused the state at their header (calls to them are not retried). */
  readonly callFailed = new Map<number, number>();
  /** Set when an abort happens after a called tree changed the state: where the state is now. */
  abortPc = -1;
  /** Set when a side path ends by going round the nested loop it started in: where it stops. */
  endPc = -1;
  instrPc = 0;
  /**
   * Registers holding a value every run of the trace has at this point: `known` from hints (a
   * promoted local, a pure call's results, arithmetic on those), which later nodes take as constant
   * operands; `loaded` from constant loads, which only pure calls look at. Any write forgets them.
   */
  readonly known = new Map<number, LuaValue>();
  readonly loaded = new Map<number, LuaValue>();
  /** Root registers the loop's body assigns, once a promotion asked (record/promote.ts). */
  loopWrites: Set<number> | null = null;
  /** Registers known at each nested loop header's first visit (Recorder.settleKnown). */
  readonly knownAt = new Map<number, Set<number>>();
  /** Promote guards made and pure calls folded (the `--stats` line counts them for kept traces). */
  hintsApplied = 0;
  readonly types: Map<number, TT> = new TypeMap((v) => this.forget(v));
  /** Root registers written so far in this iteration (for side paths: since the loop header). */
  readonly written = new Set<number>();
  readonly pathWrites = new Set<number>();
  readonly frames: Frame[] = [];
  savedArgs: LuaValue[] = [];
  /**
   * What the outermost call's function slot held before the recording changed it: the callee, which
   * an inlined tail call replaces, or the table a __call handler took it from (record/metamethods.ts).
   */
  savedFn: LuaValue = undefined;
  callSnap: Map<number, TT> | null = null;
  /** rec.top when the outermost inlined call took its arguments from it (B = 0), else -1. */
  callTop = -1;
  /** The inlined call in progress has stored to a table, global or upvalue: it cannot be re-run. */
  effects = false;
  /** Set by unwind when an abort leaves the state inside inlined calls that had side effects. */
  abortFrames: InlinedFrame[] | null = null;
  /** After a call wanting all its results (C = 0), until the call taking them (B = 0): L.top. */
  top = -1;
  readonly stack: LuaValue[];
  /**
   * Recording in a coroutine (its state's thread has a body, as engine.ts runsCoroutine tells): nothing
   * may run Lua code in a nested interpreter loop (yieldsafe.ts).
   */
  readonly inCoroutine: boolean;

  constructor(
    readonly L: LuaState,
    readonly ci: CallInfo,
    readonly tree: Tree,
    /** The exit a side path starts from, or null for the root path. */
    readonly from: Exit | null,
    /** Compiled trees of other loops, which the recording may call instead of recording them. */
    readonly trees: ((p: Proto, header: number) => LoopState | null) | null = null,
  ) {
    this.stack = L.stack;
    this.inCoroutine = L.thread.body !== undefined;
    this.out = this.nodes;
    const cl = ci.closure!;
    this.backTargets = backEdgeTargets(cl.proto);
    this.loopEnd = tree.kind === 'loop' ? loopEndPc(cl.proto, tree.header) : cl.proto.code.length;
    this.frames.push({ cl, p: cl.proto, depth: 0, base: ci.base, callPc: -1, retA: 0, nres: 0 });
    if (from !== null) {
      if (from.promoted !== undefined) from.promoted.misses = (from.promoted.misses ?? 0) + 1;
      this.lexical = from.inner;
      for (const [r, t] of from.snap) {
        this.types.set(r, t);
        this.written.add(r);
      }
      if (from.loaded !== undefined) for (const [r, v] of from.loaded) this.loaded.set(r, v);
      if (from.frames !== null) this.enterFrames(from.frames, from.pc);
      if (from.top >= 0) this.top = ci.base + from.top;
    }
  }

  /** A side path from an exit inside inlined callees starts inside them, their stores done. */
  private enterFrames(frames: InlinedFrame[], rootPc: number): void {
    let callerPc = rootPc;
    let callerFunc = -1;
    frames.forEach((fr, j) => {
      const depth = j + 1;
      const base = this.frames[0]!.base + fr.func + 1;
      const retA = fr.meta ?? fr.func - callerFunc - 1;
      // Guarded on its prototype: the closure this exit left with is the one in the function slot.
      const cl = fr.fnInSlot ? (this.stack[base - 1] as LuaClosure) : fr.fn;
      this.frames.push({
        cl,
        p: cl.proto,
        depth,
        base,
        callPc: callerPc - 1,
        retA,
        nres: fr.nres,
        unrolled: fr.unrolled === undefined ? undefined : new Set(fr.unrolled),
        clo: fr.fnInSlot ? vreg(depth - 1, retA) : undefined,
        meta: fr.meta === undefined ? undefined : true,
        cmp: fr.cmp,
      });
      for (const [r, t] of fr.regs) this.types.set(vreg(depth, r), t);
      callerPc = fr.pc;
      callerFunc = fr.func;
    });
    this.callSnap = new Map();
    this.effects = true;
  }

  /** Puts the state back at a root-frame instruction boundary after an abort; returns its pc. */
  unwind(pc: number): number {
    if (this.frames.length === 1) return pc;
    const f1 = this.frames[1]!;
    if (this.effects) {
      // The stores already happened: the interpreter goes on inside the callees instead.
      this.abortFrames = this.inlinedFrames(pc);
      return f1.callPc + 1;
    }
    const args = this.savedArgs;
    for (let j = 0; j < args.length; j++) this.stack[f1.base + j] = args[j];
    if (this.savedFn !== undefined) this.stack[f1.base - 1] = this.savedFn;
    // A call taking its arguments from L.top (B = 0) finds them ending there again, whatever the
    // callees' VARARGs and calls left in it.
    if (this.callTop >= 0) this.L.top = this.callTop;
    return f1.callPc;
  }

  /** Loop-carried locals must come back to the header with the type they entered with. */
  checkStable(): void {
    const { entry, headerLocals } = this.tree;
    for (const r of this.written) {
      if (!headerLocals.has(r)) continue;
      const t = this.types.get(r)!;
      const e = entry.get(r);
      if (e === undefined) entry.set(r, t);
      else if (e !== t) throw new Abort('type-unstable loop');
    }
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  exit(pc: number): Exit {
    if (this.frames.length === 1) {
      const e = newExit('guard', pc, this.snapshot());
      if (this.top >= 0) e.top = this.top - this.frames[0]!.base;
      return e;
    }
    const callPc = this.frames[1]!.callPc;
    // Before any side effect an exit re-runs the whole call; after one it resumes inside the callees.
    const e = this.effects
      ? newExit('guard', callPc + 1, this.snapshot())
      : newExit('guard', callPc, this.callSnap!);
    if (this.effects) e.frames = this.inlinedFrames(pc);
    else if (this.callTop >= 0) e.top = this.callTop - this.frames[0]!.base;
    const loaded = [...this.loaded].filter(([v]) => v < 256);
    if (loaded.length > 0) e.loaded = new Map(loaded);
    return e;
  }

  /** The inlined callees' frames as the interpreter would have them at pc in the innermost one. */
  inlinedFrames(pc: number): InlinedFrame[] {
    const rootBase = this.frames[0]!.base;
    const out: InlinedFrame[] = [];
    for (let d = 1; d < this.frames.length; d++) {
      const f = this.frames[d]!;
      const inner = this.frames[d + 1];
      const regs = new Map<number, TT>();
      for (const [v, t] of this.types) if (v >= d * 256 && v < (d + 1) * 256) regs.set(v - d * 256, t);
      out.push({
        fn: f.cl,
        fnInSlot: f.clo !== undefined,
        func: f.base - 1 - rootBase,
        pc: inner === undefined ? pc : inner.callPc + 1,
        callPc: f.callPc,
        nres: f.nres,
        regs,
        unrolled: f.unrolled === undefined ? undefined : new Set(f.unrolled),
        meta: f.meta === true ? f.retA : undefined,
        cmp: f.cmp,
      });
    }
    return out;
  }

  /**
   * An inlined call is starting in the traced frame (the outermost of the calls): what an exit before
   * its first store needs to re-run it (the arguments and function slot it overwrites, the root's
   * types, L.top when it took its arguments from there).
   */
  enterCall(savedArgs: LuaValue[], savedFn: LuaValue, callTop: number): void {
    if (this.frames.length !== 1) return;
    this.savedArgs = savedArgs;
    this.savedFn = savedFn;
    this.callSnap = this.snapshot();
    this.callTop = callTop;
    this.effects = false;
  }

  /** Aborts unless a call of p may be inlined here: not too deep, and not p recursing. */
  checkInlinable(p: Proto): void {
    if (this.frames.length > MAX_INLINE_DEPTH) throw new Abort('inlining too deep');
    if (this.frames.some((fr) => fr.p === p)) throw new Abort('recursive call');
  }

  /** An inlined call returned into the traced frame: later calls start afresh. */
  leftCall(): void {
    if (this.frames.length !== 1) return;
    this.callSnap = null;
    this.effects = false;
  }

  /** Forgets the types of frame depth's registers: its function returned or was replaced. */
  forgetFrame(depth: number): void {
    for (const v of [...this.types.keys()])
      if (v >= depth * 256 && v < (depth + 1) * 256) this.types.delete(v);
  }

  /** Values end at stack index top, for the call or return taking them all (B = 0), as L.top says. */
  setTop(top: number): void {
    this.top = top;
    this.L.top = top;
  }

  /**
   * Called before a store. A function trace leaves by materialising its own frame, which has no room
   * for inlined callee frames, so a store in an inlined call aborts its recording.
   */
  mayStore(f: Frame): void {
    if (f.depth > 0 && this.tree.kind === 'function') throw new Abort('side effect in an inlined call');
    // An exit after it would finish the callees in a nested loop, which a yield cannot leave.
    if (f.depth > 0 && this.inCoroutine) throw new Abort(IN_COROUTINE);
    // An exit after a store rebuilds the callee frames, which has no room for a frame's varargs.
    if (this.frames.some((fr) => fr.va !== undefined)) throw new Abort('store in an inlined vararg call');
  }

  /** Called after a store was emitted and executed. */
  sideEffect(): void {
    if (this.frames.length > 1) this.effects = true;
  }

  snapshot(): Map<number, TT> {
    const m = new Map<number, TT>();
    for (const r of this.written) m.set(r, this.types.get(r)!);
    return m;
  }

  /** Type of a register about to be read; a root register not seen yet is a live-in of the loop. */
  rtype(f: Frame, r: number): TT {
    const v = vreg(f.depth, r);
    let t = this.types.get(v);
    if (t === undefined) {
      if (f.depth !== 0) throw new Abort('read of an unset callee register');
      t = typeOfValue(this.stack[f.base + r]);
      const e = this.tree.entry.get(r);
      if (e !== undefined && e !== t) throw new Abort('live-in type changed');
      this.tree.entry.set(r, t);
      this.types.set(v, t);
    }
    if (t === TT.OTHER) throw new Abort('untraceable value type');
    if (f.p.promotes.length > 0 && f === this.frame && !this.known.has(v)) promote(this, f, r, t);
    return t;
  }

  setType(f: Frame, r: number, t: TT): void {
    this.types.set(vreg(f.depth, r), t);
    if (f.depth === 0) {
      this.written.add(r);
      this.pathWrites.add(r);
      this.writeLog.push(r);
    }
  }

  reg(f: Frame, r: number): Opnd {
    return { r: vreg(f.depth, r) };
  }

  /** An RK operand: its IR operand, static type and current value. */
  rk(f: Frame, x: number): [Opnd, TT, LuaValue] {
    if (x >= 256) {
      const v = f.p.k[x - 256];
      return [{ k: v }, traceableType(v, 'untraceable constant'), v];
    }
    const t = this.rtype(f, x);
    const v = vreg(f.depth, x);
    if (this.known.has(v)) return [{ k: this.known.get(v) }, t, this.stack[f.base + x]];
    return [this.reg(f, x), t, this.stack[f.base + x]];
  }

  /** A register's value (null: every register's) is no longer known to be constant. */
  forget(v: number | null): void {
    if (v === null) {
      this.known.clear();
      this.loaded.clear();
    } else {
      this.known.delete(v);
      this.loaded.delete(v);
    }
  }

  /**
   * Whether the nargs arguments above register a of frame f are constants in the trace: 'hinted' when
   * one at least comes from a hint (`known`), 'loaded' when all are constant loads, else 'varying'.
   */
  argsConstancy(f: Frame, a: number, nargs: number): 'varying' | 'loaded' | 'hinted' {
    let hinted = false;
    for (let j = 1; j <= nargs; j++) {
      const v = vreg(f.depth, a + j);
      if (this.known.has(v)) hinted = true;
      else if (!this.loaded.has(v)) return 'varying';
    }
    return hinted ? 'hinted' : 'loaded';
  }

  /** A folded call's results, constants from register a of frame f on (record/pure.ts, natives.ts). */
  foldedResults(f: Frame, a: number, vals: LuaValue[]): void {
    vals.forEach((v, j) => {
      const dst = vreg(f.depth, a + j);
      const t = typeOfValue(v);
      this.emit({ k: 'mov', dst, src: { k: v }, t });
      this.setType(f, a + j, t);
      this.known.set(dst, v);
      this.stack[f.base + a + j] = v;
    });
    this.hintsApplied++;
  }

  /** After a move from `src` to `dst` (both virtual registers): dst holds what src held. */
  copyKnown(src: number, dst: number): void {
    if (this.known.has(src)) this.known.set(dst, this.known.get(src));
    if (this.loaded.has(src)) this.loaded.set(dst, this.loaded.get(src));
  }

  emit(n: Node): void {
    if (this.lexical !== null) for (const e of exitsOf(n)) e.inner ??= this.lexical;
    const v = this.verify;
    if (v !== null) {
      const want = v.body[this.out.length];
      if (want === undefined || !sameNode(want, n)) {
        this.diverge(want, n);
        return;
      }
    }
    this.out.push(n);
  }

  /**
   * A later iteration of a nested loop left its recorded body (typically its last one: the loop
   * condition failed or a break was taken). What follows is recorded as the side path of the body
   * node that failed, which may go round that loop again, and the nested loop's normal end becomes
   * an exit.
   */
  diverge(want: Node | undefined, n: Node): void {
    const v = this.verify!;
    if (want === undefined || this.frames.length > 1 || !('exit' in want) || want.exit.pc !== this.instrPc) {
      throw nestedAbort('nested loop path changed');
    }
    const side: Node[] = this.out.slice(this.instrStart);
    side.push(n);
    want.exit.side = { nodes: side, writes: this.pathWrites };
    if (v.backEdge !== null) v.backEdge.breaks = false;
    this.verify = null;
    this.out = side;
    this.visits.clear();
    this.lexical = v.inner;
    for (const m of side) for (const e of exitsOf(m)) e.inner = v.inner;
  }

  konst(v: unknown): number {
    const ks = this.tree.consts;
    let j = ks.indexOf(v);
    if (j < 0) {
      j = ks.length;
      ks.push(v);
    }
    return j;
  }
}

/** Records and executes one instruction; returns the next pc (see Recorder.step). */
export type OpRecorder = (rec: RecordState, f: Frame, pc: number, i: number) => number;

export const truthy = (v: LuaValue): boolean => v !== undefined && v !== false;
