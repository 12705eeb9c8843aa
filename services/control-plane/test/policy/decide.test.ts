import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matches, parseSelector } from '../../src/labels/selector';
import { compilePolicies, compileSelector, decide, MAX_UNTIL_MS, PRECEDENCE } from '../../src/policy/decide';
import { at, carbon, demand, HOUR, MIN, override, policy, signals, workload } from './fixtures';

// Saturday noon in winter: inside the weekend window; grid at 400 g/kWh; no requests for an hour.
const now = at('2026-01-17T12:00:00Z');
const weekend = policy(
  'schedule',
  {
    timezone: 'Europe/London',
    offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
  },
  { name: 'weekend' },
);
const protect = policy('always-on', { reason: 'payments' }, { name: 'critical', selector: 'tier=critical' });
const grid = policy('carbon-threshold', { offAboveGPerKwh: 300 }, { name: 'grid' });
const idle = policy('idle', { idleMinutes: 30 }, { name: 'idle' });
const inputs = signals(carbon(now, 400), demand(now, Array<number>(60).fill(0)));

test('precedence: override > always-on > schedule > carbon > idle > default', () => {
  const all = [idle, grid, weekend, protect];
  const critical = workload({ labels: { tier: 'critical' } });
  const plain = workload({ labels: { tier: 'web' } });

  const byOverride = decide(
    critical,
    all,
    [override('off', '2026-01-17T11:00:00Z', '2026-01-17T12:30:00Z', { reason: 'maintenance\nwindow' })],
    inputs,
    now,
  );
  assert.equal(byOverride.desired, 'off');
  assert.equal(
    byOverride.reason,
    'off: manual override by alice until 2026-01-17 12:30Z — maintenance window',
  );
  assert.equal(byOverride.overrideId, 'o-off-2026-01-17T11:00:00Z');
  assert.equal(byOverride.policy, undefined);
  assert.equal(byOverride.until.toISOString(), '2026-01-17T12:30:00.000Z');

  const byAlwaysOn = decide(critical, all, [], inputs, now);
  assert.equal(byAlwaysOn.desired, 'on');
  assert.equal(byAlwaysOn.reason, 'on: protected by always-on policy critical (payments)');
  assert.equal(byAlwaysOn.policy?.type, 'always-on');

  assert.equal(decide(plain, all, [], inputs, now).policy?.type, 'schedule');
  assert.equal(decide(plain, [idle, grid], [], inputs, now).policy?.type, 'carbon-threshold');
  assert.equal(decide(plain, [idle], [], inputs, now).policy?.type, 'idle');
  const none = decide(plain, [], [], inputs, now);
  assert.deepEqual(
    { desired: none.desired, replicas: none.replicas, reason: none.reason, dryRun: none.dryRun },
    { desired: 'on', replicas: 3, reason: 'on: no policy applies', dryRun: false },
  );
  assert.deepEqual(Object.keys(PRECEDENCE), [
    'always-on',
    'schedule',
    'carbon-window',
    'carbon-threshold',
    'idle',
  ]);
});

test('overrides: only active ones count, the latest-starting wins, future ones bound until', () => {
  const plain = workload();
  const expired = override('off', '2026-01-17T09:00:00Z', '2026-01-17T12:00:00Z');
  const future = override('off', '2026-01-17T12:20:00Z', '2026-01-17T14:00:00Z');
  const out = decide(plain, [], [expired, future], inputs, now);
  assert.equal(out.desired, 'on');
  assert.equal(out.until.toISOString(), '2026-01-17T12:20:00.000Z');

  const older = override('off', '2026-01-17T10:00:00Z', '2026-01-18T00:00:00Z');
  const newer = override('on', '2026-01-17T11:00:00Z', '2026-01-17T15:00:00Z', { replicas: 5 });
  const both = decide(plain, [weekend], [older, newer], inputs, now);
  assert.equal(both.desired, 'on');
  assert.equal(both.replicas, 5);
  assert.equal(both.dryRun, false);
  assert.deepEqual(both.signals, {
    override: {
      id: newer.id,
      state: 'on',
      startsAt: '2026-01-17T11:00:00.000Z',
      until: '2026-01-17T15:00:00.000Z',
    },
  });
  // An override without replicas uses the workload's on/off replicas.
  assert.equal(decide(plain, [], [older], inputs, now).replicas, 0);
});

test('selectors and enabled decide which policies apply', () => {
  const devOnly = policy('always-on', {}, { selector: 'env in (dev,test),!legacy' });
  const disabled = policy('schedule', weekend.spec, { enabled: false });
  assert.equal(
    decide(workload({ labels: { env: 'dev' } }), [devOnly, disabled], [], inputs, now).policy?.id,
    devOnly.id,
  );
  assert.equal(
    decide(workload({ labels: { env: 'prod' } }), [devOnly, disabled], [], inputs, now).policy,
    undefined,
  );
  assert.equal(
    decide(workload({ labels: { env: 'dev', legacy: '' } }), [devOnly], [], inputs, now).policy,
    undefined,
  );
});

