// UsageRecords in the database: idempotent writes, and used/avoided totals per workload, per policy and overall.
import { Prisma, type PrismaClient } from '../db';
import { emptyTotals, type UsageRecordInput, type UsageTotals } from './usage';

/** Rows per INSERT statement: 18 parameters each, well under PostgreSQL's 65,535. */
const BATCH = 500;

const MEASURES = [
  'cpuSeconds',
  'memoryGbSeconds',
  'energyKwh',
  'carbonGrams',
  'costUsd',
  'avoidedCpuSeconds',
  'avoidedMemoryGbSeconds',
  'avoidedEnergyKwh',
  'avoidedCarbonGrams',
  'avoidedCostUsd',
] as const;

function checkRecord(r: UsageRecordInput, i: number): void {
  if (!(r.intervalStart instanceof Date) || Number.isNaN(r.intervalStart.getTime())) {
    throw new RangeError(`records[${i}] (workload ${r.workloadId}): intervalStart must be a valid Date`);
  }
  const where = `records[${i}] (workload ${r.workloadId}, ${r.intervalStart.toISOString()})`;
  if (!(r.intervalEnd instanceof Date) || r.intervalEnd.getTime() < r.intervalStart.getTime()) {
    throw new RangeError(`${where}: intervalEnd must be a Date not before intervalStart`);
  }
  for (const key of MEASURES) {
    const v = r[key];
    if (v === null && (key === 'carbonGrams' || key === 'avoidedCarbonGrams')) {
      if (r.intensityGPerKwh !== null) {
        throw new RangeError(`${where}: ${key} is null although intensityGPerKwh is known`);
      }
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${where}: ${key} must be a finite number >= 0, got ${v}`);
    }
  }
}

function row(r: UsageRecordInput): Prisma.Sql {
  return Prisma.sql`(${r.workloadId}::uuid, ${r.intervalStart}::timestamptz, ${r.intervalEnd}::timestamptz,
    ${r.state}::"PowerState", ${r.zone}, ${r.intensityGPerKwh}::float8, ${r.energyMethod},
    ${r.cpuSeconds}::float8, ${r.memoryGbSeconds}::float8, ${r.energyKwh}::float8,
    ${r.carbonGrams ?? 0}::float8, ${r.costUsd}::float8, ${r.avoidedCpuSeconds}::float8,
    ${r.avoidedMemoryGbSeconds}::float8, ${r.avoidedEnergyKwh}::float8, ${r.avoidedCarbonGrams ?? 0}::float8,
    ${r.avoidedCostUsd}::float8, ${r.policyId}::uuid)`;
}

function upsert(rows: UsageRecordInput[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "UsageRecord" ("workloadId", "intervalStart", "intervalEnd", "state", "zone", "intensityGPerKwh",
      "energyMethod", "cpuSeconds", "memoryGbSeconds", "energyKwh", "carbonGrams", "costUsd",
      "avoidedCpuSeconds", "avoidedMemoryGbSeconds", "avoidedEnergyKwh", "avoidedCarbonGrams", "avoidedCostUsd",
      "policyId")
    VALUES ${Prisma.join(rows.map(row))}
    ON CONFLICT ("workloadId", "intervalStart") DO UPDATE SET
      "intervalEnd" = EXCLUDED."intervalEnd",
      "state" = EXCLUDED."state",
      "zone" = EXCLUDED."zone",
      "intensityGPerKwh" = EXCLUDED."intensityGPerKwh",
      "energyMethod" = EXCLUDED."energyMethod",
      "cpuSeconds" = EXCLUDED."cpuSeconds",
      "memoryGbSeconds" = EXCLUDED."memoryGbSeconds",
      "energyKwh" = EXCLUDED."energyKwh",
      "carbonGrams" = EXCLUDED."carbonGrams",
      "costUsd" = EXCLUDED."costUsd",
      "avoidedCpuSeconds" = EXCLUDED."avoidedCpuSeconds",
      "avoidedMemoryGbSeconds" = EXCLUDED."avoidedMemoryGbSeconds",
      "avoidedEnergyKwh" = EXCLUDED."avoidedEnergyKwh",
      "avoidedCarbonGrams" = EXCLUDED."avoidedCarbonGrams",
      "avoidedCostUsd" = EXCLUDED."avoidedCostUsd",
      "policyId" = EXCLUDED."policyId"`;
}

/**
 * Writes records, one row per (workloadId, intervalStart): a new interval is inserted, a known one is replaced
 * by the new values, so recording the same intervals again (a retried tick, a re-run backtest) changes nothing.
 * Within one call the last record for a key wins. All rows are written in one transaction. Unknown carbon
 * (null) is stored as 0 with intensityGPerKwh NULL, which is how readers tell it apart (see savingsSummary).
 * Resolves to the number of distinct intervals written.
 */
export async function recordUsage(
  prisma: PrismaClient,
  records: Iterable<UsageRecordInput>,
): Promise<number> {
  const byKey = new Map<string, UsageRecordInput>();
  let i = 0;
  for (const r of records) {
    checkRecord(r, i++);
    byKey.set(`${r.workloadId}\u0000${r.intervalStart.getTime()}`, r);
  }
  const rows = [...byKey.values()];
  if (rows.length === 0) return 0;
  const statements: Prisma.Sql[] = [];
  for (let at = 0; at < rows.length; at += BATCH) statements.push(upsert(rows.slice(at, at + BATCH)));
  if (statements.length === 1) {
    await prisma.$executeRaw(statements[0]!);
  } else {
    await prisma.$transaction(statements.map((s) => prisma.$executeRaw(s)));
  }
  return rows.length;
}

export interface SavingsQuery {
  /** Intervals starting at or after this instant... */
  from: Date;
  /** ...and before this one. */
  to: Date;
  workloadId?: string;
  /** Only intervals credited to this policy. */
  policyId?: string;
}

export interface WorkloadSavings extends UsageTotals {
  workloadId: string;
  /** null when the workload has been deleted meanwhile (its records go with it, so rarely seen). */
  workloadName: string | null;
}

export interface PolicySavings extends UsageTotals {
  /** null: intervals no policy was credited with (on at full size, or held by an override). */
  policyId: string | null;
  /** null when there is no policy, or it has been deleted (records keep their numbers, policyId goes NULL). */
  policyName: string | null;
}

export interface SavingsSummary {
  from: Date;
  to: Date;
  total: UsageTotals;
  /** Sorted by workload name. */
  byWorkload: WorkloadSavings[];
  /** Sorted by policy name, the no-policy row last. */
  byPolicy: PolicySavings[];
}

interface SummaryRow extends UsageTotals {
  byWorkload: number;
  byPolicy: number;
  workloadId: string | null;
  policyId: string | null;
  workloadName: string | null;
  policyName: string | null;
}

function totals(r: SummaryRow): UsageTotals {
  const t = emptyTotals();
  for (const key of Object.keys(t) as (keyof UsageTotals)[]) t[key] = Number(r[key]);
  return t;
}

/**
 * Used and avoided energy, carbon and cost between `from` and `to` (by interval start), per workload, per policy
 * and in total — one SQL query with GROUPING SETS. Carbon sums cover the intervals whose intensity was known;
 * `intervalsWithoutIntensity` says how many were not (their carbon is missing, never counted as zero).
 */
export async function savingsSummary(prisma: PrismaClient, query: SavingsQuery): Promise<SavingsSummary> {
  const { from, to } = query;
  if (!(from instanceof Date) || !(to instanceof Date) || Number.isNaN(from.getTime() + to.getTime())) {
    throw new RangeError('from and to must be valid Dates');
  }
  if (to.getTime() < from.getTime()) throw new RangeError('to must not be before from');
  const filters = [
    Prisma.sql`u."intervalStart" >= ${from}::timestamptz`,
    Prisma.sql`u."intervalStart" < ${to}::timestamptz`,
  ];
  if (query.workloadId !== undefined) filters.push(Prisma.sql`u."workloadId" = ${query.workloadId}::uuid`);
  if (query.policyId !== undefined) filters.push(Prisma.sql`u."policyId" = ${query.policyId}::uuid`);
  const sums = Prisma.join(
    MEASURES.map(
      (m) => Prisma.sql`COALESCE(SUM(u.${Prisma.raw(`"${m}"`)}), 0)::float8 AS ${Prisma.raw(`"${m}"`)}`,
    ),
  );
  const rows = await prisma.$queryRaw<SummaryRow[]>`
    SELECT
      (GROUPING(u."workloadId") = 0)::int AS "byWorkload",
      (GROUPING(u."policyId") = 0)::int AS "byPolicy",
      u."workloadId"::text AS "workloadId",
      u."policyId"::text AS "policyId",
      MAX(w."name") AS "workloadName",
      MAX(p."name") AS "policyName",
      COUNT(u."id")::int AS "intervals",
      (COUNT(u."id") FILTER (WHERE u."intensityGPerKwh" IS NULL))::int AS "intervalsWithoutIntensity",
      (COUNT(u."id") FILTER (WHERE u."energyMethod" = 'measured'))::int AS "measuredIntervals",
      ${sums}
    FROM "UsageRecord" u
    LEFT JOIN "Workload" w ON w."id" = u."workloadId"
    LEFT JOIN "Policy" p ON p."id" = u."policyId"
    WHERE ${Prisma.join(filters, ' AND ')}
    GROUP BY GROUPING SETS ((u."workloadId"), (u."policyId"), ())`;

  let total = emptyTotals();
  const byWorkload: WorkloadSavings[] = [];
  const byPolicy: PolicySavings[] = [];
  for (const r of rows) {
    if (Number(r.byWorkload) === 1) {
      byWorkload.push({ workloadId: r.workloadId as string, workloadName: r.workloadName, ...totals(r) });
    } else if (Number(r.byPolicy) === 1) {
      byPolicy.push({ policyId: r.policyId, policyName: r.policyName, ...totals(r) });
    } else {
      total = totals(r);
    }
  }
  byWorkload.sort((a, b) => (a.workloadName ?? '').localeCompare(b.workloadName ?? ''));
  byPolicy.sort((a, b) =>
    a.policyId === null
      ? 1
      : b.policyId === null
        ? -1
        : (a.policyName ?? '').localeCompare(b.policyName ?? ''),
  );
  return { from, to, total, byWorkload, byPolicy };
}
