import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/policy/decide';
import { at, carbon, demand, MIN, policy, signals, workload } from './fixtures';

const now = at('2026-05-12T10:00:00Z');
const idle30 = policy('idle', { idleMinutes: 30 }, { name: 'idle-30' });
const run = (d: ReturnType<typeof demand>, w = workload(), p = idle30) =>
  decide(w, [p], [], signals(carbon(now, 100), d), now);

test('off after idleMinutes without a request', () => {
  const out = run(demand(now, [5, 3, ...Array<number>(35).fill(0)]));
  assert.equal(out.desired, 'off');
  assert.equal(out.replicas, 0);
  assert.equal(out.reason, 'off: idle — no requests for 35 min (policy idle-30: off after 30 min)');
  assert.equal(out.policy?.name, 'idle-30');
  assert.equal((out.signals.demand as { quietMinutes: number }).quietMinutes, 35);
  assert.ok(out.until.getTime() <= now.getTime() + 60 * MIN);
});

test('no opinion while there is demand; looks again when it could go idle', () => {
  const out = run(demand(now, [...Array<number>(20).fill(0), 4, ...Array<number>(10).fill(0)]));
  assert.equal(out.desired, 'on');
  assert.equal(out.policy, undefined);
  assert.match(out.reason, /^on: no policy switches it off \(no requests for 10 min of the 30 min/);
  // Quiet since the end of the busy minute (10 minutes ago): idle 20 minutes from now.
  assert.equal(out.until.toISOString(), new Date(now.getTime() + 20 * MIN).toISOString());
});

test('a threshold in requests per second', () => {
  const p = policy('idle', { idleMinutes: 10, thresholdRps: 0.5 }, { name: 'quiet' });
  // 12 requests a minute = 0.2 req/s: below 0.5 req/s.
  const low = run(demand(now, Array<number>(15).fill(12)), workload(), p);
  assert.equal(low.desired, 'off');
  assert.equal(
    low.reason,
    'off: idle — below 0.5 req/s for at least 15 min (policy quiet: off after 10 min)',
  );
  // 60 requests in the last minute = 1 req/s.
  const busy = run(demand(now, [...Array<number>(14).fill(12), 60]), workload(), p);
  assert.equal(busy.desired, 'on');
});

test('not idle before the samples cover idleMinutes', () => {
  const out = run(demand(now, Array<number>(10).fill(0)));
  assert.equal(out.desired, 'on');
});

test("the activator's lastRequestAt is authoritative for the no-requests test", () => {
  const out = run({ status: 'fresh', samples: [], lastRequestAt: new Date(now.getTime() - 45 * MIN) });
  assert.equal(out.desired, 'off');
  const recent = run({
    status: 'fresh',
    samples: demand(now, Array<number>(40).fill(0)).samples,
    lastRequestAt: new Date(now.getTime() - 5 * MIN),
  });
  assert.equal(recent.desired, 'on');
});

test('missing or stale demand keeps the current state and says so', () => {
  for (const status of ['missing', 'stale'] as const) {
    const d = { ...demand(now, Array<number>(60).fill(0)), status };
    const on = run(d, workload({ current: 'on' }));
    assert.equal(on.desired, 'on');
    assert.equal(on.reason, `on: keeping the current state — demand data is ${status} (idle policy idle-30)`);
    const off = run(d, workload({ current: 'off' }));
    assert.equal(off.desired, 'off');
    assert.equal(off.replicas, 0);
    assert.deepEqual(off.signals, { demand: { status } });
  }
  const none = run({ status: 'fresh', samples: [] }, workload({ current: 'on' }));
  assert.equal(none.desired, 'on');
  assert.match(none.reason, /no demand samples/);
});
