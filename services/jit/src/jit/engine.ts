// The tracing JIT's driver. The interpreter counts loop back-edges in Proto.hotcounts and calls
// onLoop when a counter runs out, with the frame stopped at the loop header. onLoop records a trace
// for a loop that has none, runs the compiled tree for one that has, records side traces for hot
// exits, and blacklists loops whose recordings keep failing.
import type { Proto } from '../compiler/proto.ts';
import type { CallInfo, JitHook, LuaState } from '../vm/state.ts';
import { giveCounters } from './counters.ts';
import { TraceCache, type LoopState, type TraceFn } from './cache.ts';
import { generate } from './codegen.ts';
import { sideTraceThreshold } from './codegen/exits.ts';
import { generateFunction } from './fngen.ts';
import { TRACE_HELPERS } from './helpers.ts';
import type { Exit, Tree } from './ir.ts';
import { materialize, returnFrom, type CallState } from './functions.ts';
import { tuneHeapForTraces } from './heap.ts';
import { finishInlined } from './inlined.ts';
import { backEdgeTargets, headerLocalsOf, insideLoop } from './loops.ts';
import { LEAVES, Recorder, TOO_LONG, type RecordResult } from './recorder.ts';
import { IN_COROUTINE } from './record/state.ts';
import type { JitStats } from './stats.ts';
import { yieldSafe } from './yieldsafe.ts';

/** Failed recordings of one loop before it is blacklisted. */
export const MAX_ABORTS = 4;
/**
 * Root recordings of one loop that left it, retried within a few back-edges before they count as
 * aborts. A loop turns hot at a back-edge that falls where it may within an entry: with 7 back-edges
 * per entry (a while loop over 8 fields), the threshold (56) and each doubled wait land on an entry's
 * last back-edge, so every recording took the exit trip and the loop was blacklisted. Not for a loop
 * inside another loop of its function, which the outer loop's tree takes in inline, its exits as side
 * paths: fannkuch-redux's flip and permute loops got trees of their own that way, and the outer tree
 * called them (20% slower).
 */
export const MAX_EARLY_LEAVES = 8;
/** Side paths spliced into one tree (bounds the generated code). */
const MAX_SIDE_PATHS = 32;
/** Generated source size (characters) a tree may grow to through side paths. */
const MAX_TREE_SOURCE = 60000;
/** Failed side recordings from one exit before it stays an exit. */
const MAX_SIDE_ABORTS = 2;
/** Trees thrown away after their entry guards kept failing, before the loop is blacklisted. */
const MAX_RETRACES = 3;
/** Frame hand-overs a function trace may make before its share of them is judged. */
const MIN_HANDOVERS = 64;
/** Frames below a hot call searched for another call of the same function. */
const RECURSION_WINDOW = 64;
/** A counter no loop reaches in practice: what a blacklisted loop's back-edge counts down from. */
const NEVER = 0x7fffffff;

export interface JitOptions {
  hotLoopThreshold: number;
  stats: JitStats;
  /** Receives each trace's generated source (debugging). */
  dump?: (s: string) => void;
}

/** Whether ci's function is running further down the stack (is being called recursively). */
function recursing(ci: CallInfo): boolean {
  const p = ci.closure!.proto;
  let c = ci.prev;
  for (let j = 0; c !== null && j < RECURSION_WINDOW; j++, c = c.prev)
    if (c.closure?.proto === p) return true;
  return false;
}

/** The loop's tree counts its for loops in int32, but one of them has outgrown it: record it again. */
function stale(ls: LoopState): boolean {
  return ls.fn !== null && ls.narrowFor && ls.forWidth.wide;
}

/**
 * Whether L is a coroutine's state (or a segment of one): its code may yield, and only from its own
 * dispatch loop (vm/coroutine.ts), so it runs only yield-safe trees and records with the refusals of
 * record/ (RecordState.inCoroutine, derived the same way).
 */
function runsCoroutine(L: LuaState): boolean {
  return L.thread.body !== undefined;
}

export class TracingJit implements JitHook {
  private readonly cache = new TraceCache();
  readonly threshold: number;
  private readonly hotExit: number;
  private readonly entryFailLimit: number;
  readonly stats: JitStats;
  private readonly dump: ((s: string) => void) | undefined;
  private readonly calls: CallState = { frames: [] };
  /** A function recording runs calls in the interpreter: no other recording may start meanwhile. */
  private recording = false;
  /** Trees and function traces the interpreter has entered and that have not returned. */
  tracing = 0;

