// Placing a deferrable job's remaining run in the lowest-carbon time before its deadline. Pure functions of a
// forecast; the carbon-window policy re-plans every tick, so a plan is only ever used to answer "run now?"
// and to explain the answer.
//
// - One chunk (no interruptions allowed): exact. The intensity is piecewise constant, so the mean over
//   [t, t + duration) is smallest for some t where the window starts or ends on an interval boundary; every
//   such t is tried. Ties go to the earliest start.
// - Up to N chunks: a dynamic program over forecast intervals (cells) choosing which to run in, with at
//   most N runs of adjacent cells; whole cells, so the last one may be used only in part. Forecasts finer
//   than MAX_DP_CELLS over the horizon are grouped into coarser cells first.

export interface Interval {
  startMs: number;
  endMs: number;
  /** Intensity, gCO2e/kWh. */
  g: number;
}

export interface PlannedWindow {
  startMs: number;
  endMs: number;
}

export interface Plan {
  windows: PlannedWindow[];
  /** Mean intensity over the planned run time. */
  meanGPerKwh: number;
}

const MAX_DP_CELLS = 192;

/**
 * The forecast as non-overlapping intervals clipped to [planStart, deadline): each point covers
 * [time, time + step). `currentG` (a fresh current intensity) fills the gap between planStart and the first
 * point when planStart is now and the forecast starts a little later.
 */
export function planningIntervals(
  points: readonly { timeMs: number; g: number }[],
  stepMs: number,
  planStartMs: number,
  deadlineMs: number,
  currentG?: number,
): Interval[] {
  const out: Interval[] = [];
  for (const p of points) {
    const start = Math.max(p.timeMs, planStartMs);
    const end = Math.min(p.timeMs + stepMs, deadlineMs);
    const prev = out[out.length - 1];
    if (prev && start < prev.endMs) {
      // Overlapping points (irregular spacing): the later one wins from its start.
      prev.endMs = start;
      if (prev.endMs <= prev.startMs) out.pop();
    }
    if (end > start) out.push({ startMs: start, endMs: end, g: p.g });
  }
  if (currentG !== undefined && (out.length === 0 || out[0]!.startMs > planStartMs)) {
    const gapEnd = Math.min(out.length ? out[0]!.startMs : Infinity, planStartMs + stepMs, deadlineMs);
    if (gapEnd > planStartMs) out.unshift({ startMs: planStartMs, endMs: gapEnd, g: currentG });
  }
  return out;
}

/** The lowest-mean contiguous window of `durationMs` starting in [planStart, latestStart], or undefined. */
export function bestContiguousWindow(
  intervals: readonly Interval[],
  durationMs: number,
  planStartMs: number,
  latestStartMs: number,
): Plan | undefined {
  let best: { start: number; cost: number } | undefined;
  // Walk maximal runs of adjacent intervals (a gap in the forecast breaks a window).
  let i = 0;
  while (i < intervals.length) {
    let j = i;
    while (j + 1 < intervals.length && intervals[j + 1]!.startMs === intervals[j]!.endMs) j++;
    const seg = intervals.slice(i, j + 1);
    i = j + 1;
    const segStart = seg[0]!.startMs;
    const segEnd = seg[seg.length - 1]!.endMs;
    if (segEnd - segStart < durationMs) continue;
    // Prefix integral at each interval start.
    const prefix: number[] = [0];
    for (const iv of seg) prefix.push(prefix[prefix.length - 1]! + iv.g * (iv.endMs - iv.startMs));
    const integral = (t: number): number => {
      let lo = 0;
      let hi = seg.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (seg[mid]!.startMs <= t) lo = mid;
        else hi = mid - 1;
      }
      const iv = seg[lo]!;
      return prefix[lo]! + iv.g * (Math.min(t, iv.endMs) - iv.startMs);
    };
    const lo = Math.max(segStart, planStartMs);
    const hi = Math.min(segEnd - durationMs, latestStartMs);
    if (hi < lo) continue;
    const candidates = new Set<number>([lo, hi]);
    for (const iv of seg) {
      for (const t of [iv.startMs, iv.endMs - durationMs, iv.endMs])
        if (t >= lo && t <= hi) candidates.add(t);
    }
    for (const t of [...candidates].sort((a, b) => a - b)) {
      const cost = integral(t + durationMs) - integral(t);
      if (!best || cost < best.cost - 1e-9) best = { start: t, cost };
    }
  }
  if (!best) return undefined;
  return {
    windows: [{ startMs: best.start, endMs: best.start + durationMs }],
    meanGPerKwh: best.cost / durationMs,
  };
}

