// The carbon-threshold policy: caps replicas by intensity band, or switches off above an absolute intensity
// or above a percentile of the next-24 h forecast.
// - Hysteresis: a workload that is off stays off until the intensity is below threshold − hysteresis, and a
//   capped one scales back up only when the intensity is hysteresis below the band edge.
// - Dwell: an on/off switch this policy would make is held back until the workload has been on for
//   minOnMinutes / off for minOffMinutes (from workload.state.since, the last on/off change).
// - Missing, stale or invalid intensity: keep the current state and say so (never switch off on missing data).
//   A missing forecast only blocks the percentile test: it keeps an off workload off, it never switches off.
// - When nothing restricts the workload it has no opinion (on is the default, and idle may still act).
import type { Static } from '@sinclair/typebox';
import type { CarbonSignal } from '../signals/types';
import {
  CARBON_RECHECK_MS,
  carbonSnapshot,
  currentIntensity,
  type CurrentIntensity,
  forecastPercentile,
  nextIntensityChange,
} from './carbon';
import type { CarbonThresholdSpec } from './spec-schemas';
import type { DecidePolicy } from './types';
import {
  type Evaluator,
  formatDuration,
  formatIntensity,
  holdOpinion,
  offOpinion,
  onOpinion,
  type Verdict,
} from './verdict';
import { MINUTE_MS } from './zoned-time';

type Spec = Static<typeof CarbonThresholdSpec>;

const ordinal = (n: number) => {
  const r = Math.round(n * 10) / 10;
  if (!Number.isInteger(r)) return `${r}th`;
  const suffix = r % 100 >= 11 && r % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[r % 10] ?? 'th');
  return `${r}${suffix}`;
};

