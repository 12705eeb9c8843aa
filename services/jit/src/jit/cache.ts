// Per-loop JIT state, keyed by proto and loop header pc (-1 for the function's own trace): the
// compiled trace tree, abort counts and the blacklist flag.
import type { Proto } from '../compiler/proto.ts';
import type { Exit, Tree } from './ir.ts';
import type { LuaState } from '../vm/state.ts';
import type { LuaClosure, LuaValue, UpVal } from '../vm/value.ts';
import type { CallState } from './functions.ts';
import type { ForWidth } from './codegen/forwidth.ts';

/**
 * A compiled tree. A loop's gets the frame's upvalues and returns an exit number; a function's gets
 * the closure and returns its result count, or -2 after leaving frames in calls.frames. Both return
 * -1 when the entry type guards fail.
 */
export type TraceFn = (
  L: LuaState,
  stack: LuaValue[],
  base: number,
  frame: UpVal[] | LuaClosure,
  calls?: CallState,
  /** Function traces: how many function traces below this one are on the JS stack. */
  depth?: number,
) => number;

export interface LoopState {
  tree: Tree | null;
  fn: TraceFn | null;
  exits: Exit[];
  /** Recording attempts that failed for this loop; at MAX_ABORTS it is blacklisted. */
  aborts: number;
  /** Root recordings whose iteration left the loop, retried at once (MAX_EARLY_LEAVES). */
  leaves: number;
  blacklisted: boolean;
  /** Entries refused by the tree's type guards since it was compiled. */
  entryFails: number;
  /** Trees thrown away because the loop's types changed for good. */
  retraces: number;
  /**
   * Record nested loops that have trees of their own as calls to those trees. Off at first (nesting
   * a loop inline lets its exits become side paths of this tree); turned on when inlining failed.
   */
  callTrees: boolean;
  /** Function traces: runs entered from the interpreter, and those that handed frames back to it. */
  runs: number;
  handovers: number;
  /** Set when a for loop's counters outgrew int32: trees compiled after it count in doubles. */
  forWidth: ForWidth;
  /** The compiled tree counts its for loops in int32. */
  narrowFor: boolean;
  /** A coroutine may run the compiled tree (yieldsafe.ts). */
  yieldSafe: boolean;
  /** Coroutine recordings refused IN_COROUTINE; at MAX_ABORTS coroutines stop trying (the main thread goes on). */
  coroutineAborts: number;
}

export class TraceCache {
  private readonly loops = new WeakMap<Proto, Map<number, LoopState>>();
  private readonly list: LoopState[] = [];

  all(): readonly LoopState[] {
    return this.list;
  }

  find(p: Proto, header: number): LoopState | null {
    return this.loops.get(p)?.get(header) ?? null;
  }

  get(p: Proto, header: number): LoopState {
    let m = this.loops.get(p);
    if (m === undefined) this.loops.set(p, (m = new Map()));
    let s = m.get(header);
    if (s === undefined) {
      s = {
        tree: null,
        fn: null,
        exits: [],
        aborts: 0,
        leaves: 0,
        blacklisted: false,
        entryFails: 0,
        retraces: 0,
        callTrees: false,
        runs: 0,
        handovers: 0,
        forWidth: { wide: false },
        narrowFor: false,
        yieldSafe: false,
        coroutineAborts: 0,
      };
      m.set(header, s);
      this.list.push(s);
    }
    return s;
  }
}
