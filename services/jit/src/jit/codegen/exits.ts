// Loop-tree exits as one call each. Storing an exit's registers inline costs V8 a bounds-checked,
// write-barriered element store per register and exit: a tree with a hundred exits of a dozen
// registers each spends most of its (re)compilation time, and of its source size, on code that
// runs once per exit taken. A call passing the registers' values to `leave` is one node per value.
import type { LuaValue } from '../../vm/value.ts';
import { mkFloat } from '../../vm/value.ts';

/** The most registers one call passes; exits storing more store them inline. */
export const MAX_LEAVE_REGS = 16;

/** What an exit stores: register regs[j] gets the j-th value, boxed as a float when bit j of floats is set. */
export class ExitStore {
  constructor(
    readonly regs: readonly number[],
    readonly floats: number,
  ) {}
}

/**
 * The tree's store list for `key` (registers and float mask), made once: a tree's consts outlive its
 * recompilations, and the exits of each one share the lists of the last.
 */
const lists = new WeakMap<object, Map<string, ExitStore>>();
export function exitStore(tree: object, key: string, make: () => ExitStore): ExitStore {
  let m = lists.get(tree);
  if (m === undefined) {
    m = new Map();
    lists.set(tree, m);
  }
  let d = m.get(key);
  if (d === undefined) {
    d = make();
    m.set(key, d);
  }
  return d;
}

/** Stores an exit's register values into the interpreter's stack and returns the exit's number. */
export function leave(
  stack: LuaValue[],
  base: number,
  d: ExitStore,
  id: number,
  ...vals: LuaValue[]
): number {
  const { regs, floats } = d;
  for (let j = 0; j < regs.length; j++) {
    const v = vals[j]!;
    stack[base + regs[j]!] = (floats >>> j) & 1 ? mkFloat(v as number) : v;
  }
  return id;
}

/** Generated source size of each tree's last compilation. */
const sizes = new WeakMap<object, number>();

export function noteTreeSize(tree: object, size: number): void {
  sizes.set(tree, size);
}

/** Trees smaller than this recompile fast enough to take every hot exit's side path. */
const BIG_TREE = 24000;

/**
 * Exits taken before a side path is recorded for one. Splicing a side path recompiles the whole tree,
 * and V8's compile time (during which the tree runs unoptimised) grows faster than its size: a big
 * tree (fannkuch-redux's 35,000 characters: ~100 ms per compile) only takes the side paths of exits
 * that leave it thousands of times, not of every exit taken ten times.
 */
export function sideTraceThreshold(hot: number, tree: object | null): number {
  const size = tree === null ? 0 : (sizes.get(tree) ?? 0);
  return size < BIG_TREE ? hot : hot + Math.floor((size * size) / 100000);
}
