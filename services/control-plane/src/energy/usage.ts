// One workload over one interval: what it used, and what it avoided against running `replicasOn` replicas.
import type { EnergySettings } from './config';
import {
  SECONDS_PER_HOUR,
  carbonGrams,
  costUsd,
  embodiedCarbonGrams,
  energyKwh,
  measuredEnergyKwh,
  type ResourceHours,
} from './model';

export type UsageState = 'on' | 'off';
export type EnergyMethod = 'model' | 'measured';

/** The workload fields the model reads (a Prisma Workload row has them all). */
export interface UsageWorkload {
  id: string;
  /** Grid zone whose intensity applies. */
  zone: string;
  /** vCPUs per replica. */
  vcpu: number;
  /** GB of memory per replica. */
  memoryGb: number;
  /** Replicas when fully on: the baseline avoided amounts are measured against. */
  replicasOn: number;
}

export interface UsageForIntervalInput {
  workload: UsageWorkload;
  state: UsageState;
  /** Replicas that actually ran during the interval (0 when switched off to zero). */
  replicas: number;
  intervalStart: Date;
  intervalEnd: Date;
  /** Grid intensity for this interval and the workload's zone; undefined/null when unknown. */
  intensityGPerKwh: number | null | undefined;
  /** Average CPU utilisation of the running replicas, 0..1; CCF's default (50%) when unknown. */
  cpuUtilisation?: number;
  /** Measured energy of the running replicas over the interval, e.g. a kepler_container_joules_total delta. */
  measuredJoules?: number;
  /** The policy the avoided amounts are credited to (the one that held it off or scaled it down). */
  policyId?: string | null;
}

/**
 * A UsageRecord without its id. Carbon is null when the interval's intensity is unknown (intensityGPerKwh null):
 * energy and cost are still known, carbon is not, and it is never reported as 0. recordUsage stores such a null
 * as 0 (the column is NOT NULL) and keeps intensityGPerKwh NULL as the marker; savingsSummary counts those rows.
 */
export interface UsageRecordInput {
  workloadId: string;
  intervalStart: Date;
  intervalEnd: Date;
  state: UsageState;
  zone: string;
  intensityGPerKwh: number | null;
  /** "measured" when measuredJoules replaced the model for the used energy. */
  energyMethod: EnergyMethod;
  /** vCPU-seconds reserved by the running replicas (vCPU x replicas x seconds). */
  cpuSeconds: number;
  /** GB-seconds of memory reserved by the running replicas. */
  memoryGbSeconds: number;
  energyKwh: number;
  carbonGrams: number | null;
  costUsd: number;
  avoidedCpuSeconds: number;
  avoidedMemoryGbSeconds: number;
  avoidedEnergyKwh: number;
  avoidedCarbonGrams: number | null;
  avoidedCostUsd: number;
  policyId: string | null;
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
  return value;
}

/**
 * Used and avoided resources, energy, carbon and cost of one workload over [intervalStart, intervalEnd).
 *
 * - Used: the `replicas` that ran, modelled (CCF) or, when measuredJoules is given, measured (x PUE).
 * - Avoided: what `replicasOn - replicas` more replicas would have used (0 when at or above replicasOn) —
 *   switched off, that is everything replicasOn would have used; scaled down, the difference. With a
 *   measurement and replicas running, the avoided replicas are valued at the measured energy per replica;
 *   otherwise they are modelled at the same utilisation.
 * - Carbon: energy x the interval's intensity + the embodied share of the vCPU-hours (reserved or released);
 *   null when the intensity is unknown.
 * - Cost: vCPU-hours and GB-hours x prices, whatever the energy method.
 */
/** Replicas that actually run in a decided state: off leaves at most replicasOff (often 0) running. */
export function runningReplicas(state: UsageState, replicas: number, replicasOff: number): number {
  return state === 'on' ? replicas : Math.min(replicas, replicasOff);
}