  constructor(opts: JitOptions) {
    const t = Math.floor(opts.hotLoopThreshold);
    this.threshold = Number.isFinite(t) ? Math.min(Math.max(1, t), 1 << 30) : 56;
    this.hotExit = Math.min(this.threshold, 10);
    this.entryFailLimit = Math.max(2, Math.min(this.threshold, 8));
    this.stats = opts.stats;
    this.dump = opts.dump;
    tuneHeapForTraces();
  }

  prepare(p: Proto): void {
    giveCounters(p, this.threshold);
  }

  private readonly lookup = (p: Proto, header: number): LoopState | null => this.cache.find(p, header);
  /** A loop's state, for recordings that call the trees of loops in inlined callees. */
  readonly findLoop = this.lookup;
  /** Function recordings refer to their callees' function traces, compiled already or not. */
  private readonly fnLookup = (p: Proto, header: number): LoopState => this.cache.get(p, header);

  /** Bumped by forgetTraces: a recording that spans one is not compiled (it may hold old cells). */
  private epoch = 0;

  /**
   * Drops every compiled tree (debug.upvaluejoin: traces hold the cells of closures they inlined as
   * constants). Loops and functions are recorded again when hot; none is blacklisted for it. Trees
   * on the JS stack finish their run: each one leaves after the nested interpreter run that made
   * the join, as after any call it hands over.
   */
  forgetTraces(): void {
    this.epoch++;
    for (const ls of this.cache.all()) {
      ls.tree = null;
      ls.fn = null;
      ls.exits = [];
    }
  }

  /** In a coroutine only yield-safe trees run (yieldsafe.ts, inCoroutine). */
  onLoop(L: LuaState, ci: CallInfo): void {
    const inCoroutine = runsCoroutine(L);
    const p = ci.closure!.proto;
    const header = ci.pc;
    const hc = p.hotcounts!;
    if (this.recording) {
      // Inside a call a function recording makes: try again when it is over.
      hc[header] = this.threshold;
      return;
    }
    const ls = this.cache.get(p, header);
    if (ls.blacklisted) {
      hc[header] = NEVER;
      return;
    }
    if (stale(ls)) {
      this.retrace(ls, p, header);
      if (ls.blacklisted) return;
    }
    if (inCoroutine && ls.coroutineAborts >= MAX_ABORTS) {
      // Given up here, not in the main thread, which shares the counter.
      hc[header] = this.threshold;
      return;
    }
    if (ls.fn === null) {
      if (!this.recordRoot(L, ci, ls, header)) return;
      if (ci.pc !== header) {
        hc[header] = 1;
        return;
      }
    }
    if (inCoroutine && !ls.yieldSafe) {
      hc[header] = this.threshold;
      return;
    }
    this.run(L, ci, ls, header, true, inCoroutine);
  }