/** Groups a long run of equal-length cells into coarser cells (means), so the DP stays small. */
function coarsen(cells: Interval[]): Interval[] {
  const fullCount = cells.length - 1;
  if (fullCount <= MAX_DP_CELLS) return cells;
  const factor = Math.ceil(fullCount / MAX_DP_CELLS);
  const out: Interval[] = [cells[0]!];
  for (let i = 1; i < cells.length; i += factor) {
    const group = cells.slice(i, i + factor);
    if (group.length < factor) break; // a short tail group is dropped (conservative)
    let adjacent = true;
    for (let k = 1; k < group.length; k++) if (group[k]!.startMs !== group[k - 1]!.endMs) adjacent = false;
    if (!adjacent) continue; // a group with a hole in it is not usable
    const sum = group.reduce((s, c) => s + c.g, 0);
    out.push({ startMs: group[0]!.startMs, endMs: group[group.length - 1]!.endMs, g: sum / group.length });
  }
  return out;
}

/**
 * The lowest-carbon choice of cells covering `durationMs` in at most `maxRuns` runs of adjacent cells.
 * `first`: 'continue' = the first cell is used and its run is free (a running job carrying on; at most
 * maxRuns runs in all), 'skip' = the first cell is not used, 'any' = either.
 */
export function bestChunkedPlan(
  intervals: readonly Interval[],
  durationMs: number,
  maxRuns: number,
  first: 'any' | 'continue' | 'skip',
): Plan | undefined {
  if (intervals.length === 0 || maxRuns < 1) return undefined;
  // Cells: the first interval as it is, then whole forecast steps (drop partial ones but the first).
  const q = mostCommonLength(intervals.slice(1)) ?? intervals[0]!.endMs - intervals[0]!.startMs;
  const cells = coarsen([intervals[0]!, ...intervals.slice(1).filter((c) => c.endMs - c.startMs === q)]);
  const cellMs = cells.length > 1 ? cells[1]!.endMs - cells[1]!.startMs : q;
  const len0 = cells[0]!.endMs - cells[0]!.startMs;
  const options: Plan[] = [];
  for (const use0 of first === 'any' ? [true, false] : [first === 'continue']) {
    const need = Math.max(0, Math.ceil((durationMs - (use0 ? len0 : 0)) / cellMs));
    const plan = choose(cells, use0, need, maxRuns, durationMs);
    if (plan) options.push(plan);
  }
  options.sort((a, b) => a.meanGPerKwh - b.meanGPerKwh || a.windows[0]!.startMs - b.windows[0]!.startMs);
  return options[0];
}

function mostCommonLength(intervals: readonly Interval[]): number | undefined {
  const counts = new Map<number, number>();
  for (const c of intervals) counts.set(c.endMs - c.startMs, (counts.get(c.endMs - c.startMs) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [len, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && len > best)) {
      best = len;
      bestCount = count;
    }
  }
  return best;
}

