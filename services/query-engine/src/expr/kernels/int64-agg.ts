// Exact int64 aggregation state, beside the double accumulators of a GroupState. A sum stays a plain double
// while the sum of |x| seen proves it exact (below 2^53: the common case, no per-row extra work but one
// pass for the bound); past that, every group keeps its own bound and moves its double part into a BigInt
// carry before it could round. min/max of a BigInt64Array compare as bigints.
import type { Int64Column } from '../../morsel/types.ts';
import { MAX_SAFE, isSafeBig, normalizeBig, sumAbs } from './int64.ts';
import { sumIntoGroups } from './group-sum.ts';

const valid = (v: Uint8Array | undefined, i: number) =>
  v === undefined || ((v[i >> 3]! >> (i & 7)) & 1) === 1;

/** A group's sum = carry[g] + acc[g], where acc is the caller's double accumulator. */
export class ExactSums {
  private carry: (bigint | undefined)[] = [];
  /** Per group, once the global bound is exceeded: |acc[g]| ≤ bound[g] ≤ 2^53 − 1. */
  private bound: Float64Array | undefined;
  /** Sum of |x| of everything added while `bound` is off: bounds |acc[g]| for every group. */
  private seen = 0;

  /** Adds the valid x[i] to acc[gid[i]], counting them in cnt. */
  add(acc: Float64Array, cnt: Float64Array, groups: number, gid: Int32Array, c: Int64Column): void {
    const n = c.length;
    const v = c.validity;
    const x = c.values;
    if (x instanceof Float64Array && this.bound === undefined) {
      const s = sumAbs(x, v, n);
      if (this.seen + s <= MAX_SAFE) {
        this.seen += s;
        sumIntoGroups(acc, cnt, gid, x, v, n);
        return;
      }
    }
    const bound = this.bounds(acc, groups);
    for (let i = 0; i < n; i++) {
      if (!valid(v, i)) continue;
      const g = gid[i]!;
      cnt[g]!++;
      const y = x[i]!;
      if (typeof y === 'number') this.addSmall(acc, bound, g, y);
      else if (isSafeBig(y)) this.addSmall(acc, bound, g, Number(y));
      else this.carry[g] = (this.carry[g] ?? 0n) + y;
    }
  }

  /** Folds another state's group: its double part (|s| < 2^53) and its carry. */
  addPartial(acc: Float64Array, groups: number, g: number, s: number, carry: bigint | undefined): void {
    this.addSmall(acc, this.bounds(acc, groups), g, s);
    if (carry !== undefined) this.carry[g] = (this.carry[g] ?? 0n) + carry;
  }

  total(acc: Float64Array, g: number): number | bigint {
    const c = this.carry[g];
    return c === undefined ? acc[g]! : normalizeBig(c + BigInt(acc[g]!));
  }

  carryOf(g: number): bigint | undefined {
    return this.carry[g];
  }

  private addSmall(acc: Float64Array, bound: Float64Array, g: number, y: number): void {
    const a = Math.abs(y);
    if (bound[g]! + a > MAX_SAFE) {
      this.carry[g] = (this.carry[g] ?? 0n) + BigInt(acc[g]!);
      acc[g] = 0;
      bound[g] = 0;
    }
    acc[g]! += y;
    bound[g]! += a;
  }

  private bounds(acc: Float64Array, groups: number): Float64Array {
    let b = this.bound;
    if (b === undefined) {
      b = new Float64Array(Math.max(16, groups));
      for (let g = 0; g < groups; g++) b[g] = Math.abs(acc[g]!);
    } else if (b.length < groups) {
      const c = new Float64Array(Math.max(groups, b.length * 2));
      c.set(b);
      b = c;
    }
    return (this.bound = b);
  }
}

/**
 * min/max of int64: acc[g] holds the double of the current extreme, and exact[g] the value itself when it
 * is beyond 2^53. A safe value orders against Number(b) as against b, so the double loop stays exact.
 */
export class ExactExtremes {
  private exact: (bigint | undefined)[] = [];
  constructor(readonly isMin: boolean) {}

  add(acc: Float64Array, cnt: Float64Array, gid: Int32Array, c: Int64Column): void {
    const n = c.length;
    const v = c.validity;
    const x = c.values;
    const isMin = this.isMin;
    if (x instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        if (!valid(v, i)) continue;
        const g = gid[i]!;
        const y = x[i]!;
        if (isMin ? y < acc[g]! : y > acc[g]!) acc[g] = y;
        cnt[g]!++;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      if (!valid(v, i)) continue;
      const g = gid[i]!;
      this.offer(acc, g, x[i]!);
      cnt[g]!++;
    }
  }

  offer(acc: Float64Array, g: number, y: number | bigint): void {
    const cur = this.current(acc, g);
    if (!(this.isMin ? y < cur : y > cur)) return;
    if (typeof y === 'bigint' && !isSafeBig(y)) {
      this.exact[g] = y;
      acc[g] = Number(y);
    } else {
      this.exact[g] = undefined;
      acc[g] = Number(y);
    }
  }

  current(acc: Float64Array, g: number): number | bigint {
    const e = this.exact[g];
    return e !== undefined && acc[g] === Number(e) ? e : acc[g]!;
  }

  /** The exact value when the double does not hold it. */
  carryOf(acc: Float64Array, g: number): bigint | undefined {
    const c = this.current(acc, g);
    return typeof c === 'bigint' ? c : undefined;
  }
}
