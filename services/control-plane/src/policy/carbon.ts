// Reading a CarbonSignal for the carbon policies: is the current intensity usable, what is the forecast's
// resolution, what is a percentile of the next 24 h. Derived values are cached per signal object (a tick
// passes the same CarbonSignal to every workload of a zone), which keeps decide() cheap at 100k workloads.
import type { CarbonSignal, IntensityPoint } from '../signals/types';
import { HOUR_MS, MINUTE_MS } from './zoned-time';

/** Resolution assumed when a forecast has fewer than two points. */
export const DEFAULT_STEP_MS = 30 * MINUTE_MS;
/** How soon to look again when carbon data is missing or stale. */
export const CARBON_RECHECK_MS = 5 * MINUTE_MS;
/** A percentile of "the next 24 h" needs a forecast covering at least this much of it. */
export const MIN_PERCENTILE_COVERAGE_MS = 6 * HOUR_MS;

export interface CurrentIntensity {
  intensityGPerKwh: number;
  /** Start of the interval the value describes. */
  timeMs: number;
}

interface Derived {
  snapshot: Readonly<Record<string, unknown>>;
  stepMs: number;
  /** Forecast points with finite, non-negative values, sorted by time. */
  points: { timeMs: number; g: number }[];
}

const derivedCache = new WeakMap<CarbonSignal, Derived>();

function derive(signal: CarbonSignal): Derived {
  let d = derivedCache.get(signal);
  if (d) return d;
  const points = (signal.forecast ?? [])
    .map((p: IntensityPoint) => ({ timeMs: p.time.getTime(), g: p.intensityGPerKwh }))
    .filter((p) => Number.isFinite(p.timeMs) && Number.isFinite(p.g) && p.g >= 0)
    .sort((a, b) => a.timeMs - b.timeMs);
  let stepMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) {
    const diff = points[i]!.timeMs - points[i - 1]!.timeMs;
    if (diff > 0 && diff < stepMs) stepMs = diff;
  }
  if (!Number.isFinite(stepMs)) stepMs = DEFAULT_STEP_MS;
  const current = signal.current;
  const snapshot: Record<string, unknown> = { zone: signal.zone, status: signal.status };
  if (signal.source !== undefined) snapshot.source = signal.source;
  if (current) {
    snapshot.intensityGPerKwh = current.intensityGPerKwh;
    snapshot.intervalStart = current.time.toISOString();
    snapshot.ageSeconds = current.ageSeconds;
  }
  snapshot.forecastStatus = signal.forecastStatus;
  if (signal.forecastIssuedAt) snapshot.forecastIssuedAt = signal.forecastIssuedAt.toISOString();
  snapshot.forecastPoints = points.length;
  if (points.length) {
    snapshot.forecastFrom = new Date(points[0]!.timeMs).toISOString();
    snapshot.forecastTo = new Date(points[points.length - 1]!.timeMs + stepMs).toISOString();
  }
  d = { snapshot: Object.freeze(snapshot), stepMs, points };
  derivedCache.set(signal, d);
  return d;
}

/** The JSON-safe description of a carbon signal stored with decisions (shared, frozen). */
export const carbonSnapshot = (signal: CarbonSignal) => derive(signal).snapshot;

export const forecastStepMs = (signal: CarbonSignal) => derive(signal).stepMs;

export const forecastPoints = (signal: CarbonSignal) => derive(signal).points;

/**
 * The current intensity when it can be trusted, else why not ("stale (age 3 h 5 min)"). A value for another
 * zone, a non-finite or negative value, or a status other than fresh is not usable.
 */
export function currentIntensity(
  signal: CarbonSignal | undefined,
  zone: string,
): CurrentIntensity | { problem: string } {
  if (!signal) return { problem: `carbon data for ${zone} is missing` };
  if (signal.zone !== zone) return { problem: `carbon data for ${zone} is missing (got ${signal.zone})` };
  const current = signal.current;
  if (signal.status !== 'fresh' || !current) {
    const age = current ? ` (age ${Math.round(current.ageSeconds / 60)} min)` : '';
    return {
      problem: `carbon data for ${zone} is ${signal.status === 'fresh' ? 'missing' : signal.status}${age}`,
    };
  }
  const g = current.intensityGPerKwh;
  if (!Number.isFinite(g) || g < 0) return { problem: `carbon data for ${zone} is invalid (${g})` };
  return { intensityGPerKwh: g, timeMs: current.time.getTime() };
}

/** When the intensity may next change: the next forecast interval start, else one step after the current. */
export function nextIntensityChange(signal: CarbonSignal, current: CurrentIntensity, nowMs: number): number {
  const { points, stepMs } = derive(signal);
  for (const p of points) if (p.timeMs > nowMs) return p.timeMs;
  const next = current.timeMs + stepMs;
  return next > nowMs ? next : nowMs + stepMs;
}

const percentileCache = new WeakMap<CarbonSignal, Map<string, number | undefined>>();

/**
 * The p-th percentile (linear interpolation between closest ranks, as numpy's default) of the forecast
 * intervals overlapping [now, now + 24 h), or undefined when the forecast is not fresh or covers less than
 * MIN_PERCENTILE_COVERAGE_MS of that day.
 */
export function forecastPercentile(signal: CarbonSignal, nowMs: number, p: number): number | undefined {
  let byKey = percentileCache.get(signal);
  if (!byKey) {
    byKey = new Map();
    percentileCache.set(signal, byKey);
  }
  const key = `${nowMs}:${p}`;
  if (byKey.has(key)) return byKey.get(key);
  let result: number | undefined;
  if (signal.forecastStatus === 'fresh') {
    const { points, stepMs } = derive(signal);
    const end = nowMs + 24 * HOUR_MS;
    const values: number[] = [];
    for (const pt of points) if (pt.timeMs + stepMs > nowMs && pt.timeMs < end) values.push(pt.g);
    if (values.length * stepMs >= MIN_PERCENTILE_COVERAGE_MS && values.length > 0) {
      values.sort((a, b) => a - b);
      const rank = (p / 100) * (values.length - 1);
      const lo = Math.floor(rank);
      const hi = Math.ceil(rank);
      result = values[lo]! + (values[hi]! - values[lo]!) * (rank - lo);
    }
  }
  if (byKey.size > 64) byKey.clear();
  byKey.set(key, result);
  return result;
}
