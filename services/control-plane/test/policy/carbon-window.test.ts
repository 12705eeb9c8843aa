import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/policy/decide';
import type { DecideWorkload } from '../../src/policy/types';
import {
  bestChunkedPlan,
  bestContiguousWindow,
  planningIntervals,
  type Interval,
} from '../../src/policy/window-planner';
import { at, carbon, HOUR, MIN, policy, signals, workload } from './fixtures';

const now = at('2026-05-12T10:00:00Z');
const t0 = now.getTime();
// Half-hourly forecast from 10:00: high, a dip 14:00–16:00, high, a deeper but short dip 20:00–21:00.
const forecast = Array.from({ length: 48 }, (_, i) => {
  const h = 10 + i / 2;
  if (h >= 14 && h < 16) return 100;
  if (h >= 20 && h < 21) return 50;
  return 300;
});
const etl = policy(
  'carbon-window',
  { durationMinutes: 120, deadline: '2026-05-13T06:00:00Z' },
  { name: 'nightly-etl' },
);
const job = (over: Partial<NonNullable<DecideWorkload['job']>> & { current?: 'on' | 'off' } = {}) => {
  const { current = 'off', ...progress } = over;
  return workload({ current, job: { ranMinutes: 0, interruptions: 0, finished: false, ...progress } });
};
const run = (w: DecideWorkload, p = etl, when = now, f = forecast) =>
  decide(w, [p], [], signals(carbon(when, f[0], f, { from: now })), when);

test('waits for the lowest-carbon window and names it with its mean intensity', () => {
  const out = run(job());
  assert.equal(out.desired, 'off');
  assert.equal(
    out.reason,
    'off: job waits for its planned window Tue 14:00Z–Tue 16:00Z (mean 100 g/kWh); 2 h left, latest start 2026-05-13 04:00Z (carbon-window nightly-etl)',
  );
  const plan = (out.signals.carbonWindow as { plan: { windows: unknown[]; meanGPerKwh: number } }).plan;
  assert.deepEqual(plan.windows, [{ from: '2026-05-12T14:00:00.000Z', to: '2026-05-12T16:00:00.000Z' }]);
  assert.equal(plan.meanGPerKwh, 100);
  assert.equal(out.until.toISOString(), '2026-05-12T11:00:00.000Z'); // the hour cap
  // At 14:00 it runs.
  const start = run(job(), etl, at('2026-05-12T14:00:00Z'));
  assert.equal(start.desired, 'on');
  assert.equal(start.replicas, 3);
  assert.match(start.reason, /^on: job runs in its planned window Tue 14:00Z–Tue 16:00Z \(mean 100 g\/kWh\)/);
});

