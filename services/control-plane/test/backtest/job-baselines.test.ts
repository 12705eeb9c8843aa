import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { optimumPlacement, runAtSubmission } from '../../src/backtest';

/** Every way to pick `needed` of the intervals, keeping those with at most maxRuns runs and no gaps. */
function bruteForce(costs: number[], needed: number, maxRuns: number): number | undefined {
  let best: number | undefined;
  const n = costs.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let count = 0;
    let runs = 0;
    let cost = 0;
    let ok = true;
    for (let i = 0; i < n; i++) {
      if (!(mask & (1 << i))) continue;
      if (Number.isNaN(costs[i]!)) ok = false;
      count++;
      cost += costs[i]!;
      if (i === 0 || !(mask & (1 << (i - 1)))) runs++;
    }
    if (ok && count === needed && runs <= maxRuns && (best === undefined || cost < best)) best = cost;
  }
  return best;
}

test('the optimum placement is the cheapest of all placements (brute force on small cases)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(NaN)), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      (costs, needed, maxRuns) => {
        const got = optimumPlacement(Float64Array.from(costs), 0, costs.length, needed, maxRuns);
        const want = bruteForce(costs, needed, maxRuns);
        if (want === undefined) return got === undefined;
        if (!got) return false;
        const recomputed = got.intervals.reduce((s, i) => s + costs[i]!, 0);
        const runs = got.intervals.filter((v, k) => k === 0 || got.intervals[k - 1] !== v - 1).length;
        return got.cost === want && recomputed === want && got.intervals.length === needed && runs <= maxRuns;
      },
    ),
    { numRuns: 300 },
  );
});

test('run at submission takes the next intervals in order', () => {
  const r = runAtSubmission(Float64Array.from([5, 1, 2, NaN, 4]), 1, 3);
  assert.deepEqual(r.intervals, [1, 2, 3]);
  assert.equal(r.cost, 3);
});