test('within a type: higher priority first, then name', () => {
  const a = policy('carbon-threshold', { offAboveGPerKwh: 100 }, { name: 'a', priority: 1 });
  const b = policy(
    'carbon-threshold',
    { bands: [{ aboveGPerKwh: 100, maxReplicas: 1 }] },
    { name: 'b', priority: 5 },
  );
  const c = policy(
    'carbon-threshold',
    { bands: [{ aboveGPerKwh: 100, maxReplicas: 2 }] },
    { name: 'c', priority: 5 },
  );
  const order = compilePolicies([a, c, b, protect, idle]).policies.map((p) => p.policy.name);
  assert.deepEqual(order, ['critical', 'b', 'c', 'a', 'idle']);
  assert.equal(decide(workload(), [a, c, b], [], inputs, now).policy?.name, 'b');
});

test('dryRun is the winning policy’s', () => {
  const dry = policy('schedule', weekend.spec, { name: 'trial', dryRun: true });
  const out = decide(workload(), [dry, grid], [], inputs, now);
  assert.equal(out.desired, 'off');
  assert.equal(out.dryRun, true);
  assert.equal(out.policy?.name, 'trial');
  assert.equal(decide(workload(), [grid], [], inputs, now).dryRun, false);
});

test('until is the earliest edge of any consulted policy and never more than an hour away', () => {
  // Friday 18:40: the weekend window starts at 19:00; a request a minute ago (idle could act at 19:10).
  const t = at('2026-01-16T18:40:00Z');
  const busy = demand(t, [...Array<number>(59).fill(0), 3]);
  const bySchedule = decide(workload(), [weekend, idle], [], signals(carbon(t, 100), busy), t);
  assert.equal(bySchedule.desired, 'on');
  assert.equal(bySchedule.until.toISOString(), '2026-01-16T19:00:00.000Z');
  // A quarter-hourly forecast: the grid intensity may change at 18:45, which comes first.
  const quarterly = carbon(t, 100, [100, 100, 100], { stepMs: 15 * MIN, from: at('2026-01-16T18:30:00Z') });
  const byGrid = decide(workload(), [weekend, grid, idle], [], signals(quarterly, busy), t);
  assert.equal(byGrid.until.toISOString(), '2026-01-16T18:45:00.000Z');
  // Far from any edge: an hour.
  const calm = at('2026-01-14T12:00:00Z');
  const capped = decide(workload(), [weekend], [], signals(carbon(calm, 100)), calm);
  assert.equal(capped.until.getTime(), calm.getTime() + HOUR);
});

test('a policy with a bad spec keeps the current state; a bad selector leaves the policy out', () => {
  const broken = policy('schedule', { timezone: 'Mars/Base', offDates: ['2026-01-17'] }, { name: 'broken' });
  const badSelector = policy('always-on', {}, { name: 'bad-sel', selector: 'tier in (web' });
  const compiled = compilePolicies([broken, badSelector, grid]);
  assert.deepEqual(
    compiled.problems.map((p) => [p.policyName, p.field]),
    [
      ['broken', 'spec.timezone'],
      ['bad-sel', 'selector'],
    ],
  );
  for (const current of ['on', 'off'] as const) {
    const out = decide(workload({ current }), compiled, [], inputs, now);
    assert.equal(out.desired, current);
    assert.match(
      out.reason,
      /keeping the current state — policy broken is invalid \(spec\.timezone unknown IANA/,
    );
  }
});

test('outcomes are JSON-safe and the same for a compiled set as for the raw list', () => {
  const all = [idle, grid, weekend, protect];
  const compiled = compilePolicies(all);
  for (const w of [workload(), workload({ labels: { tier: 'critical' } }), workload({ labels: {} })]) {
    for (const t of [now, at('2026-01-14T12:00:00Z'), at('2026-07-18T12:00:00Z')]) {
      const s = signals(carbon(t, 400), demand(t, Array<number>(60).fill(0)));
      const raw = decide(w, all, [], s, t);
      const pre = decide(w, compiled, [], s, t);
      assert.deepEqual(pre, raw);
      assert.deepEqual(JSON.parse(JSON.stringify(raw.signals)), raw.signals);
      assert.ok(raw.until.getTime() > t.getTime() && raw.until.getTime() <= t.getTime() + MAX_UNTIL_MS);
      assert.doesNotMatch(raw.reason, /\n/);
      assert.match(raw.reason, /^(on|off): /);
    }
  }
  assert.equal(MAX_UNTIL_MS, HOUR);
});

test('compiled selectors answer exactly as matches() from src/labels', () => {
  const key = fc.constantFrom('env', 'tier', 'team', 'legacy');
  const value = fc.constantFrom('dev', 'prod', 'web', 'a', 'b', '');
  const requirement = fc.oneof(
    fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
    fc.tuple(key, value).map(([k, v]) => `${k}!=${v}`),
    fc
      .tuple(key, fc.uniqueArray(value, { minLength: 1, maxLength: 3 }))
      .map(([k, vs]) => `${k} in (${vs.join(',')})`),
    fc
      .tuple(key, fc.uniqueArray(value, { minLength: 1, maxLength: 3 }))
      .map(([k, vs]) => `${k} notin (${vs.join(',')})`),
    key,
    key.map((k) => `!${k}`),
  );
  fc.assert(
    fc.property(fc.array(requirement, { maxLength: 4 }), fc.dictionary(key, value), (terms, labels) => {
      const selector = parseSelector(terms.join(','));
      assert.equal(
        compileSelector(selector)(labels),
        matches(selector, labels),
        `${terms.join(',')} on ${JSON.stringify(labels)}`,
      );
    }),
    { numRuns: 500 },
  );
});