  /**
   * A coroutine runs the function traces the main thread compiled (they hand frames back to the
   * interpreter's own loop, never run one nested) but records none: recording one runs its calls in
   * nested loops, which a yield could not leave.
   */
  onCall(L: LuaState, ci: CallInfo): CallInfo {
    const inCoroutine = runsCoroutine(L);
    const cl = ci.closure!;
    const p = cl.proto;
    const hc = p.hotcounts!;
    const slot = hc.length - 1;
    hc[slot] = 1;
    // A frame entered from a native (a tail call in it) must return to that native: left alone.
    if (this.recording || ci.fromNative) return ci;
    const ls = this.cache.get(p, -1);
    if (ls.blacklisted) {
      hc[slot] = NEVER;
      return ci;
    }
    if (ls.fn === null && inCoroutine) {
      hc[slot] = this.threshold;
      return ci;
    }
    if (ls.fn === null) {
      // Only recursive functions get function traces: entering a trace from the interpreter costs
      // more than interpreting a small function, and a function with loops is left to its loops'
      // traces (a function trace has no loops).
      if (backEdgeTargets(p).size > 0) {
        ls.blacklisted = true;
        hc[slot] = NEVER;
      } else if (!recursing(ci)) {
        // Not yet seen recursing: look again later, a few times (not counted as an abort).
        if (++ls.aborts >= MAX_ABORTS) {
          ls.blacklisted = true;
          hc[slot] = NEVER;
        } else hc[slot] = Math.min(this.threshold * 2 ** ls.aborts, 1 << 20);
      } else this.recordFunction(L, ci, ls);
      return ci;
    }
    const J = this.calls;
    J.frames.length = 0;
    ls.runs++;
    let n: number;
    this.tracing++;
    try {
      n = ls.fn(L, L.stack, ci.base, cl, J, 0);
    } finally {
      this.tracing--;
    }
    if (n >= 0) return returnFrom(L, ci, n);
    if (n === -1) {
      if (++ls.entryFails >= this.entryFailLimit) this.retrace(ls, p, slot);
      return ci;
    }
    ls.entryFails = 0;
    const top = materialize(L, ci, J.frames);
    const ex = J.frames[0]!.exit!;
    this.stats.sideExits++;
    if (++ex.count >= this.hotExit && ex.kind === 'guard' && !inCoroutine)
      this.recordFunctionSide(L, top, ex);
    // Handing frames over costs more than interpreting them: a trace that keeps doing it (a path
    // that cannot be recorded, recursion deeper than MAX_CALL_DEPTH) is given up.
    if (++ls.handovers >= MIN_HANDOVERS && ls.handovers * 2 > ls.runs) this.blacklist(ls, p, slot);
    return top;
  }

  private recordFunction(L: LuaState, ci: CallInfo, ls: LoopState): void {
    const p = ci.closure!.proto;
    const tree: Tree = {
      kind: 'function',
      proto: p,
      header: 0,
      root: { nodes: [], writes: new Set() },
      entry: new Map(),
      headerLocals: new Set(),
      consts: [],
      sidePaths: 0,
      innerLoops: 0,
      forWidth: ls.forWidth,
    };
    const epoch = this.epoch;
    const res = this.recordCalls(() => new Recorder(L, ci, tree, null, this.fnLookup).record(0));
    this.stats.instructionsRecorded += res.steps;
    ci.pc = res.pc;
    if (res.ok && epoch !== this.epoch) return;
    if (!res.ok) {
      this.stats.tracesAborted++;
      this.dump?.(`-- function trace ${p.source}:${p.linedefined} aborted at pc ${res.pc}: ${res.why}\n`);
      const slot = p.hotcounts!.length - 1;
      if (++ls.aborts >= MAX_ABORTS) this.blacklist(ls, p, slot);
      else p.hotcounts![slot] = Math.min(this.threshold * 2 ** ls.aborts, 1 << 20);
      return;
    }
    this.stats.tracesRecorded++;
    this.stats.hintsApplied += res.hints;
    tree.root = res.path;
    ls.tree = tree;
    this.compile(ls);
  }

  /** A hot exit of a function trace, its frame now the interpreter's: records the path to a RETURN. */
  private recordFunctionSide(L: LuaState, ci: CallInfo, ex: Exit): void {
    const ls = this.cache.find(ci.closure!.proto, -1);
    if (ls === null || ls.tree === null || !ls.exits.includes(ex)) return;
    const tree = ls.tree;
    if (ex.sideAborts >= MAX_SIDE_ABORTS || tree.sidePaths >= MAX_SIDE_PATHS) return;
    const epoch = this.epoch;
    const res = this.recordCalls(() => new Recorder(L, ci, tree, ex, this.fnLookup).record(ex.pc));
    this.stats.instructionsRecorded += res.steps;
    ci.pc = res.pc;
    if (epoch === this.epoch) this.splice(ls, ex, res);
  }

  /** Runs fn with recording off: a recording folding a pure call runs it (record/pure.ts). */
  quiet<T>(fn: () => T): T {
    const was = this.recording;
    this.recording = true;
    try {
      return fn();
    } finally {
      this.recording = was;
    }
  }

  /** Runs a recording that may run calls in the interpreter, which must not record meanwhile. */
  private recordCalls(rec: () => RecordResult): RecordResult {
    this.recording = true;
    try {
      return rec();
    } finally {
      this.recording = false;
    }
  }