/** Exactly `need` cells after cell 0 (plus cell 0 when use0), in at most maxRuns runs, cheapest first. */
function choose(cells: Interval[], use0: boolean, need: number, maxRuns: number, durationMs: number) {
  const n = cells.length;
  if (need > n - 1) return undefined;
  const cost = (c: Interval) => c.g * (c.endMs - c.startMs);
  const runsOf = (chosen: boolean[]) => {
    let runs = 0;
    for (let i = 0; i < n; i++) {
      if (chosen[i] && !(i > 0 && chosen[i - 1] && cells[i - 1]!.endMs === cells[i]!.startMs)) runs++;
    }
    return runs;
  };
  // Greedy: the `need` cheapest cells; optimal whenever it needs no more runs than allowed.
  const order = cells
    .map((c, i) => ({ c, i }))
    .slice(1)
    .sort((a, b) => a.c.g - b.c.g || a.i - b.i);
  const greedy = new Array<boolean>(n).fill(false);
  greedy[0] = use0;
  for (const { i } of order.slice(0, need)) greedy[i] = true;
  let chosen: boolean[] | undefined = greedy;
  if (runsOf(greedy) > maxRuns) chosen = dynamicChoice(cells, use0, need, Math.min(maxRuns, need + 1));
  if (!chosen) return undefined;
  const windows: PlannedWindow[] = [];
  let total = 0;
  let runMs = 0;
  for (let i = 0; i < n && runMs < durationMs; i++) {
    if (!chosen[i]) continue;
    const c = cells[i]!;
    const used = Math.min(c.endMs - c.startMs, durationMs - runMs);
    runMs += used;
    total += cost({ ...c, endMs: c.startMs + used });
    const last = windows[windows.length - 1];
    if (last && last.endMs === c.startMs) last.endMs = c.startMs + used;
    else windows.push({ startMs: c.startMs, endMs: c.startMs + used });
  }
  if (runMs < durationMs) return undefined;
  return { windows, meanGPerKwh: total / runMs };
}

function dynamicChoice(
  cells: Interval[],
  use0: boolean,
  need: number,
  maxRuns: number,
): boolean[] | undefined {
  const n = cells.length;
  const K = need + 1;
  const R = maxRuns + 1;
  const idx = (k: number, r: number, inRun: number) => (k * R + r) * 2 + inRun;
  const size = K * R * 2;
  let dp = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  // parent[i][state] = previous inRun bit, +2 when unreachable
  const parent = new Uint8Array(n * size).fill(2);
  if (use0) dp[idx(0, 1, 1)] = cells[0]!.g * (cells[0]!.endMs - cells[0]!.startMs);
  else dp[idx(0, 0, 0)] = 0;
  for (let i = 1; i < n; i++) {
    const next = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    const adjacent = cells[i - 1]!.endMs === cells[i]!.startMs;
    const add = cells[i]!.g * (cells[i]!.endMs - cells[i]!.startMs);
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < R; r++) {
        for (let inRun = 0; inRun < 2; inRun++) {
          const v = dp[idx(k, r, inRun)]!;
          if (v === Number.POSITIVE_INFINITY) continue;
          // skip cell i
          const s0 = idx(k, r, 0);
          if (v < next[s0]!) {
            next[s0] = v;
            parent[i * size + s0] = inRun;
          }
          // take cell i
          if (k + 1 < K) {
            const r2 = inRun && adjacent ? r : r + 1;
            if (r2 < R) {
              const s1 = idx(k + 1, r2, 1);
              if (v + add < next[s1]!) {
                next[s1] = v + add;
                parent[i * size + s1] = inRun;
              }
            }
          }
        }
      }
    }
    dp = next;
  }
  let bestState = -1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let r = 0; r < R; r++) {
    for (let inRun = 0; inRun < 2; inRun++) {
      const s = idx(need, r, inRun);
      if (dp[s]! < bestCost) [bestCost, bestState] = [dp[s]!, s];
    }
  }
  if (bestState < 0) return undefined;
  const chosen = new Array<boolean>(n).fill(false);
  chosen[0] = use0;
  let s = bestState;
  for (let i = n - 1; i >= 1; i--) {
    const inRun = s % 2;
    const r = Math.floor(s / 2) % R;
    const k = Math.floor(s / 2 / R);
    const prevIn = parent[i * size + s]!;
    chosen[i] = inRun === 1;
    if (inRun === 1) {
      const adjacent = cells[i - 1]!.endMs === cells[i]!.startMs;
      const prevR = prevIn && adjacent ? r : r - 1;
      s = idx(k - 1, prevR, prevIn);
    } else s = idx(k, r, prevIn);
  }
  return chosen;
}
