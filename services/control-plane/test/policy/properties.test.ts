// Property tests (fast-check) of decide(): protection and overrides, deadlines of carbon-window jobs, no
// flapping faster than the dwell time, determinism, and the chunk planner against brute force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePolicies, decide, MAX_UNTIL_MS } from '../../src/policy/decide';
import type { CarbonSignal, DemandSignal, SignalStatus } from '../../src/signals/types';
import type {
  DecideOverride,
  DecidePolicy,
  DecideSignals,
  DecideWorkload,
  PowerStateName,
} from '../../src/policy/types';
import { bestChunkedPlan, type Interval } from '../../src/policy/window-planner';
import { HOUR, MIN } from './fixtures';

const T0 = Date.parse('2026-03-20T00:00:00Z'); // spans the March DST change within 10 days
const iso = (ms: number) => new Date(ms).toISOString();
const status = fc.constantFrom<SignalStatus>('fresh', 'fresh', 'fresh', 'stale', 'missing');

// ---- random inputs -------------------------------------------------------------------------------------

const day = fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const dateNear = fc.integer({ min: -3, max: 14 }).map((d) => iso(T0 + d * 24 * HOUR).slice(0, 10));

const scheduleSpec = fc
  .record(
    {
      timezone: fc.constantFrom('Europe/London', 'America/New_York', 'UTC', 'Australia/Sydney'),
      offWindows: fc.array(
        fc.record({ from: fc.record({ day, time: clock }), to: fc.record({ day, time: clock }) }),
        { maxLength: 3 },
      ),
      cron: fc.option(
        fc.constantFrom(
          ['0 19 * * 1-5', '0 7 * * 1-5'],
          ['30 1 * * *', '0 6 * * *'],
          ['*/20 * * * *', '10 * * * *'],
          ['0 22 * * fri', '0 6 * * mon'],
        ),
        { nil: undefined },
      ),
      offDates: fc.array(dateNear, { maxLength: 3 }),
      exceptDates: fc.array(dateNear, { maxLength: 2 }),
      offRanges: fc.array(
        fc
          .tuple(fc.integer({ min: -48, max: 24 * 12 }), fc.integer({ min: 1, max: 72 }))
          .map(([s, len]) => ({ from: iso(T0 + s * HOUR), to: iso(T0 + (s + len) * HOUR) })),
        { maxLength: 2 },
      ),
      graceMinutes: fc.integer({ min: 0, max: 120 }),
    },
    { requiredKeys: ['timezone'] },
  )
  .map(({ cron, offWindows, ...rest }) => ({
    ...rest,
    offWindows: (offWindows ?? []).filter((w) => w.from.day !== w.to.day || w.from.time !== w.to.time),
    ...(cron ? { sleepCron: cron[0], wakeCron: cron[1] } : {}),
  }))
  .filter((s) => s.offWindows.length > 0 || !!s.sleepCron || !!s.offDates?.length || !!s.offRanges?.length);

