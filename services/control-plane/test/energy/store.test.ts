// recordUsage and savingsSummary on real databases: PostgreSQL (127.0.0.1:5432) and embedded PGlite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PrismaClient } from '../../src/db';
import {
  loadEnergySettings,
  recordUsage,
  savingsSummary,
  totalUsage,
  usageForInterval,
  type UsageRecordInput,
  type UsageTotals,
} from '../../src/energy';
import { openMigrated } from '../support/databases';

const settings = loadEnergySettings({});
const HALF_HOUR = 1800_000;
const t0 = Date.UTC(2025, 0, 6, 0, 0);
const at = (i: number) => new Date(t0 + i * HALF_HOUR);

function near(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`,
  );
}

function sameTotals(actual: UsageTotals, expected: UsageTotals, what: string): void {
  for (const key of Object.keys(expected) as (keyof UsageTotals)[]) {
    near(actual[key], expected[key], `${what}.${key}`);
  }
}

async function fixtures(prisma: PrismaClient) {
  const make = (name: string, vcpu: number, memoryGb: number, replicasOn: number) =>
    prisma.workload.create({
      data: { name, kind: 'process', target: { command: 'true' }, zone: 'GB', vcpu, memoryGb, replicasOn },
    });
  const api = await make('api', 2, 4, 3);
  const batch = await make('batch', 4, 16, 1);
  const nights = await prisma.policy.create({ data: { name: 'nights', type: 'schedule', spec: {} } });
  const carbon = await prisma.policy.create({ data: { name: 'carbon', type: 'carbon_threshold', spec: {} } });
  return { api, batch, nights, carbon };
}

type Fixtures = Awaited<ReturnType<typeof fixtures>>;

/** One day of half-hours: api off at night (nights), scaled to 1 by carbon for a while; batch with gaps in intensity. */
function day(f: Fixtures): UsageRecordInput[] {
  const records: UsageRecordInput[] = [];
  for (let i = 0; i < 48; i++) {
    const intensity = 120 + 10 * (i % 7);
    const night = i < 14 || i >= 38;
    const scaled = !night && i >= 24 && i < 30;
    records.push(
      usageForInterval(
        {
          workload: f.api,
          state: night ? 'off' : 'on',
          replicas: night ? 0 : scaled ? 1 : 3,
          intervalStart: at(i),
          intervalEnd: at(i + 1),
          intensityGPerKwh: intensity,
          cpuUtilisation: night ? undefined : 0.35,
          policyId: night ? f.nights.id : scaled ? f.carbon.id : null,
        },
        settings,
      ),
    );
    records.push(
      usageForInterval(
        {
          workload: f.batch,
          state: 'on',
          replicas: 1,
          intervalStart: at(i),
          intervalEnd: at(i + 1),
          intensityGPerKwh: i % 5 === 0 ? undefined : intensity,
          measuredJoules: i % 2 === 0 ? 20_000 + i * 100 : undefined,
        },
        settings,
      ),
    );
  }
  return records;
}

const count = async (prisma: PrismaClient) => prisma.usageRecord.count();

for (const kind of ['postgres', 'pglite'] as const) {
  test(`${kind}: recordUsage upserts, idempotently; savingsSummary totals per workload, per policy and overall`, async () => {
    const { db, cleanup } = await openMigrated(kind);
    try {
      const { prisma } = db;
      const f = await fixtures(prisma);
      const records = day(f);

      assert.equal(await recordUsage(prisma, records), 96);
      assert.equal(await count(prisma), 96);
      // the same intervals again: nothing added, nothing changed
      const before = await prisma.usageRecord.findMany({ orderBy: { id: 'asc' } });
      assert.equal(await recordUsage(prisma, records), 96);
      assert.equal(await count(prisma), 96);
      const after = await prisma.usageRecord.findMany({ orderBy: { id: 'asc' } });
      assert.deepEqual(after, before);

      // stored as computed; unknown carbon is 0 in the row with intensity NULL as the marker
      const unknown = records.find((r) => r.intensityGPerKwh === null)!;
      const row = await prisma.usageRecord.findUniqueOrThrow({
        where: {
          workloadId_intervalStart: { workloadId: unknown.workloadId, intervalStart: unknown.intervalStart },
        },
      });
      assert.equal(row.intensityGPerKwh, null);
      assert.equal(row.carbonGrams, 0);
      assert.equal(row.energyMethod, unknown.energyMethod);
      near(row.energyKwh, unknown.energyKwh, 'energyKwh');
      near(row.costUsd, unknown.costUsd, 'costUsd');

      const from = at(0);
      const to = at(48);
      const summary = await savingsSummary(prisma, { from, to });
      sameTotals(summary.total, totalUsage(records), 'total');
      assert.equal(summary.total.intervals, 96);
      assert.equal(summary.total.intervalsWithoutIntensity, 10);
      assert.equal(summary.total.measuredIntervals, 24);

      assert.deepEqual(
        summary.byWorkload.map((w) => w.workloadName),
        ['api', 'batch'],
      );
      for (const w of summary.byWorkload) {
        sameTotals(
          w,
          totalUsage(records.filter((r) => r.workloadId === w.workloadId)),
          `byWorkload ${w.workloadName}`,
        );
      }
      assert.deepEqual(
        summary.byPolicy.map((p) => p.policyName),
        ['carbon', 'nights', null],
      );
      for (const p of summary.byPolicy) {
        sameTotals(
          p,
          totalUsage(records.filter((r) => r.policyId === p.policyId)),
          `byPolicy ${p.policyName}`,
        );
      }
      const nights = summary.byPolicy.find((p) => p.policyName === 'nights')!;
      assert.equal(nights.intervals, 24);
      assert.equal(nights.energyKwh, 0);
      assert.ok(nights.avoidedEnergyKwh > 0 && nights.avoidedCarbonGrams > 0 && nights.avoidedCostUsd > 0);
      assert.equal(summary.byPolicy.find((p) => p.policyId === null)!.avoidedEnergyKwh, 0);

      // filters: a workload, a policy, a narrower window
      const apiOnly = await savingsSummary(prisma, { from, to, workloadId: f.api.id });
      sameTotals(apiOnly.total, totalUsage(records.filter((r) => r.workloadId === f.api.id)), 'api total');
      assert.equal(apiOnly.byWorkload.length, 1);
      const carbonOnly = await savingsSummary(prisma, { from, to, policyId: f.carbon.id });
      assert.equal(carbonOnly.total.intervals, 6);
      assert.deepEqual(
        carbonOnly.byPolicy.map((p) => p.policyName),
        ['carbon'],
      );
      const morning = await savingsSummary(prisma, { from: at(14), to: at(16) });
      sameTotals(
        morning.total,
        totalUsage(records.filter((r) => r.intervalStart >= at(14) && r.intervalStart < at(16))),
        'morning',
      );
      const empty = await savingsSummary(prisma, { from: at(100), to: at(101) });
      assert.equal(empty.total.intervals, 0);
      assert.deepEqual(empty.byWorkload, []);
      assert.deepEqual(empty.byPolicy, []);

      // a re-run with new numbers replaces the interval (e.g. intensity arrived late); last one in a call wins
      const late = usageForInterval(
        {
          workload: f.batch,
          state: 'on',
          replicas: 1,
          intervalStart: unknown.intervalStart,
          intervalEnd: unknown.intervalEnd,
          intensityGPerKwh: 300,
        },
        settings,
      );
      assert.equal(await recordUsage(prisma, [{ ...late, intensityGPerKwh: 1, carbonGrams: 1 }, late]), 1);
      assert.equal(await count(prisma), 96);
      const updated = await prisma.usageRecord.findUniqueOrThrow({ where: { id: row.id } });
      assert.equal(updated.intensityGPerKwh, 300);
      near(updated.carbonGrams, late.carbonGrams!, 'updated carbon');
      assert.equal(updated.energyMethod, 'model');
      const resummed = await savingsSummary(prisma, { from, to });
      assert.equal(resummed.total.intervalsWithoutIntensity, 9);
    } finally {
      await cleanup();
    }
  });
}

for (const kind of ['postgres', 'pglite'] as const) {
  test(`${kind}: more rows than one INSERT holds are written in one transaction; bad records are refused`, async () => {
    const { db, cleanup } = await openMigrated(kind);
    try {
      const { prisma } = db;
      const f = await fixtures(prisma);
      const many: UsageRecordInput[] = [];
      for (let i = 0; i < 1100; i++) {
        many.push(
          usageForInterval(
            {
              workload: f.api,
              state: 'off',
              replicas: 0,
              intervalStart: at(i),
              intervalEnd: at(i + 1),
              intensityGPerKwh: 200,
              policyId: f.nights.id,
            },
            settings,
          ),
        );
      }
      assert.equal(await recordUsage(prisma, many), 1100);
      assert.equal(await count(prisma), 1100);
      const s = await savingsSummary(prisma, { from: at(0), to: at(1100) });
      sameTotals(s.total, totalUsage(many), 'total');

      // a failing row (unknown workload) rolls back the whole call
      const shift = (r: UsageRecordInput, n: number): UsageRecordInput => ({
        ...r,
        intervalStart: new Date(r.intervalStart.getTime() + n * HALF_HOUR),
        intervalEnd: new Date(r.intervalEnd.getTime() + n * HALF_HOUR),
      });
      const more = many.map((r) => shift(r, 1100));
      const stranger = { ...shift(many[0]!, 5000), workloadId: '00000000-0000-4000-8000-00000000dead' };
      await assert.rejects(recordUsage(prisma, [...more, stranger]));
      assert.equal(await count(prisma), 1100);

      await assert.rejects(recordUsage(prisma, [{ ...many[0]!, energyKwh: Number.NaN }]), /energyKwh/);
      await assert.rejects(recordUsage(prisma, [{ ...many[0]!, carbonGrams: null }]), /carbonGrams is null/);
      assert.equal(await recordUsage(prisma, []), 0);
    } finally {
      await cleanup();
    }
  });
}