export function compileCarbonThreshold(policy: DecidePolicy, spec: Spec): Evaluator {
  const bands = [...(spec.bands ?? [])].sort((a, b) => b.aboveGPerKwh - a.aboveGPerKwh);
  const hysteresis = spec.hysteresisGPerKwh ?? 0;
  const minOnMs = (spec.minOnMinutes ?? 0) * MINUTE_MS;
  const minOffMs = (spec.minOffMinutes ?? 0) * MINUTE_MS;
  const label = `carbon-threshold ${policy.name}`;

  /** The band cap at intensity g (Infinity: no band applies) and the band's edge. */
  const bandAt = (g: number): { cap: number; edge?: number } => {
    for (const b of bands) if (g > b.aboveGPerKwh) return { cap: b.maxReplicas, edge: b.aboveGPerKwh };
    return { cap: Number.POSITIVE_INFINITY };
  };

  /** What depends only on the signal and the instant, computed once per zone and tick. */
  interface SignalView {
    g: number;
    gText: string;
    untilChange: number;
    percentile?: number;
    unknown?: string;
    carbon: Readonly<Record<string, unknown>>;
    /** Snapshots by replica cap (the only per-workload part), shared by the workloads of the zone. */
    snapshots: Map<number, Record<string, unknown>>;
  }
  let memoNow = Number.NaN;
  let memo = new WeakMap<CarbonSignal, SignalView>();
  const view = (signal: CarbonSignal, current: CurrentIntensity, nowMs: number): SignalView => {
    if (nowMs !== memoNow) {
      memo = new WeakMap();
      memoNow = nowMs;
    }
    let v = memo.get(signal);
    if (v) return v;
    const g = current.intensityGPerKwh;
    v = {
      g,
      gText: `grid ${formatIntensity(g)} g/kWh in ${signal.zone}`,
      untilChange: nextIntensityChange(signal, current, nowMs),
      carbon: carbonSnapshot(signal),
      snapshots: new Map(),
    };
    if (spec.offAbovePercentile !== undefined) {
      v.percentile = forecastPercentile(signal, nowMs, spec.offAbovePercentile);
      if (v.percentile === undefined) {
        const why = signal.forecastStatus === 'fresh' ? 'too short' : signal.forecastStatus;
        v.unknown = `the next-24 h forecast for ${signal.zone} is ${why}`;
      }
    }
    memo.set(signal, v);
    return v;
  };
  const bandReason = (gText: string, aboveEdge: boolean, edge: number | undefined) =>
    aboveEdge
      ? `${gText} is above the ${formatIntensity(edge ?? 0)} g/kWh band`
      : `${gText} is not yet ${formatIntensity(hysteresis)} g/kWh below the ${formatIntensity(edge ?? 0)} g/kWh band`;

  return ({ workload, signals, nowMs }): Verdict => {
    const signal = signals.carbon;
    const current = currentIntensity(signal, workload.zone);
    if ('problem' in current) {
      return holdOpinion(workload, `${current.problem} (${label})`, nowMs + CARBON_RECHECK_MS, {
        carbon: signal ? carbonSnapshot(signal) : { status: 'missing' },
      });
    }
    const v = view(signal!, current, nowMs);
    const { g, gText, untilChange } = v;
    const isOn = workload.state.current === 'on';
    const sinceMs = workload.state.since.getTime();
    // The first off test that fires gives the reason; the percentile may be unknown (v.unknown).
    let offReason: string | undefined;
    if (spec.offAboveGPerKwh !== undefined) {
      const t = spec.offAboveGPerKwh;
      if (isOn ? g > t : g >= t - hysteresis) {
        offReason =
          isOn || hysteresis === 0 || g > t
            ? `${gText} is above ${formatIntensity(t)} g/kWh`
            : `${gText} is not yet below ${formatIntensity(t - hysteresis)} g/kWh (${formatIntensity(t)} − ${formatIntensity(hysteresis)} hysteresis)`;
      }
    }
    const t = v.percentile;
    if (offReason === undefined && t !== undefined && (isOn ? g > t : g >= t - hysteresis)) {
      const how =
        isOn || hysteresis === 0 || g > t ? 'above' : `not yet ${formatIntensity(hysteresis)} g/kWh below`;
      offReason = `${gText} is ${how} the ${ordinal(spec.offAbovePercentile!)} percentile of the next 24 h (${formatIntensity(t)} g/kWh)`;
    }
    // Band cap, with hysteresis on the way up: max(what we have, if the band allows it; what g + H allows).
    let target = workload.replicasOn;
    let cap = Number.POSITIVE_INFINITY;
    let aboveEdge = true;
    let edge: number | undefined;
    if (bands.length) {
      const replicasNow = isOn ? workload.state.replicas : 0;
      const band = bandAt(g);
      const bandUp = bandAt(g + hysteresis);
      cap = Math.max(Math.min(replicasNow, band.cap), bandUp.cap);
      aboveEdge = band.cap === cap;
      edge = aboveEdge ? band.edge : bandUp.edge;
      if (cap < target) target = cap;
      if (target <= 0 && offReason === undefined)
        offReason = `${bandReason(gText, aboveEdge, edge)} (0 replicas)`;
    }
    let snapshot = v.snapshots.get(cap);
    if (!snapshot) {
      const details: Record<string, unknown> = { policy: policy.name, intensityGPerKwh: g };
      if (spec.offAboveGPerKwh !== undefined) details.offAboveGPerKwh = spec.offAboveGPerKwh;
      if (spec.offAbovePercentile !== undefined) {
        details.offAbovePercentile = spec.offAbovePercentile;
        details.percentileGPerKwh = t === undefined ? null : Math.round(t * 100) / 100;
      }
      if (bands.length) details.capReplicas = Number.isFinite(cap) ? cap : null;
      if (hysteresis) details.hysteresisGPerKwh = hysteresis;
      snapshot = { carbon: v.carbon, carbonThreshold: details };
      v.snapshots.set(cap, snapshot);
    }

    if (offReason !== undefined) {
      if (isOn && nowMs - sinceMs < minOnMs) {
        return onOpinion(
          Math.max(1, Math.min(workload.state.replicas, target > 0 ? target : workload.state.replicas)),
          `${offReason}, but it has been on for only ${formatDuration(nowMs - sinceMs)} (minimum ${formatDuration(minOnMs)}; ${label})`,
          Math.min(sinceMs + minOnMs, untilChange),
          snapshot,
        );
      }
      return offOpinion(workload, `${offReason} (${label})`, untilChange, snapshot);
    }
    if (!isOn && v.unknown) {
      return holdOpinion(workload, `${v.unknown} (${label})`, nowMs + CARBON_RECHECK_MS, snapshot);
    }
    if (!isOn && nowMs - sinceMs < minOffMs) {
      return offOpinion(
        workload,
        `${gText} allows it on, but it has been off for only ${formatDuration(nowMs - sinceMs)} (minimum ${formatDuration(minOffMs)}; ${label})`,
        Math.min(sinceMs + minOffMs, untilChange),
        snapshot,
      );
    }
    if (target < workload.replicasOn) {
      return onOpinion(
        target,
        `${target} of ${workload.replicasOn} replicas — ${bandReason(gText, aboveEdge, edge)} (${label})`,
        untilChange,
        snapshot,
      );
    }
    return {
      kind: 'abstain',
      untilMs: untilChange,
      note: `${gText} is within the limits of ${label}${v.unknown ? ` (${v.unknown})` : ''}`,
      signals: snapshot,
    };
  };
}
