import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/policy/decide';
import type { DecideWorkload } from '../../src/policy/types';
import { at, carbon, MIN, policy, signals, workload } from './fixtures';

const now = at('2026-05-12T10:10:00Z');
const cap = policy('carbon-threshold', { offAboveGPerKwh: 300, hysteresisGPerKwh: 20 }, { name: 'grid-cap' });
const run = (g: number | undefined, w: DecideWorkload = workload(), p = cap, forecast: number[] = []) =>
  decide(w, [p], [], signals(carbon(now, g, forecast)), now);

test('off above the threshold, with the intensity, status, age and source in the snapshot', () => {
  const out = run(412);
  assert.equal(out.desired, 'off');
  assert.equal(out.replicas, 0);
  assert.equal(out.reason, 'off: grid 412 g/kWh in GB is above 300 g/kWh (carbon-threshold grid-cap)');
  assert.deepEqual(out.policy, { id: cap.id, name: 'grid-cap', type: 'carbon-threshold' });
  const c = out.signals.carbon as Record<string, unknown>;
  assert.equal(c.intensityGPerKwh, 412);
  assert.equal(c.status, 'fresh');
  assert.equal(c.source, 'test');
  assert.equal(c.ageSeconds, 600);
  // The intensity may change with the next half-hour interval.
  assert.equal(out.until.toISOString(), '2026-05-12T10:30:00.000Z');
  assert.doesNotThrow(() => JSON.stringify(out.signals));
});

test('no opinion below the threshold', () => {
  const out = run(250);
  assert.equal(out.desired, 'on');
  assert.equal(out.policy, undefined);
  assert.match(out.reason, /grid 250 g\/kWh in GB is within the limits of carbon-threshold grid-cap/);
});

test('hysteresis: back on only below threshold − hysteresis', () => {
  const off = workload({ current: 'off' });
  assert.equal(run(290, off).desired, 'off');
  assert.equal(
    run(290, off).reason,
    'off: grid 290 g/kWh in GB is not yet below 280 g/kWh (300 − 20 hysteresis) (carbon-threshold grid-cap)',
  );
  assert.equal(run(280, off).desired, 'off');
  assert.equal(run(279, off).desired, 'on');
  // An "on" workload only goes off above the threshold itself.
  assert.equal(run(299, workload({ current: 'on' })).desired, 'on');
});

test('dwell: minOnMinutes and minOffMinutes hold a switch back', () => {
  const p = policy('carbon-threshold', { offAboveGPerKwh: 300, minOnMinutes: 30, minOffMinutes: 60 });
  const justOn = workload({ current: 'on', since: '2026-05-12T10:00:00Z' });
  const held = run(400, justOn, p);
  assert.equal(held.desired, 'on');
  assert.match(held.reason, /above 300 g\/kWh, but it has been on for only 10 min \(minimum 30 min;/);
  assert.equal(held.until.toISOString(), '2026-05-12T10:30:00.000Z');
  assert.equal(run(400, workload({ current: 'on', since: '2026-05-12T09:40:00Z' }), p).desired, 'off');

  const justOff = workload({ current: 'off', since: '2026-05-12T09:40:00Z' });
  const kept = run(100, justOff, p);
  assert.equal(kept.desired, 'off');
  assert.match(kept.reason, /allows it on, but it has been off for only 30 min \(minimum 1 h;/);
  assert.equal(kept.until.toISOString(), '2026-05-12T10:30:00.000Z');
  assert.equal(run(100, workload({ current: 'off', since: '2026-05-12T09:00:00Z' }), p).desired, 'on');
});

test('bands cap replicas, scale back up only hysteresis below the band edge', () => {
  const p = policy('carbon-threshold', {
    bands: [
      { aboveGPerKwh: 200, maxReplicas: 2 },
      { aboveGPerKwh: 350, maxReplicas: 1 },
      { aboveGPerKwh: 500, maxReplicas: 0 },
    ],
    hysteresisGPerKwh: 25,
  });
  const w = (replicas: number) => ({
    ...workload(),
    state: { current: 'on' as const, replicas, since: new Date(0) },
  });
  const two = run(300, w(3), p);
  assert.equal(two.desired, 'on');
  assert.equal(two.replicas, 2);
  assert.match(two.reason, /^on: 2 of 3 replicas — grid 300 g\/kWh in GB is above the 200 g\/kWh band/);
  assert.equal(run(400, w(2), p).replicas, 1);
  assert.equal(run(520, w(1), p).desired, 'off');
  // Coming down: 190 is below 200 but not 25 below, so it stays at 2.
  const stay = run(190, w(2), p);
  assert.equal(stay.replicas, 2);
  assert.match(stay.reason, /not yet 25 g\/kWh below the 200 g\/kWh band/);
  assert.equal(run(170, w(2), p).replicas, 3);
  // An off workload (band 0) stays off until 25 below the 500 band.
  const offW = workload({ current: 'off' });
  assert.equal(run(490, offW, p).desired, 'off');
  assert.equal(run(470, offW, p).desired, 'on');
  assert.equal(run(470, offW, p).replicas, 1);
});

test('off above a percentile of the next-24 h forecast', () => {
  const p = policy('carbon-threshold', { offAbovePercentile: 75 }, { name: 'p75' });
  const forecast = Array.from({ length: 48 }, (_, i) => 100 + i * 5); // 100 .. 335
  const out = run(320, workload(), p, forecast);
  assert.equal(out.desired, 'off');
  assert.match(out.reason, /above the 75th percentile of the next 24 h \(276 g\/kWh\)/);
  assert.equal((out.signals.carbonThreshold as { percentileGPerKwh: number }).percentileGPerKwh, 276.25);
  assert.equal(run(200, workload(), p, forecast).desired, 'on');
});

test('a percentile needs a fresh forecast covering enough of the next 24 h', () => {
  const p = policy('carbon-threshold', { offAbovePercentile: 50 });
  const short = run(900, workload({ current: 'on' }), p, [100, 100, 100]);
  assert.equal(short.desired, 'on', 'never switches off because the forecast is missing');
  const keepOff = run(10, workload({ current: 'off' }), p, []);
  assert.equal(keepOff.desired, 'off');
  assert.match(keepOff.reason, /^off: keeping the current state — the next-24 h forecast for GB is missing/);
});

test('missing, stale, invalid or foreign carbon data keeps the current state and says so', () => {
  const cases = [
    { signal: carbon(now, undefined), text: 'carbon data for GB is missing' },
    {
      signal: { ...carbon(now, 900), status: 'stale' as const },
      text: 'carbon data for GB is stale (age 10 min)',
    },
    { signal: carbon(now, Number.NaN), text: 'carbon data for GB is invalid (NaN)' },
    { signal: { ...carbon(now, 900), zone: 'DE' }, text: 'carbon data for GB is missing (got DE)' },
  ];
  for (const { signal, text } of cases) {
    for (const current of ['on', 'off'] as const) {
      const out = decide(workload({ current }), [cap], [], signals(signal), now);
      assert.equal(out.desired, current);
      assert.equal(out.reason, `${current}: keeping the current state — ${text} (carbon-threshold grid-cap)`);
      assert.ok(out.until.getTime() <= now.getTime() + 5 * MIN);
    }
  }
});