  onLoopEntry(L: LuaState, ci: CallInfo): void {
    if (this.recording) return;
    const ls = this.cache.find(ci.closure!.proto, ci.pc);
    const inCoroutine = runsCoroutine(L);
    if (ls === null || ls.fn === null || stale(ls) || (inCoroutine && !ls.yieldSafe)) return;
    this.run(L, ci, ls, ci.pc, false, inCoroutine);
  }

  private recordRoot(L: LuaState, ci: CallInfo, ls: LoopState, header: number): boolean {
    const p = ci.closure!.proto;
    const tree: Tree = {
      kind: 'loop',
      proto: p,
      header,
      root: { nodes: [], writes: new Set() },
      entry: new Map(),
      headerLocals: headerLocalsOf(p, header),
      consts: [],
      sidePaths: 0,
      innerLoops: 0,
      forWidth: ls.forWidth,
    };
    const epoch = this.epoch;
    const res = new Recorder(L, ci, tree, null, ls.callTrees ? this.lookup : null).record(header);
    this.stats.instructionsRecorded += res.steps;
    ci.pc = res.pc;
    if (res.ok && epoch !== this.epoch) return false;
    if (!res.ok) {
      this.stats.tracesAborted++;
      this.dump?.(
        `-- trace ${p.source}:${p.lines[header]} (pc ${header}) aborted at pc ${res.pc}: ${res.why}\n`,
      );
      if (res.why === IN_COROUTINE) {
        // The main thread may still trace the loop: only coroutines stop trying (onLoop).
        p.hotcounts![header] = Math.min(this.threshold * 2 ** ++ls.coroutineAborts, 1 << 20);
        return false;
      }
      // A recording that ran too long went through inner loops inline: the next one calls their trees.
      if (res.nested || res.why === TOO_LONG) ls.callTrees = true;
      // 1 + leaves: a different offset into the entry at each retry, so no trip count stays aligned.
      if (res.why === LEAVES && ls.leaves < MAX_EARLY_LEAVES && !insideLoop(p, header))
        p.hotcounts![header] = 1 + ++ls.leaves;
      else if (++ls.aborts >= MAX_ABORTS) this.blacklist(ls, p, header);
      else p.hotcounts![header] = Math.min(this.threshold * 2 ** ls.aborts, 1 << 20);
      // Last: the callees may run anything, this loop included.
      if (res.frames !== null) finishInlined(L, res.frames, ci.base);
      return false;
    }
    this.stats.tracesRecorded++;
    this.stats.hintsApplied += res.hints;
    tree.root = res.path;
    ls.tree = tree;
    this.compile(ls);
    return true;
  }

  private blacklist(ls: LoopState, p: Proto, header: number): void {
    ls.blacklisted = true;
    ls.tree = null;
    ls.fn = null;
    this.stats.blacklisted++;
    p.hotcounts![header] = NEVER;
  }

  /** Where compiled traces were left, and how often (for --dump-traces). */
  exitReport(): string {
    const lines: string[] = [];
    for (const ls of this.cache.all()) {
      const t = ls.tree;
      if (t === null) continue;
      for (const e of ls.exits) {
        if (e.count === 0) continue;
        lines.push(
          `${t.proto.source}:${t.proto.lines[t.header]} (pc ${t.header}): exit ${e.id} to pc ${e.pc} (line ${t.proto.lines[e.pc]}) taken ${e.count} times${e.sideAborts > 0 ? `, ${e.sideAborts} side recordings aborted` : ''}`,
        );
      }
    }
    return lines.join('\n');
  }

  /** Compiles a loop's tree; returns the size of its source. */
  private compile(ls: LoopState): number {
    const tree = ls.tree!;
    const g = tree.kind === 'function' ? generateFunction(tree) : generate(tree);
    if (this.dump !== undefined)
      this.dump(
        `-- trace ${tree.proto.source}:${tree.proto.lines[tree.header]} (pc ${tree.header})\n${g.source}\n`,
      );
    const factory = new Function('H', 'K', g.source) as (h: typeof TRACE_HELPERS, k: unknown[]) => TraceFn;
    ls.fn = factory(TRACE_HELPERS, tree.consts);
    ls.exits = g.exits;
    ls.yieldSafe = tree.kind === 'loop' && yieldSafe(tree, g.exits);
    ls.narrowFor = g.narrowFor;
    ls.entryFails = 0;
    this.stats.tracesCompiled++;
    return g.source.length;
  }

