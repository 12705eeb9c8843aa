/**
 * Where a deferrable job could have run, judged with perfect hindsight on the actual intensities:
 * at submission (start at the earliest start, run straight through) and the optimum (the cheapest
 * placement in at most maxInterruptions + 1 runs before the deadline). Costs are per interval of the
 * grid series; NaN intervals (gaps) cannot be used by the optimum and count as unknown at submission.
 */
export interface Placement {
  /** Interval indexes the job runs in. */
  intervals: number[];
  /** Sum of the per-interval cost over those intervals (NaN intervals skipped). */
  cost: number;
}

export function runAtSubmission(costs: Float64Array, start: number, needed: number): Placement {
  const intervals: number[] = [];
  let cost = 0;
  for (let i = start; i < costs.length && intervals.length < needed; i++) {
    intervals.push(i);
    if (!Number.isNaN(costs[i]!)) cost += costs[i]!;
  }
  return { intervals, cost };
}

/**
 * Cheapest choice of `needed` intervals in [start, end) forming at most `maxRuns` contiguous runs.
 * Dynamic programming over (interval, intervals taken, runs used, running?) — O(n · needed · maxRuns).
 * Returns undefined when no placement fits.
 */
export function optimumPlacement(
  costs: Float64Array,
  start: number,
  end: number,
  needed: number,
  maxRuns: number,
): Placement | undefined {
  const n = end - start;
  if (needed <= 0) return { intervals: [], cost: 0 };
  if (n < needed) return undefined;
  const runs = Math.max(1, Math.min(maxRuns, needed));
  // best[k][r][s]: least cost after the intervals seen so far, having taken k, in r runs, s = running now.
  const size = (needed + 1) * (runs + 1) * 2;
  const idx = (k: number, r: number, s: number) => (k * (runs + 1) + r) * 2 + s;
  let best = new Float64Array(size).fill(Infinity);
  best[idx(0, 0, 0)] = 0;
  // Back-pointers to rebuild the chosen intervals: one row per interval.
  const from = new Int32Array(n * size).fill(-1);
  for (let t = 0; t < n; t++) {
    const c = costs[start + t]!;
    const next = new Float64Array(size).fill(Infinity);
    for (let k = 0; k <= needed; k++) {
      for (let r = 0; r <= runs; r++) {
        for (let s = 0; s < 2; s++) {
          const v = best[idx(k, r, s)]!;
          if (v === Infinity) continue;
          // Skip this interval.
          const skip = idx(k, r, 0);
          if (v < next[skip]!) {
            next[skip] = v;
            from[t * size + skip] = idx(k, r, s);
          }
          // Take it (never a gap: its intensity is unknown).
          if (k < needed && !Number.isNaN(c)) {
            const r2 = s === 1 ? r : r + 1;
            if (r2 > runs) continue;
            const take = idx(k + 1, r2, 1);
            if (v + c < next[take]!) {
              next[take] = v + c;
              from[t * size + take] = idx(k, r, s);
            }
          }
        }
      }
    }
    best = next;
  }
  let end_ = -1;
  let cost = Infinity;
  for (let r = 0; r <= runs; r++) {
    for (let s = 0; s < 2; s++) {
      const v = best[idx(needed, r, s)]!;
      if (v < cost) {
        cost = v;
        end_ = idx(needed, r, s);
      }
    }
  }
  if (end_ < 0) return undefined;
  const intervals: number[] = [];
  let state = end_;
  for (let t = n - 1; t >= 0; t--) {
    const prev = from[t * size + state]!;
    // A state that ends in "running" at t took interval t.
    if (state % 2 === 1) intervals.push(start + t);
    state = prev;
  }
  intervals.reverse();
  return { intervals, cost };
}
