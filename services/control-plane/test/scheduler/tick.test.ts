import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db';
import { loadEnergySettings } from '../../src/energy';
import { createMetrics } from '../../src/metrics';
import { runTick, Scheduler } from '../../src/scheduler';
import { createSignalService, loadSignalsConfig } from '../../src/signals';
import { DB_KINDS } from '../support/api';
import { openMigrated } from '../support/databases';

// Tuesday 10 January 2023 10:00 UTC (London = UTC): business hours; the weekend window is far away.
const TUESDAY = new Date('2023-01-10T10:00:00Z');
// Friday 13 January 2023 19:00 UTC: the weekend window opens.
const FRIDAY_EVENING = new Date('2023-01-13T19:00:00Z');

for (const kind of DB_KINDS) {
  describe(`the decision tick (${kind})`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let deps: Parameters<typeof runTick>[0];
    let metrics: ReturnType<typeof createMetrics>;

    before(async () => {
      ({ db, cleanup } = await openMigrated(kind));
      metrics = createMetrics(db.prisma);
      // The bundled dataset at its real 2023 dates: no network, real grid values.
      const signals = createSignalService(
        db.prisma,
        loadSignalsConfig({ LIGHTSWITCH_CARBON_BUNDLED_MODE: 'dataset' }),
      );
      deps = { prisma: db.prisma, signals, energy: loadEnergySettings({}), metrics: metrics.controlLoop };
      const created = new Date('2023-01-01T00:00:00Z');
      for (const [name, labels] of [
        ['shop', { tier: 'web' }],
        ['payments', { tier: 'web', critical: 'yes' }],
        ['ledger', { tier: 'data' }],
      ] as const) {
        await db.prisma.workload.create({
          data: {
            name,
            kind: 'k8s_deployment',
            target: { namespace: 'a', name },
            zone: 'GB',
            labels,
            replicasOn: 2,
            createdAt: created,
          },
        });
      }
      await db.prisma.policy.create({
        data: {
          name: 'weekends',
          type: 'schedule',
          selector: 'tier=web',
          spec: {
            timezone: 'Europe/London',
            offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
          },
        },
      });
      await db.prisma.policy.create({
        data: { name: 'protect', type: 'always_on', selector: 'critical=yes', spec: {} },
      });
    });
    after(() => cleanup());

    test('inside business hours nothing changes, so nothing is written', async () => {
      const r = await runTick(deps, TUESDAY);
      assert.equal(r.workloads, 3);
      assert.equal(r.changed, 0);
      assert.equal(await db.prisma.decision.count(), 0);
    });

    test('when the window opens, only the unprotected web workload is switched off, with its reason and signals', async () => {
      const r = await runTick(deps, FRIDAY_EVENING, new Date(FRIDAY_EVENING.getTime() - 60_000));
      assert.equal(r.changed, 1);
      const [d] = await db.prisma.decision.findMany({ include: { workload: true } });
      assert.equal(d!.workload.name, 'shop');
      assert.equal(d!.toState, 'off');
      assert.equal(d!.toReplicas, 0);
      assert.equal(d!.fromState, 'on');
      assert.equal(d!.policyName, 'weekends');
      assert.equal(d!.actuationStatus, 'pending');
      assert.match(d!.reason, /^off: .*Fri 19:00.*Mon 07:00.*Europe\/London/);
      assert.ok(d!.signals && typeof d!.signals === 'object');
      const state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: d!.workloadId } });
      assert.equal(state.desiredState, 'off');
      assert.equal(state.desiredReplicas, 0);

      const text = await metrics.registry.metrics();
      assert.match(
        text,
        /lightswitch_decisions_total\{workload="shop",outcome="off",policy_type="schedule"\} 1/,
      );
      assert.match(
        text,
        /lightswitch_grid_intensity_grams_per_kwh\{zone="GB",source="bundled",kind="actual"\} \d+/,
      );
    });

    test('the next tick keeps the decision (no duplicate) and accounts the minute: used by two, avoided by one', async () => {
      const next = new Date(FRIDAY_EVENING.getTime() + 60_000);
      const r = await runTick(deps, next, FRIDAY_EVENING);
      assert.equal(r.changed, 0);
      assert.equal(await db.prisma.decision.count(), 1);
      assert.equal(r.usageRecords, 3);
      const records = await db.prisma.usageRecord.findMany({
        where: { intervalStart: FRIDAY_EVENING },
        include: { workload: true },
      });
      const byName = Object.fromEntries(records.map((u) => [u.workload.name, u]));
      assert.equal(byName.shop!.state, 'off');
      assert.equal(byName.shop!.energyKwh, 0);
      assert.ok(byName.shop!.avoidedEnergyKwh > 0);
      assert.ok(byName.shop!.avoidedCarbonGrams > 0, 'GB had a real intensity at that time');
      assert.ok(byName.shop!.policyId, 'avoided amounts are credited to the policy that held it off');
      assert.equal(byName.payments!.avoidedEnergyKwh, 0);
      assert.ok(
        Math.abs(byName.payments!.energyKwh - byName.shop!.avoidedEnergyKwh) < 1e-12,
        'same size, same minute',
      );
      const text = await metrics.registry.metrics();
      const avoided = /lightswitch_energy_kwh\{workload="shop",kind="avoided"\} ([\d.e-]+)/.exec(text);
      assert.ok(avoided && Number(avoided[1]) > 0, 'avoided energy is exported per workload');
      assert.match(text, /lightswitch_carbon_grams\{workload="payments",kind="used"\} [\d.e-]+/);
    });

    test('ticks never overlap: a second tick while one runs is skipped', async () => {
      const scheduler = new Scheduler(deps);
      const [a, b] = await Promise.all([scheduler.tick(TUESDAY), scheduler.tick(TUESDAY)]);
      assert.ok(a);
      assert.equal(b, undefined);
      await scheduler.stop();
    });
  });
}