export function usageForInterval(input: UsageForIntervalInput, settings: EnergySettings): UsageRecordInput {
  const { workload, intervalStart, intervalEnd } = input;
  const { profile, prices } = settings;
  const seconds = (intervalEnd.getTime() - intervalStart.getTime()) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(
      `intervalEnd (${intervalEnd.toISOString()}) is before intervalStart (${intervalStart.toISOString()})`,
    );
  }
  const vcpu = nonNegative('workload.vcpu', workload.vcpu);
  const memoryGb = nonNegative('workload.memoryGb', workload.memoryGb);
  const replicas = count('replicas', input.replicas);
  const avoidedReplicas = Math.max(0, count('workload.replicasOn', workload.replicasOn) - replicas);
  const intensity = input.intensityGPerKwh ?? null;
  if (intensity !== null) nonNegative('intensityGPerKwh', intensity);
  const hours = seconds / SECONDS_PER_HOUR;

  const hoursFor = (n: number): ResourceHours => ({
    vcpuHours: vcpu * n * hours,
    memoryGbHours: memoryGb * n * hours,
  });
  const used = hoursFor(replicas);
  const avoided = hoursFor(avoidedReplicas);

  const measured = input.measuredJoules !== undefined;
  const usedKwh = measured
    ? measuredEnergyKwh(input.measuredJoules as number, profile)
    : energyKwh({ ...used, cpuUtilisation: input.cpuUtilisation }, profile);
  const avoidedKwh =
    measured && replicas > 0
      ? (usedKwh / replicas) * avoidedReplicas
      : energyKwh({ ...avoided, cpuUtilisation: input.cpuUtilisation }, profile);

  return {
    workloadId: workload.id,
    intervalStart,
    intervalEnd,
    state: input.state,
    zone: workload.zone,
    intensityGPerKwh: intensity,
    energyMethod: measured ? 'measured' : 'model',
    cpuSeconds: used.vcpuHours * SECONDS_PER_HOUR,
    memoryGbSeconds: used.memoryGbHours * SECONDS_PER_HOUR,
    energyKwh: usedKwh,
    carbonGrams: carbonGrams({
      energyKwh: usedKwh,
      intensityGPerKwh: intensity,
      embodiedGrams: embodiedCarbonGrams(used.vcpuHours, profile),
    }),
    costUsd: costUsd(used, prices),
    avoidedCpuSeconds: avoided.vcpuHours * SECONDS_PER_HOUR,
    avoidedMemoryGbSeconds: avoided.memoryGbHours * SECONDS_PER_HOUR,
    avoidedEnergyKwh: avoidedKwh,
    avoidedCarbonGrams: carbonGrams({
      energyKwh: avoidedKwh,
      intensityGPerKwh: intensity,
      embodiedGrams: embodiedCarbonGrams(avoided.vcpuHours, profile),
    }),
    avoidedCostUsd: costUsd(avoided, prices),
    policyId: input.policyId ?? null,
  };
}

/** Sums over many records, used and avoided; carbon adds up only the intervals whose intensity was known. */
export interface UsageTotals {
  intervals: number;
  /** Intervals whose intensity was unknown: their carbon is missing from carbonGrams/avoidedCarbonGrams. */
  intervalsWithoutIntensity: number;
  /** Intervals whose used energy was measured rather than modelled. */
  measuredIntervals: number;
  cpuSeconds: number;
  memoryGbSeconds: number;
  energyKwh: number;
  carbonGrams: number;
  costUsd: number;
  avoidedCpuSeconds: number;
  avoidedMemoryGbSeconds: number;
  avoidedEnergyKwh: number;
  avoidedCarbonGrams: number;
  avoidedCostUsd: number;
}

export function emptyTotals(): UsageTotals {
  return {
    intervals: 0,
    intervalsWithoutIntensity: 0,
    measuredIntervals: 0,
    cpuSeconds: 0,
    memoryGbSeconds: 0,
    energyKwh: 0,
    carbonGrams: 0,
    costUsd: 0,
    avoidedCpuSeconds: 0,
    avoidedMemoryGbSeconds: 0,
    avoidedEnergyKwh: 0,
    avoidedCarbonGrams: 0,
    avoidedCostUsd: 0,
  };
}

/** In-memory totals of records (e.g. a backtest that never touches the database); same shape as savingsSummary. */
export function totalUsage(records: Iterable<UsageRecordInput>): UsageTotals {
  const t = emptyTotals();
  for (const r of records) {
    t.intervals += 1;
    if (r.intensityGPerKwh === null) t.intervalsWithoutIntensity += 1;
    if (r.energyMethod === 'measured') t.measuredIntervals += 1;
    t.cpuSeconds += r.cpuSeconds;
    t.memoryGbSeconds += r.memoryGbSeconds;
    t.energyKwh += r.energyKwh;
    t.carbonGrams += r.carbonGrams ?? 0;
    t.costUsd += r.costUsd;
    t.avoidedCpuSeconds += r.avoidedCpuSeconds;
    t.avoidedMemoryGbSeconds += r.avoidedMemoryGbSeconds;
    t.avoidedEnergyKwh += r.avoidedEnergyKwh;
    t.avoidedCarbonGrams += r.avoidedCarbonGrams ?? 0;
    t.avoidedCostUsd += r.avoidedCostUsd;
  }
  return t;
}
