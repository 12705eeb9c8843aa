// Numeric for loops counted in int32. V8 keeps a loop's count and index as int32 only when it can see
// they cannot overflow; `(cnt - 1) | 0` and `(x + step) | 0` tell it so, which made add64's loop a
// third faster. They are exact only when the count, the index and the index's last value all fit in
// int32, so every way those registers enter a tree checks that: the entry (the traced loop's own
// counters) and each FORPREP in the tree. A check that fails marks the loop wide for good: its trees
// are then recompiled with the general step (the engine retraces a narrow tree of a wide loop).
import { allPaths } from '../optimize.ts';
import { eachNode, isRoot, type Tree } from '../ir.ts';

/** Shared by a loop's state and its trees; set by the generated code when a check fails. */
export interface ForWidth {
  wide: boolean;
}

/** JS test that int32 x plus cnt steps of st stays in int32 (u: a temp). */
export function endFits(x: string, cnt: string, st: string): string {
  return `((u = ${x} + ${cnt} * ${st}) | 0) === u`;
}

/** JS test that a loop starting at x, counting cnt more steps of st, stays in int32 (u: a temp). */
export function fitsInt32(x: string, cnt: string, st: string): string {
  return `(${cnt} | 0) === ${cnt} && (${x} | 0) === ${x} && (${st} | 0) === ${st} && ${endFits(x, cnt, st)}`;
}

/**
 * Loads a counter at the entry: an int32, or the entry fails (marking the loop wide if it is an
 * integer). `t | 0` tells V8 the register is an int32 from there on.
 */
export function counterLoad(slot: string, reg: string, wide: string): string {
  return (
    `t = ${slot}; if (!(typeof t === 'number' && (t | 0) === t)) { if (typeof t === 'number' && Number.isInteger(t)) ${wide}.wide = true; return -1; } ` +
    `${reg} = t | 0;`
  );
}

export interface NarrowLoops {
  /** Registers of the for loops the tree steps (FORLOOPs): their FORPREPs check the counters. */
  stepped: Set<number>;
  /** Those whose counters the tree gets at its entry (no FORPREP in the tree): checked there. */
  atEntry: number[];
}

/**
 * The tree's for loops, or null when it cannot count in int32: a function trace, a wide loop, or a
 * loop whose counters come from neither the entry nor a FORPREP in the tree.
 */
export function narrowLoops(tree: Tree, loaded: (r: number) => boolean): NarrowLoops | null {
  if (tree.kind !== 'loop' || tree.forWidth.wide) return null;
  const preps = new Set<number>();
  const loops = new Set<number>();
  for (const p of allPaths(tree)) {
    eachNode(p.nodes, (n) => {
      if (n.k === 'forprep') preps.add(n.a);
      else if (n.k === 'forloop') loops.add(n.a);
    });
  }
  const atEntry: number[] = [];
  for (const a of loops) {
    if (preps.has(a)) continue;
    if (!isRoot(a) || ![a, a + 1, a + 2].every(loaded)) return null;
    atEntry.push(a);
  }
  return { stepped: loops, atEntry };
}
