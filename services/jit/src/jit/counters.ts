// Back-edge and call counters, which the interpreter counts down only in protos that have them.
import type { Proto } from '../compiler/proto.ts';

/** Gives every function of a chunk its back-edge counters and, after them, its call counter. */
export function giveCounters(p: Proto, threshold: number): void {
  p.hotcounts = new Int32Array(p.code.length + 1).fill(threshold);
  for (const c of p.protos) giveCounters(c, threshold);
}