  /**
   * Runs a loop's tree; `counted`: entry-guard failures count towards retracing the loop;
   * `inCoroutine`: a side path that made the tree one a coroutine may not run stops it at the header.
   */
  private run(
    L: LuaState,
    ci: CallInfo,
    ls: LoopState,
    header: number,
    counted = true,
    inCoroutine = false,
  ): void {
    const cl = ci.closure!;
    const hc = cl.proto.hotcounts!;
    for (;;) {
      const fn = ls.fn;
      if (fn === null) return;
      let id: number;
      this.tracing++;
      try {
        id = fn(L, L.stack, ci.base, cl.upvals);
      } finally {
        this.tracing--;
      }
      if (id < -1) {
        // Left from inside a nested loop's tree: the state is already on the stack.
        ci.pc = -2 - id;
        hc[header] = 1;
        this.stats.sideExits++;
        return;
      }
      if (id < 0) {
        ci.pc = header;
        hc[header] = 1;
        // At a loop's start the types may still settle (an accumulator starting as an integer).
        if (counted && ++ls.entryFails >= this.entryFailLimit) this.retrace(ls, cl.proto, header);
        return;
      }
      ls.entryFails = 0;
      hc[header] = 1;
      const ex = ls.exits[id]!;
      ci.pc = ex.pc;
      if (ex.kind === 'loopEnd') return;
      this.stats.sideExits++;
      if (++ex.count < sideTraceThreshold(this.hotExit, ls.tree) || ex.kind !== 'guard') {
        if (ex.frames !== null) finishInlined(L, ex.frames, ci.base);
        return;
      }
      if (!this.recordSide(L, ci, ls, ex)) return;
      if (ci.pc !== header || (inCoroutine && !ls.yieldSafe)) return;
    }
  }

  /** The loop's types changed for good: forget the tree and record a new one when it is hot again. */
  private retrace(ls: LoopState, p: Proto, header: number): void {
    ls.tree = null;
    ls.fn = null;
    if (++ls.retraces > MAX_RETRACES) this.blacklist(ls, p, header);
    else p.hotcounts![header] = this.threshold;
  }

  /**
   * Records the path from a hot exit back to the loop header and splices it into the tree. Either
   * way the state is left at a root-frame instruction (ci.pc), callee frames of the exit finished.
   */
  private recordSide(L: LuaState, ci: CallInfo, ls: LoopState, ex: Exit): boolean {
    const tree = ls.tree!;
    if (ex.sideAborts >= MAX_SIDE_ABORTS || tree.sidePaths >= MAX_SIDE_PATHS) {
      if (ex.frames !== null) finishInlined(L, ex.frames, ci.base);
      return false;
    }
    const start = ex.frames === null ? ex.pc : ex.frames[ex.frames.length - 1]!.pc;
    const epoch = this.epoch;
    const res = new Recorder(L, ci, tree, ex, ls.callTrees ? this.lookup : null).record(start);
    this.stats.instructionsRecorded += res.steps;
    ci.pc = res.pc;
    const ok = epoch === this.epoch && this.splice(ls, ex, res);
    if (!res.ok && res.frames !== null) finishInlined(L, res.frames, ci.base);
    return ok;
  }

  /** Splices a side recording's path into its tree at ex and recompiles; false when it aborted. */
  private splice(ls: LoopState, ex: Exit, res: RecordResult): boolean {
    const tree = ls.tree!;
    if (!res.ok) {
      this.stats.tracesAborted++;
      this.dump?.(`-- side trace from pc ${ex.pc} aborted at pc ${res.pc}: ${res.why}\n`);
      if (res.nested) ls.callTrees = true;
      ex.sideAborts++;
      ex.count = 0;
      return false;
    }
    this.stats.tracesRecorded++;
    this.stats.hintsApplied += res.hints;
    ex.side = res.path;
    tree.sidePaths++;
    if (this.compile(ls) > MAX_TREE_SOURCE) {
      // Too big for V8 to optimise well: this exit stays an exit.
      ex.side = null;
      ex.sideAborts = MAX_SIDE_ABORTS;
      this.stats.tracesAborted++;
      this.compile(ls);
    }
    return true;
  }
}
