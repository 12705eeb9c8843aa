// Per-loop JIT state, keyed by proto and loop header pc: the compiled trace tree, abort counts and
// the blacklist flag.
import type { Proto } from '../compiler/proto.ts';
import type { Exit, Tree } from './ir.ts';
import type { LuaState } from '../vm/state.ts';
import type { LuaValue, UpVal } from '../vm/value.ts';

/** A compiled tree: returns an exit number, or -1 when the entry type guards fail. */
export type TraceFn = (L: LuaState, stack: LuaValue[], base: number, upvals: UpVal[]) => number;

export interface LoopState {
  tree: Tree | null;
  fn: TraceFn | null;
  exits: Exit[];
  /** Recording attempts that failed for this loop; at MAX_ABORTS it is blacklisted. */
  aborts: number;
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
        blacklisted: false,
        entryFails: 0,
        retraces: 0,
        callTrees: false,
      };
      m.set(header, s);
      this.list.push(s);
    }
    return s;
  }
}