test('a running job without interruptions left carries on; a finished one is off', () => {
  const running = run(job({ current: 'on', ranMinutes: 30 }), etl, at('2026-05-12T14:30:00Z'));
  assert.equal(running.desired, 'on');
  assert.match(running.reason, /job running, 1 h 30 min left; no interruptions left/);
  const done = run(job({ current: 'on', ranMinutes: 120 }), etl, at('2026-05-12T16:00:00Z'));
  assert.equal(done.desired, 'off');
  assert.match(done.reason, /^off: job finished \(2 h of 2 h;/);
  assert.equal(run(job({ finished: true, ranMinutes: 10 })).desired, 'off');
});

test('started at the latest start whatever the data says, and until never passes it', () => {
  const latest = Date.parse('2026-05-13T04:00:00Z');
  for (const signal of [
    carbon(now, undefined),
    { ...carbon(now, 100, forecast), forecastStatus: 'stale' as const },
  ]) {
    const before = decide(job(), [etl], [], signals(signal), now);
    assert.equal(before.desired, 'off');
    assert.match(before.reason, /starts by 2026-05-13 04:00Z at the latest/);
    const late = new Date(latest - 10 * MIN);
    const waiting = decide(job(), [etl], [], signals(signal), late);
    assert.equal(waiting.until.getTime(), latest);
    const forced = decide(job(), [etl], [], signals(signal), new Date(latest));
    assert.equal(forced.desired, 'on');
    assert.match(forced.reason, /^on: must run now to finish by the deadline 2026-05-13 06:00Z \(2 h left\)/);
  }
  // Past the deadline and not finished: run to finish.
  const late = decide(
    job({ ranMinutes: 60 }),
    [etl],
    [],
    signals(carbon(now, 100)),
    at('2026-05-13T07:00:00Z'),
  );
  assert.equal(late.desired, 'on');
  assert.match(late.reason, /deadline 2026-05-13 06:00Z has passed; running to finish \(1 h left\)/);
});

test('a running job is never paused because the forecast went missing', () => {
  const p = policy('carbon-window', {
    durationMinutes: 240,
    deadline: '2026-05-13T06:00:00Z',
    maxInterruptions: 3,
  });
  const out = decide(job({ current: 'on', ranMinutes: 60 }), [p], [], signals(carbon(now, undefined)), now);
  assert.equal(out.desired, 'on');
  assert.match(
    out.reason,
    /^on: keeping the current state — the forecast for GB is missing; 3 h left \(carbon-window /,
  );
});

test('waits for earliestStart', () => {
  const p = policy('carbon-window', {
    durationMinutes: 60,
    earliestStart: '2026-05-12T18:00:00Z',
    deadline: '2026-05-13T06:00:00Z',
  });
  const out = run(job(), p);
  assert.equal(out.desired, 'off');
  assert.match(out.reason, /planned window Tue 20:00Z–Tue 21:00Z \(mean 50 g\/kWh\)/);
});

test('with interruptions allowed it splits the run into the cheapest chunks', () => {
  const p = policy('carbon-window', {
    durationMinutes: 180,
    deadline: '2026-05-13T06:00:00Z',
    maxInterruptions: 1,
  });
  const out = run(job(), p);
  assert.equal(out.desired, 'off');
  const plan = (out.signals.carbonWindow as { plan: { windows: unknown[]; meanGPerKwh: number } }).plan;
  assert.deepEqual(plan.windows, [
    { from: '2026-05-12T14:00:00.000Z', to: '2026-05-12T16:00:00.000Z' },
    { from: '2026-05-12T20:00:00.000Z', to: '2026-05-12T21:00:00.000Z' },
  ]);
  assert.equal(plan.meanGPerKwh, 83.33);
  assert.match(out.reason, /2 chunks Tue 14:00Z–Tue 16:00Z, Tue 20:00Z–Tue 21:00Z \(mean 83\.3 g\/kWh\)/);
  // Running at 16:00 with 2 h done and one pause left: pause until 20:00.
  const pause = run(job({ current: 'on', ranMinutes: 120 }), p, at('2026-05-12T16:00:00Z'));
  assert.equal(pause.desired, 'off');
  // With the pause used up, the rest must run in one go: 20:00–21:00.
  const resumed = run(job({ ranMinutes: 120, interruptions: 1 }), p, at('2026-05-12T20:00:00Z'));
  assert.equal(resumed.desired, 'on');
});

test('contiguous planner: exact over boundaries, ties to the earliest start', () => {
  const iv = (h0: number, h1: number, g: number): Interval => ({
    startMs: t0 + h0 * HOUR,
    endMs: t0 + h1 * HOUR,
    g,
  });
  const intervals = [
    iv(0, 1, 200),
    iv(1, 2, 100),
    iv(2, 3, 100),
    iv(3, 4, 300),
    iv(4, 5, 100),
    iv(5, 6, 100),
  ];
  const plan = bestContiguousWindow(intervals, 90 * MIN, t0, t0 + 10 * HOUR)!;
  assert.deepEqual(plan.windows, [{ startMs: t0 + HOUR, endMs: t0 + 2.5 * HOUR }]);
  assert.equal(plan.meanGPerKwh, 100);
  // Latest start limits the choice.
  const early = bestContiguousWindow(intervals, 90 * MIN, t0, t0 + 0.25 * HOUR)!;
  assert.equal(early.windows[0]!.startMs, t0 + 0.25 * HOUR);
  // A gap in the forecast breaks windows.
  const gappy = [iv(0, 1, 100), iv(2, 3, 100)];
  assert.equal(bestContiguousWindow(gappy, 90 * MIN, t0, t0 + 10 * HOUR), undefined);
});

test('planning intervals: clipped to [start, deadline), the current intensity fills the head', () => {
  const points = [
    { timeMs: t0 + 30 * MIN, g: 10 },
    { timeMs: t0 + 60 * MIN, g: 20 },
  ];
  const out = planningIntervals(points, 30 * MIN, t0 + 10 * MIN, t0 + 80 * MIN, 99);
  assert.deepEqual(out, [
    { startMs: t0 + 10 * MIN, endMs: t0 + 30 * MIN, g: 99 },
    { startMs: t0 + 30 * MIN, endMs: t0 + 60 * MIN, g: 10 },
    { startMs: t0 + 60 * MIN, endMs: t0 + 80 * MIN, g: 20 },
  ]);
});

test('chunked planner: the DP respects the run limit where greedy would not', () => {
  const gs = [100, 900, 100, 900, 100, 900, 80, 80, 100];
  const cells = gs.map((g, i) => ({ startMs: t0 + i * HOUR, endMs: t0 + (i + 1) * HOUR, g }));
  // Greedy (the three cheapest cells) needs two runs: allowed with 2, not with 1.
  const two = bestChunkedPlan(cells, 3 * HOUR, 2, 'any')!;
  assert.deepEqual(two.windows, [
    { startMs: t0, endMs: t0 + HOUR },
    { startMs: t0 + 6 * HOUR, endMs: t0 + 8 * HOUR },
  ]);
  assert.equal(two.meanGPerKwh, 260 / 3);
  const one = bestChunkedPlan(cells, 3 * HOUR, 1, 'any')!;
  assert.deepEqual(one.windows, [{ startMs: t0 + 6 * HOUR, endMs: t0 + 9 * HOUR }]);
  const skip = bestChunkedPlan(cells, 2 * HOUR, 1, 'skip')!;
  assert.deepEqual(skip.windows, [{ startMs: t0 + 6 * HOUR, endMs: t0 + 8 * HOUR }]);
  const carry = bestChunkedPlan(cells, 2 * HOUR, 1, 'continue')!;
  assert.deepEqual(carry.windows[0], { startMs: t0, endMs: t0 + 2 * HOUR });
});
