import { Gauge, type Registry } from 'prom-client';
import type { PrismaClient } from '../db';

interface Row {
  workload: string;
  energyKwh: number;
  avoidedEnergyKwh: number;
  carbonGrams: number;
  avoidedCarbonGrams: number;
  costUsd: number;
  avoidedCostUsd: number;
}

/**
 * Energy, carbon and cost used and avoided since records began, per workload, read from UsageRecord at
 * scrape time (one grouped query per gauge), so every replica reports the same database truth.
 */
export function registerUsageTotals(registry: Registry, prisma: PrismaClient): void {
  const rows = () =>
    prisma.$queryRaw<Row[]>`
      SELECT w."name" AS "workload",
             SUM(u."energyKwh")::float8 AS "energyKwh", SUM(u."avoidedEnergyKwh")::float8 AS "avoidedEnergyKwh",
             SUM(u."carbonGrams")::float8 AS "carbonGrams", SUM(u."avoidedCarbonGrams")::float8 AS "avoidedCarbonGrams",
             SUM(u."costUsd")::float8 AS "costUsd", SUM(u."avoidedCostUsd")::float8 AS "avoidedCostUsd"
      FROM "UsageRecord" u JOIN "Workload" w ON w."id" = u."workloadId"
      GROUP BY w."name"`;
  const gauge = (name: string, help: string, used: keyof Row, avoided: keyof Row) =>
    new Gauge({
      name,
      help,
      labelNames: ['workload', 'kind'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await rows()) {
          this.set({ workload: r.workload, kind: 'used' }, Number(r[used]));
          this.set({ workload: r.workload, kind: 'avoided' }, Number(r[avoided]));
        }
      },
    });
  gauge(
    'lightswitch_energy_kwh',
    'Energy used and avoided, kWh, by workload',
    'energyKwh',
    'avoidedEnergyKwh',
  );
  gauge(
    'lightswitch_carbon_grams',
    'Carbon emitted and avoided, gCO2e, by workload (known intensity only)',
    'carbonGrams',
    'avoidedCarbonGrams',
  );
  gauge('lightswitch_cost_usd', 'Cost incurred and avoided, USD, by workload', 'costUsd', 'avoidedCostUsd');
}
