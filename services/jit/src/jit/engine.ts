// The tracing JIT's driver. The interpreter counts loop back-edges in Proto.hotcounts and calls
// onLoop when a counter runs out, with the frame stopped at the loop header. onLoop records a trace
// for a loop that has none, runs the compiled tree for one that has, records side traces for hot
// exits, and blacklists loops whose recordings keep failing.
import type { Proto } from '../compiler/proto.ts';
import type { CallInfo, JitHook, LuaState } from '../vm/state.ts';
import { TraceCache, type LoopState, type TraceFn } from './cache.ts';
import { generate } from './codegen.ts';
import { TRACE_HELPERS } from './helpers.ts';
import type { Exit, Tree } from './ir.ts';
import { headerLocalsOf } from './loops.ts';
import { Recorder } from './recorder.ts';
import type { JitStats } from './stats.ts';

/** Failed recordings of one loop before it is blacklisted. */
export const MAX_ABORTS = 4;
/** Side paths spliced into one tree (bounds the generated code). */
const MAX_SIDE_PATHS = 32;
/** Generated source size (characters) a tree may grow to through side paths. */
const MAX_TREE_SOURCE = 60000;
/** Failed side recordings from one exit before it stays an exit. */
const MAX_SIDE_ABORTS = 2;
/** Trees thrown away after their entry guards kept failing, before the loop is blacklisted. */
const MAX_RETRACES = 3;
/** A counter no loop reaches in practice: what a blacklisted loop's back-edge counts down from. */
const NEVER = 0x7fffffff;

export interface JitOptions {
  hotLoopThreshold: number;
  stats: JitStats;
  /** Receives each trace's generated source (debugging). */
  dump?: (s: string) => void;
}

export class TracingJit implements JitHook {
  private readonly cache = new TraceCache();
  readonly threshold: number;
  private readonly hotExit: number;
  private readonly entryFailLimit: number;
  readonly stats: JitStats;
  private readonly dump: ((s: string) => void) | undefined;

  constructor(opts: JitOptions) {
    const t = Math.floor(opts.hotLoopThreshold);
    this.threshold = Number.isFinite(t) ? Math.min(Math.max(1, t), 1 << 30) : 56;
    this.hotExit = Math.min(this.threshold, 10);
    this.entryFailLimit = Math.max(2, Math.min(this.threshold, 8));
    this.stats = opts.stats;
    this.dump = opts.dump;
  }

  /** Gives every function of a chunk its back-edge counters. */
  prepare(p: Proto): void {
    p.hotcounts = new Int32Array(p.code.length).fill(this.threshold);
    for (const c of p.protos) this.prepare(c);
  }

  private readonly lookup = (p: Proto, header: number): LoopState | null => this.cache.find(p, header);

  onLoop(L: LuaState, ci: CallInfo): void {
    const p = ci.closure!.proto;
    const header = ci.pc;
    const hc = p.hotcounts!;
    const ls = this.cache.get(p, header);
    if (ls.blacklisted) {
      hc[header] = NEVER;
      return;
    }
    if (ls.fn === null) {
      if (!this.recordRoot(L, ci, ls, header)) return;
      if (ci.pc !== header) {
        hc[header] = 1;
        return;
      }
    }
    this.run(L, ci, ls, header);
  }

  onLoopEntry(L: LuaState, ci: CallInfo): void {
    const ls = this.cache.find(ci.closure!.proto, ci.pc);
    if (ls === null || ls.fn === null) return;
    this.run(L, ci, ls, ci.pc, false);
  }

  private recordRoot(L: LuaState, ci: CallInfo, ls: LoopState, header: number): boolean {
    const p = ci.closure!.proto;
    const tree: Tree = {
      proto: p,
      header,
      root: { nodes: [], writes: new Set() },
      entry: new Map(),
      headerLocals: headerLocalsOf(p, header),
      consts: [],
      sidePaths: 0,
      innerLoops: 0,
    };
    const res = new Recorder(L, ci, tree, null, ls.callTrees ? this.lookup : null).record(header);
    ci.pc = res.pc;
    if (!res.ok) {
      this.stats.tracesAborted++;
      this.dump?.(
        `-- trace ${p.source}:${p.lines[header]} (pc ${header}) aborted at pc ${res.pc}: ${res.why}\n`,
      );
      if (res.nested) ls.callTrees = true;
      ls.aborts++;
      if (ls.aborts >= MAX_ABORTS) this.blacklist(ls, p, header);
      else p.hotcounts![header] = Math.min(this.threshold * 2 ** ls.aborts, 1 << 20);
      return false;
    }
    this.stats.tracesRecorded++;
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
    const g = generate(tree);
    if (this.dump !== undefined)
      this.dump(
        `-- trace ${tree.proto.source}:${tree.proto.lines[tree.header]} (pc ${tree.header})\n${g.source}\n`,
      );
    const factory = new Function('H', 'K', g.source) as (h: typeof TRACE_HELPERS, k: unknown[]) => TraceFn;
    ls.fn = factory(TRACE_HELPERS, tree.consts);
    ls.exits = g.exits;
    ls.entryFails = 0;
    this.stats.tracesCompiled++;
    return g.source.length;
  }

  /** Runs a loop's tree; `counted`: entry-guard failures count towards retracing the loop. */
  private run(L: LuaState, ci: CallInfo, ls: LoopState, header: number, counted = true): void {
    const cl = ci.closure!;
    const hc = cl.proto.hotcounts!;
    for (;;) {
      const id = ls.fn!(L, L.stack, ci.base, cl.upvals);
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
      if (++ex.count < this.hotExit || !this.recordSide(L, ci, ls, ex)) return;
      if (ci.pc !== header) return;
    }
  }

  /** The loop's types changed for good: forget the tree and record a new one when it is hot again. */
  private retrace(ls: LoopState, p: Proto, header: number): void {
    ls.tree = null;
    ls.fn = null;
    if (++ls.retraces > MAX_RETRACES) this.blacklist(ls, p, header);
    else p.hotcounts![header] = this.threshold;
  }

  /** Records the path from a hot exit back to the loop header and splices it into the tree. */
  private recordSide(L: LuaState, ci: CallInfo, ls: LoopState, ex: Exit): boolean {
    const tree = ls.tree!;
    if (ex.sideAborts >= MAX_SIDE_ABORTS || tree.sidePaths >= MAX_SIDE_PATHS) return false;
    const res = new Recorder(L, ci, tree, ex, ls.callTrees ? this.lookup : null).record(ex.pc);
    ci.pc = res.pc;
    if (!res.ok) {
      this.stats.tracesAborted++;
      this.dump?.(`-- side trace from pc ${ex.pc} aborted at pc ${res.pc}: ${res.why}\n`);
      if (res.nested) ls.callTrees = true;
      ex.sideAborts++;
      ex.count = 0;
      return false;
    }
    this.stats.tracesRecorded++;
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