const thresholdSpec = fc
  .record(
    {
      offAboveGPerKwh: fc.integer({ min: 50, max: 500 }),
      offAbovePercentile: fc.integer({ min: 10, max: 95 }),
      bands: fc.array(
        fc.record({
          aboveGPerKwh: fc.integer({ min: 0, max: 600 }),
          maxReplicas: fc.integer({ min: 0, max: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      hysteresisGPerKwh: fc.integer({ min: 0, max: 60 }),
      minOnMinutes: fc.integer({ min: 0, max: 180 }),
      minOffMinutes: fc.integer({ min: 0, max: 180 }),
    },
    { requiredKeys: [] },
  )
  .filter((s) => s.offAboveGPerKwh !== undefined || s.offAbovePercentile !== undefined || !!s.bands);

const windowSpec = fc
  .tuple(
    fc.integer({ min: 15, max: 480 }),
    fc.integer({ min: -24 * 60, max: 24 * 60 }),
    fc.integer({ min: 0, max: 48 * 60 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([duration, startOffset, slack, maxInterruptions]) => ({
    durationMinutes: duration,
    earliestStart: iso(T0 + startOffset * MIN),
    deadline: iso(T0 + (startOffset + duration + slack) * MIN),
    maxInterruptions,
  }));

const selector = fc.constantFrom('', '', 'env=dev', 'tier in (web,critical)', '!legacy', 'env!=prod');

const policyArb: fc.Arbitrary<DecidePolicy> = fc
  .tuple(
    fc.oneof(
      fc.record({ type: fc.constant('schedule' as const), spec: scheduleSpec }),
      fc.record({
        type: fc.constant('idle' as const),
        spec: fc.record(
          {
            idleMinutes: fc.integer({ min: 1, max: 120 }),
            thresholdRps: fc.double({ min: 0, max: 5, noNaN: true }),
          },
          { requiredKeys: ['idleMinutes'] },
        ),
      }),
      fc.record({ type: fc.constant('carbon-threshold' as const), spec: thresholdSpec }),
      fc.record({ type: fc.constant('carbon-window' as const), spec: windowSpec }),
      fc.record({ type: fc.constant('always-on' as const), spec: fc.constant({}) }),
    ),
    selector,
    fc.integer({ min: -2, max: 2 }),
    fc.boolean(),
    fc.boolean(),
    fc.nat(),
  )
  .map(([{ type, spec }, sel, priority, enabled, dryRun, n]) => ({
    id: `p-${n}`,
    name: `${type}-${n % 100}`,
    type,
    spec,
    selector: sel,
    priority,
    enabled: enabled || n % 3 === 0,
    dryRun,
  }));

const labelsArb = fc.record(
  {
    env: fc.constantFrom('dev', 'prod'),
    tier: fc.constantFrom('web', 'critical', 'batch'),
    legacy: fc.constant(''),
  },
  { requiredKeys: [] },
);

const workloadArb: fc.Arbitrary<DecideWorkload> = fc
  .record({
    labels: labelsArb,
    replicasOn: fc.integer({ min: 1, max: 5 }),
    current: fc.constantFrom<PowerStateName>('on', 'off'),
    sinceMin: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    createdMin: fc.integer({ min: 0, max: 30 * 24 * 60 }),
    ran: fc.integer({ min: 0, max: 500 }),
    interruptions: fc.integer({ min: 0, max: 4 }),
    finished: fc.boolean(),
    avoided: fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined }),
  })
  .map((w) => ({
    id: 'w',
    name: 'w',
    labels: w.labels as Record<string, string>,
    zone: 'GB',
    replicasOn: w.replicasOn,
    replicasOff: 0,
    createdAt: new Date(T0 - w.createdMin * MIN),
    state: {
      current: w.current,
      replicas: w.current === 'on' ? w.replicasOn : 0,
      since: new Date(T0 - w.sinceMin * MIN),
    },
    job: { ranMinutes: w.ran, interruptions: w.interruptions, finished: w.finished && w.ran > 100 },
    ...(w.avoided !== undefined ? { avoidedEnergyKwh: w.avoided } : {}),
  }));

function carbonSignal(
  nowMs: number,
  st: SignalStatus,
  current: number,
  fst: SignalStatus,
  forecast: number[],
): CarbonSignal {
  const slot = Math.floor(nowMs / (30 * MIN)) * 30 * MIN;
  return {
    zone: 'GB',
    status: st,
    source: 'test',
    current:
      st === 'missing'
        ? undefined
        : { time: new Date(slot), intensityGPerKwh: current, ageSeconds: st === 'stale' ? 7200 : 60 },
    forecastStatus: fst,
    forecast:
      fst === 'missing'
        ? []
        : forecast.map((g, i) => ({ time: new Date(slot + i * 30 * MIN), intensityGPerKwh: g })),
  };
}

const signalsArb = (nowMs: number): fc.Arbitrary<DecideSignals> =>
  fc
    .record({
      st: status,
      current: fc.integer({ min: 0, max: 700 }),
      fst: status,
      forecast: fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 96 }),
      dst: status,
      perMinute: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 90 }),
    })
    .map(({ st, current, fst, forecast, dst, perMinute }) => ({
      carbon: carbonSignal(nowMs, st, current, fst, forecast),
      demand: {
        status: dst,
        samples: perMinute.map((requests, i) => ({
          time: new Date(nowMs - (perMinute.length - 1 - i) * MIN),
          windowSeconds: 60,
          requests,
        })),
      } satisfies DemandSignal,
    }));

const nowArb = fc.integer({ min: 0, max: 10 * 24 * 60 }).map((m) => T0 + m * MIN);

const overrideArb = (nowMs: number): fc.Arbitrary<DecideOverride> =>
  fc
    .record({
      state: fc.constantFrom<PowerStateName>('on', 'off'),
      start: fc.integer({ min: -600, max: 600 }),
      len: fc.integer({ min: 1, max: 900 }),
      n: fc.nat(),
    })
    .map(({ state, start, len, n }) => ({
      id: `o-${n}`,
      state,
      replicas: null,
      startsAt: new Date(nowMs + start * MIN),
      until: new Date(nowMs + (start + len) * MIN),
      createdBy: 'prop',
      reason: 'random',
    }));

const scenario = nowArb.chain((nowMs) =>
  fc.record({
    nowMs: fc.constant(nowMs),
    workload: workloadArb,
    policies: fc.array(policyArb, { maxLength: 6 }),
    overrides: fc.array(overrideArb(nowMs), { maxLength: 3 }),
    signals: signalsArb(nowMs),
  }),
);

// ---- properties ----------------------------------------------------------------------------------------

test('every outcome is well formed (random policies, overrides and signals)', () => {
  fc.assert(
    fc.property(scenario, ({ nowMs, workload, policies, overrides, signals }) => {
      const out = decide(workload, policies, overrides, signals, new Date(nowMs));
      assert.match(out.reason, /^(on|off): [^\n]+$/);
      assert.ok(out.until.getTime() > nowMs && out.until.getTime() <= nowMs + MAX_UNTIL_MS);
      assert.deepEqual(JSON.parse(JSON.stringify(out.signals)), out.signals);
      assert.ok(Number.isInteger(out.replicas) && out.replicas >= 0);
      if (out.desired === 'on') assert.ok(out.replicas >= 1 || out.overrideId !== undefined);
    }),
    { numRuns: 400 },
  );
});

test('never off while an always-on policy applies (and no override says off)', () => {
  fc.assert(
    fc.property(scenario, fc.integer({ min: -5, max: 5 }), (s, priority) => {
      const protect: DecidePolicy = {
        id: 'protect',
        name: 'protect',
        type: 'always-on',
        spec: {},
        selector: 'tier=critical',
        priority,
        enabled: true,
        dryRun: false,
      };
      const w = { ...s.workload, labels: { ...s.workload.labels, tier: 'critical' } };
      const overrides = s.overrides.filter((o) => o.state === 'on');
      const out = decide(w, [...s.policies, protect], overrides, s.signals, new Date(s.nowMs));
      assert.equal(out.desired, 'on', out.reason);
    }),
    { numRuns: 300 },
  );
});

test('never off while an "on" override is active', () => {
  fc.assert(
    fc.property(
      scenario,
      fc.integer({ min: 0, max: 600 }),
      fc.integer({ min: 1, max: 600 }),
      (s, ago, left) => {
        const on: DecideOverride = {
          id: 'manual-on',
          state: 'on',
          replicas: null,
          // Starts after every other active override, so it is the one in force.
          startsAt: new Date(s.nowMs - ago * MIN),
          until: new Date(s.nowMs + left * MIN),
          createdBy: 'ops',
          reason: 'incident',
        };
        const others = s.overrides.filter(
          (o) => o.startsAt.getTime() < on.startsAt.getTime() || o.state === 'on',
        );
        const out = decide(s.workload, s.policies, [...others, on], s.signals, new Date(s.nowMs));
        assert.equal(out.desired, 'on', out.reason);
        assert.ok(out.replicas >= 1);
      },
    ),
    { numRuns: 300 },
  );
});

test('never switched off because carbon or demand data is missing or stale', () => {
  const carbonAndIdle = policyArb.filter((p) => p.type === 'carbon-threshold' || p.type === 'idle');
  fc.assert(
    fc.property(
      nowArb,
      workloadArb,
      fc.array(carbonAndIdle, { maxLength: 4 }),
      fc.constantFrom<SignalStatus>('stale', 'missing'),
      fc.constantFrom<SignalStatus>('stale', 'missing'),
      (nowMs, w, policies, cst, dst) => {
        const on = { ...w, state: { ...w.state, current: 'on' as const, replicas: w.replicasOn } };
        const signals: DecideSignals = {
          carbon: carbonSignal(nowMs, cst, 999, cst, Array<number>(48).fill(999)),
          demand: { status: dst, samples: [] },
        };
        const out = decide(on, policies, [], signals, new Date(nowMs));
        assert.equal(out.desired, 'on', out.reason);
      },
    ),
    { numRuns: 300 },
  );
});

test('deterministic: same inputs, same outcome — raw or compiled, in any order, with copied inputs', () => {
  fc.assert(
    fc.property(
      fc.array(scenario, { minLength: 2, maxLength: 6 }),
      fc.array(policyArb, { maxLength: 6 }),
      (cases, policies) => {
        const nowMs = cases[0]!.nowMs;
        const now = new Date(nowMs);
        const compiled = compilePolicies(policies);
        const first = cases.map((c) => decide(c.workload, compiled, c.overrides, c.signals, now));
        // Reverse order, fresh compile, structurally cloned inputs (new signal objects: no shared caches).
        const again = compilePolicies(structuredClone(policies));
        const second = [...cases]
          .reverse()
          .map((c) =>
            decide(
              structuredClone(c.workload),
              again,
              structuredClone(c.overrides),
              structuredClone(c.signals),
              new Date(nowMs),
            ),
          )
          .reverse();
        assert.deepEqual(second, first);
        const raw = cases.map((c) => decide(c.workload, policies, c.overrides, c.signals, now));
        assert.deepEqual(raw, first);
      },
    ),
    { numRuns: 100 },
  );
});

test('a schedule decides the same whatever order instants are asked in (its memo is exact)', () => {
  fc.assert(
    fc.property(
      scheduleSpec,
      fc.array(fc.integer({ min: 0, max: 14 * 24 * 60 }), { minLength: 2, maxLength: 40 }),
      workloadArb,
      (spec, minutes, w) => {
        const p: DecidePolicy = {
          id: 's',
          name: 's',
          type: 'schedule',
          spec,
          selector: '',
          priority: 0,
          enabled: true,
          dryRun: false,
        };
        const compiled = compilePolicies([p]);
        const signals: DecideSignals = {
          carbon: carbonSignal(T0, 'missing', 0, 'missing', []),
          demand: { status: 'missing', samples: [] },
        };
        for (const m of [...minutes, ...minutes.map((x) => x + 1).sort((a, b) => a - b)]) {
          const now = new Date(T0 - 3 * 24 * HOUR + m * MIN);
          assert.deepEqual(decide(w, compiled, [], signals, now), decide(w, [p], [], signals, now));
        }
      },
    ),
    { numRuns: 60 },
  );
});

// A job tracker and a scheduler that ticks at random intervals, never later than the decision's until.
function simulateJob(
  spec: { durationMinutes: number; earliestStart?: string; deadline: string; maxInterruptions: number },
  startMs: number,
  steps: number[],
  tickSignals: (nowMs: number, i: number) => CarbonSignal,
) {
  const policy: DecidePolicy = {
    id: 'job',
    name: 'job',
    type: 'carbon-window',
    spec,
    selector: '',
    priority: 0,
    enabled: true,
    dryRun: false,
  };
  const compiled = compilePolicies([policy]);
  assert.deepEqual(compiled.problems, []);
  const durationMs = spec.durationMinutes * MIN;
  const deadline = Date.parse(spec.deadline);
  let t = startMs;
  let ranMs = 0;
  let interruptions = 0;
  let finishedAt: number | undefined;
  let state: { current: PowerStateName; since: number } = { current: 'off', since: startMs - HOUR };
  for (let i = 0; finishedAt === undefined && t < deadline + 2 * 24 * HOUR; i++) {
    const w: DecideWorkload = {
      id: 'w',
      name: 'w',
      labels: {},
      zone: 'GB',
      replicasOn: 1,
      replicasOff: 0,
      createdAt: new Date(startMs - 24 * HOUR),
      state: {
        current: state.current,
        replicas: state.current === 'on' ? 1 : 0,
        since: new Date(state.since),
      },
      job: { ranMinutes: ranMs / MIN, interruptions, finished: ranMs >= durationMs },
    };
    const out = decide(
      w,
      compiled,
      [],
      { carbon: tickSignals(t, i), demand: { status: 'missing', samples: [] } },
      new Date(t),
    );
    if (out.desired !== state.current) {
      if (out.desired === 'off' && ranMs > 0 && ranMs < durationMs) interruptions++;
      state = { current: out.desired, since: t };
    }
    const next = Math.min(t + steps[i % steps.length]! * MIN, out.until.getTime());
    if (state.current === 'on') {
      const run = Math.min(next - t, durationMs - ranMs);
      ranMs += run;
      if (ranMs >= durationMs) finishedAt = t + run;
    }
    t = next;
  }
  return { finishedAt, deadline, interruptions };
}

test('a carbon-window job always finishes by its deadline (random forecasts, data gaps, tick times)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 15, max: 600 }),
      fc.integer({ min: 0, max: 36 * 60 }),
      fc.option(fc.integer({ min: 0, max: 12 * 60 }), { nil: undefined }),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.integer({ min: 1, max: 45 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 24, maxLength: 200 }),
      fc.array(fc.tuple(status, status, fc.integer({ min: 0, max: 96 }), fc.integer({ min: -50, max: 50 })), {
        minLength: 1,
        maxLength: 30,
      }),
      (duration, slack, earliest, maxInterruptions, steps, truth, perTick) => {
        const start = T0 + 7 * MIN; // off the half-hour grid
        const earliestMs =
          earliest === undefined ? undefined : Math.min(start + earliest * MIN, start + slack * MIN);
        const deadlineMs = (earliestMs ?? start) + (duration + slack) * MIN;
        const spec = {
          durationMinutes: duration,
          deadline: iso(deadlineMs),
          maxInterruptions,
          ...(earliestMs === undefined ? {} : { earliestStart: iso(earliestMs) }),
        };
        const result = simulateJob(spec, start, steps, (nowMs, i) => {
          const [st, fst, horizon, error] = perTick[i % perTick.length]!;
          const slot = Math.floor((nowMs - T0) / (30 * MIN));
          const series = Array.from({ length: horizon }, (_, k) =>
            Math.max(0, truth[(slot + k) % truth.length]! + error),
          );
          return carbonSignal(nowMs, st, truth[slot % truth.length]!, fst, series);
        });
        assert.ok(result.finishedAt !== undefined, 'the job finished');
        assert.ok(
          result.finishedAt <= result.deadline,
          `finished ${iso(result.finishedAt)} after the deadline ${iso(result.deadline)}`,
        );
        assert.ok(
          result.interruptions <= maxInterruptions,
          `${result.interruptions} > ${maxInterruptions} pauses`,
        );
      },
    ),
    { numRuns: 120 },
  );
});

