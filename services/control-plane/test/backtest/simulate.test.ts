import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scenarioProblems,
  simulate,
  simulationChart,
  simulationMarkdown,
  type Scenario,
} from '../../src/backtest';
import { loadEnergySettings, usageForInterval } from '../../src/energy';
import { BUNDLED_ZONES, bundledDataset } from '../../src/signals';

const energy = loadEnergySettings({});
const dataset = bundledDataset();
const weekends = {
  name: 'weekends',
  type: 'schedule' as const,
  selector: 'tier=web',
  spec: {
    timezone: 'Europe/London',
    offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
  },
};

// Monday 9 January to Monday 16 January 2023: London is on UTC, so the window is Fri 13 19:00 -> the end
// (Mon 16 00:00) plus Mon 9 00:00 -> 07:00: 53 h + 7 h = 60 h off, 108 h on.
const week: Scenario = {
  zone: 'GB',
  from: '2023-01-09T00:00:00Z',
  to: '2023-01-16T00:00:00Z',
  workloads: [
    { name: 'web', labels: { tier: 'web' }, replicasOn: 2, vcpu: 2, memoryGb: 4 },
    { name: 'api', labels: { tier: 'web' }, replicasOn: 2, vcpu: 2, memoryGb: 4, count: 3 },
    { name: 'db', labels: { tier: 'data' }, replicasOn: 1 },
  ],
  policies: [weekends],
};

test('a weekly schedule: exact on/off hours, and used + avoided = the always-on baseline', () => {
  const r = simulate(week, { dataset, energy });
  assert.equal(r.intervals, 7 * 48);
  const web = r.workloads.find((w) => w.name === 'web')!;
  assert.equal(web.offHours, 60);
  assert.equal(web.onHours, 108);
  assert.equal(
    web.decisions,
    3,
    'off at the start (Mon 00:00, inside the window), on at 07:00, off at Fri 19:00',
  );
  const db = r.workloads.find((w) => w.name === 'db')!;
  assert.equal(db.onHours, 168);
  assert.equal(db.avoided.energyKwh, 0);

  // One hour of web at full size, by the energy model directly.
  const hour = usageForInterval(
    {
      workload: { id: 'x', zone: 'GB', vcpu: 2, memoryGb: 4, replicasOn: 2 },
      state: 'on',
      replicas: 2,
      intervalStart: new Date(0),
      intervalEnd: new Date(3600_000),
      intensityGPerKwh: 100,
    },
    energy,
  );
  assert.ok(Math.abs(web.avoided.energyKwh - 60 * hour.energyKwh) < 1e-9);
  assert.ok(Math.abs(web.used.energyKwh - 108 * hour.energyKwh) < 1e-9);
  for (const w of r.workloads) {
    assert.ok(Math.abs(w.used.energyKwh + w.avoided.energyKwh - w.baseline.energyKwh) < 1e-9);
    assert.ok(Math.abs(w.used.costUsd + w.avoided.costUsd - w.baseline.costUsd) < 1e-9);
  }
  // api stands for three identical workloads; web and api share a trajectory.
  const api = r.workloads.find((w) => w.name === 'api')!;
  assert.equal(api.count, 3);
  assert.equal(r.total.workloads, 5);
  assert.ok(Math.abs(r.total.avoided.energyKwh - 4 * web.avoided.energyKwh) < 1e-9);
  assert.deepEqual(
    web.log.map((l) => [l.at, l.state]),
    [
      ['2023-01-09T00:00:00.000Z', 'off'],
      ['2023-01-09T07:00:00.000Z', 'on'],
      ['2023-01-13T19:00:00.000Z', 'off'],
    ],
  );
  assert.match(web.log[2]!.reason, /^off: .*Europe\/London/);
});

test('a deferrable job finishes by its deadline, no dirtier than at submission and never cleaner than the optimum', () => {
  for (const forecast of ['perfect', 'published'] as const) {
    const scenario: Scenario = {
      zone: 'GB',
      from: '2023-05-01T00:00:00Z',
      to: '2023-05-08T00:00:00Z',
      forecast,
      workloads: [{ name: 'report', labels: { job: 'report' }, replicasOn: 2 }],
      policies: [
        {
          name: 'report-window',
          type: 'carbon-window',
          selector: 'job=report',
          spec: {
            durationMinutes: 240,
            earliestStart: '2023-05-02T00:00:00Z',
            deadline: '2023-05-04T06:00:00Z',
          },
        },
      ],
    };
    const job = simulate(scenario, { dataset, energy }).workloads[0]!.job!;
    assert.equal(job.deadlineMet, true, forecast);
    assert.ok(job.optimum, forecast);
    assert.ok(job.carbonGrams >= job.optimum!.carbonGrams - 1e-9, `${forecast}: better than the optimum?`);
    if (forecast === 'perfect') {
      // Knowing the future exactly, the planner finds the optimum contiguous window.
      assert.ok(
        Math.abs(job.carbonGrams - job.optimum!.carbonGrams) < 1e-6,
        `${job.carbonGrams} vs ${job.optimum!.carbonGrams}`,
      );
      assert.ok(job.carbonGrams <= job.runAtSubmission.carbonGrams);
    }
  }
});

test('the same scenario gives the same result', () => {
  const strip = (r: ReturnType<typeof simulate>) => JSON.stringify({ ...r, durationMs: 0 });
  assert.equal(strip(simulate(week, { dataset, energy })), strip(simulate(week, { dataset, energy })));
});

test('summary and chart describe the run', () => {
  const r = simulate(week, { dataset, energy });
  const md = simulationMarkdown(r);
  assert.match(md, /\| web \| 1 \| 108\.0 \| 60\.0 \|/);
  assert.match(md, /NESO Carbon Intensity API/);
  const svg = simulationChart(r);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // One band segment per timeline span of every workload shown.
  const spans = r.workloads.reduce((n, w) => n + w.timeline.length, 0);
  assert.equal(svg.match(/<rect x=/g)?.length, spans);
  assert.ok(!svg.includes('NaN'));
});

test('bad scenarios name the field and the problem', () => {
  const cases: [unknown, string][] = [
    [{ ...week, zone: 'XX' }, 'zone'],
    [{ ...week, to: week.from }, 'to'],
    [{ ...week, to: '2024-06-01T00:00:00Z' }, 'to'],
    [{ ...week, workloads: [] }, 'workloads'],
    [{ ...week, workloads: [week.workloads[0], week.workloads[0]] }, 'workloads.1.name'],
    [{ ...week, workloads: [{ name: 'x', replicasOn: 1, replicasOff: 2 }] }, 'workloads.0.replicasOff'],
    [
      { ...week, policies: [{ ...weekends, spec: { timezone: 'Nowhere/Land', offDates: ['2023-01-01'] } }] },
      'policies.0.spec.timezone',
    ],
    [{ ...week, forecast: 'points' }, 'forecastPoints'],
    [{ ...week, colour: 'blue' }, 'colour'],
  ];
  for (const [scenario, field] of cases) {
    const problems = scenarioProblems(scenario, BUNDLED_ZONES);
    assert.ok(
      problems.some((p) => p.field === field),
      `${field}: ${JSON.stringify(problems)}`,
    );
  }
  assert.deepEqual(scenarioProblems(week, BUNDLED_ZONES), []);
});
