// The idle policy: off once demand has stayed below a threshold for idleMinutes. "Below" means no requests
// at all when thresholdRps is absent or 0, else a rate (requests / windowSeconds) under thresholdRps in every
// sample. Demand samples count requests over the windowSeconds that END at `time`; lastRequestAt (from the
// activator) is authoritative for the no-requests test. Missing or stale demand: keep the current state.
// While demand is there it has no opinion (on is the default), and it looks again when it could go idle.
import type { Static } from '@sinclair/typebox';
import type { IdleSpec } from './spec-schemas';
import type { DecidePolicy } from './types';
import { type Evaluator, formatDuration, holdOpinion, offOpinion } from './verdict';
import { MINUTE_MS, isoInstant } from './zoned-time';

type Spec = Static<typeof IdleSpec>;

/** How soon to look again when demand data is missing, or when a workload went idle. */
export const DEMAND_RECHECK_MS = 5 * MINUTE_MS;

export function compileIdle(policy: DecidePolicy, spec: Spec): Evaluator {
  const idleMs = spec.idleMinutes * MINUTE_MS;
  const threshold = spec.thresholdRps ?? 0;
  const what = threshold > 0 ? `below ${threshold} req/s` : 'no requests';
  const idleText = formatDuration(idleMs);
  const offSuffix = ` (policy ${policy.name}: off after ${idleText})`;

  return ({ workload, signals, nowMs }) => {
    const demand = signals.demand;
    const status = demand === undefined ? 'missing' : demand.status;
    if (demand === undefined || status !== 'fresh') {
      return holdOpinion(
        workload,
        `demand data is ${status} (idle policy ${policy.name})`,
        nowMs + DEMAND_RECHECK_MS,
        {
          demand: { status },
        },
      );
    }
    let coverageStart = Number.POSITIVE_INFINITY;
    let lastBusyEnd = Number.NEGATIVE_INFINITY;
    let newestEnd = Number.NEGATIVE_INFINITY;
    let newestRequests = 0; // the newest sample's figures, for the snapshot
    let newestWindowSeconds = 0;
    const samples = demand.samples;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const end = s.time.getTime();
      if (!(end <= nowMs)) continue; // also skips NaN
      const start = end - s.windowSeconds * 1000;
      if (start < coverageStart) coverageStart = start;
      const busy = threshold > 0 ? s.requests >= threshold * s.windowSeconds : s.requests > 0;
      if (busy && end > lastBusyEnd) lastBusyEnd = end;
      if (end > newestEnd) {
        newestEnd = end;
        newestRequests = s.requests;
        newestWindowSeconds = s.windowSeconds;
      }
    }
    const lastRequestMs = demand.lastRequestAt === undefined ? Number.NaN : demand.lastRequestAt.getTime();
    const hasLastRequest = Number.isFinite(lastRequestMs);
    let quietSince: number;
    let atLeast = false;
    if (threshold === 0 && hasLastRequest) {
      quietSince = Math.max(lastRequestMs, lastBusyEnd);
    } else if (lastBusyEnd > Number.NEGATIVE_INFINITY) {
      quietSince = lastBusyEnd;
    } else if (coverageStart < Number.POSITIVE_INFINITY) {
      quietSince = coverageStart;
      atLeast = true;
    } else {
      return holdOpinion(
        workload,
        `no demand samples (idle policy ${policy.name})`,
        nowMs + DEMAND_RECHECK_MS,
        {
          demand: { status, samples: 0 },
        },
      );
    }
    if (quietSince > nowMs) quietSince = nowMs;
    const quietMs = nowMs - quietSince;
    const snapshot: Record<string, unknown> = {
      status,
      samples: samples.length,
      thresholdRps: threshold,
      quietMinutes: Math.floor(quietMs / MINUTE_MS),
      latestRps: newestWindowSeconds > 0 ? newestRequests / newestWindowSeconds : 0,
    };
    if (hasLastRequest) snapshot.lastRequestAt = isoInstant(lastRequestMs);
    if (quietMs >= idleMs) {
      return offOpinion(
        workload,
        `idle — ${what} for ${atLeast ? 'at least ' : ''}${formatDuration(quietMs)}${offSuffix}`,
        nowMs + DEMAND_RECHECK_MS,
        { demand: snapshot },
      );
    }
    return {
      kind: 'abstain',
      untilMs: quietSince + idleMs,
      note: `${what} for ${formatDuration(quietMs)} of the ${idleText} idle policy ${policy.name} needs`,
      signals: { demand: snapshot },
    };
  };
}