test('no flapping faster than the dwell time (random intensity series, data gaps, tick times)', () => {
  fc.assert(
    fc.property(
      thresholdSpec,
      fc.array(fc.tuple(fc.integer({ min: 0, max: 700 }), status), { minLength: 20, maxLength: 300 }),
      fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 48, maxLength: 48 }),
      (spec, series, steps, forecast) => {
        const policy: DecidePolicy = {
          id: 'grid',
          name: 'grid',
          type: 'carbon-threshold',
          spec,
          selector: '',
          priority: 0,
          enabled: true,
          dryRun: false,
        };
        const compiled = compilePolicies([policy]);
        const minOn = (spec.minOnMinutes ?? 0) * MIN;
        const minOff = (spec.minOffMinutes ?? 0) * MIN;
        let t = T0;
        let state: { current: PowerStateName; replicas: number; since: number } = {
          current: 'on',
          replicas: 3,
          since: T0 - 24 * HOUR,
        };
        for (let i = 0; i < series.length; i++) {
          const [g, st] = series[i]!;
          const w: DecideWorkload = {
            id: 'w',
            name: 'w',
            labels: {},
            zone: 'GB',
            replicasOn: 3,
            replicasOff: 0,
            createdAt: new Date(T0 - 48 * HOUR),
            state: { ...state, since: new Date(state.since) },
          };
          const out = decide(
            w,
            compiled,
            [],
            { carbon: carbonSignal(t, st, g, st, forecast), demand: { status: 'missing', samples: [] } },
            new Date(t),
          );
          if (out.desired !== state.current) {
            const held = t - state.since;
            const dwell = state.current === 'on' ? minOn : minOff;
            assert.ok(
              held >= dwell,
              `${state.current} for ${held / MIN} min < ${dwell / MIN} min: ${out.reason}`,
            );
            state = { current: out.desired, replicas: out.replicas, since: t };
          } else state = { ...state, replicas: out.replicas };
          t += steps[i % steps.length]! * MIN;
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('the chunk planner finds the brute-force optimum on small instances', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom<'any' | 'skip' | 'continue'>('any', 'skip', 'continue'),
      (gs, need, maxRuns, first) => {
        const cells: Interval[] = gs.map((g, i) => ({ startMs: i * HOUR, endMs: (i + 1) * HOUR, g }));
        const plan = bestChunkedPlan(cells, need * HOUR, maxRuns, first);
        let best = Number.POSITIVE_INFINITY;
        for (let mask = 0; mask < 1 << gs.length; mask++) {
          if (first === 'continue' && !(mask & 1)) continue;
          if (first === 'skip' && mask & 1) continue;
          let count = 0;
          let runs = 0;
          let cost = 0;
          for (let i = 0; i < gs.length; i++) {
            if (!(mask & (1 << i))) continue;
            count++;
            cost += gs[i]!;
            if (!(i > 0 && mask & (1 << (i - 1)))) runs++;
          }
          if (count === need && runs <= maxRuns) best = Math.min(best, cost / need);
        }
        if (best === Number.POSITIVE_INFINITY) assert.equal(plan, undefined);
        else {
          assert.ok(plan, 'a plan exists');
          assert.ok(Math.abs(plan.meanGPerKwh - best) < 1e-9, `${plan.meanGPerKwh} vs ${best}`);
          assert.ok(plan.windows.length <= maxRuns);
        }
      },
    ),
    { numRuns: 400 },
  );
});
