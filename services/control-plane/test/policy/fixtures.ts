// Builders for decide() inputs in the policy tests.
import type { CarbonSignal, DemandSignal } from '../../src/signals/types';
import type {
  DecideOverride,
  DecidePolicy,
  DecideSignals,
  DecideWorkload,
  PowerStateName,
} from '../../src/policy/types';
import type { PolicyTypeName } from '../../src/policy/spec-schemas';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const at = (iso: string) => new Date(iso);

export function workload(over: Partial<DecideWorkload> & { current?: PowerStateName; since?: string } = {}) {
  const { current = 'on', since = '2026-01-01T00:00:00Z', ...rest } = over;
  const w: DecideWorkload = {
    id: 'w-1',
    name: 'api',
    labels: { env: 'dev', tier: 'web' },
    zone: 'GB',
    replicasOn: 3,
    replicasOff: 0,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    state: { current, replicas: current === 'on' ? (rest.replicasOn ?? 3) : 0, since: new Date(since) },
    ...rest,
  };
  return w;
}

let seq = 0;
export function policy(type: PolicyTypeName, spec: unknown, over: Partial<DecidePolicy> = {}): DecidePolicy {
  seq++;
  return {
    id: `p-${seq}`,
    name: over.name ?? `${type}-${seq}`,
    type,
    spec,
    selector: '',
    priority: 0,
    enabled: true,
    dryRun: false,
    ...over,
  };
}

export function override(
  state: PowerStateName,
  startsAt: string,
  until: string,
  over: Partial<DecideOverride> = {},
): DecideOverride {
  return {
    id: `o-${state}-${startsAt}`,
    state,
    replicas: null,
    startsAt: new Date(startsAt),
    until: new Date(until),
    createdBy: 'alice',
    reason: 'testing',
    ...over,
  };
}

/** A fresh carbon signal: the current interval's intensity and a half-hourly forecast from `from`. */
export function carbon(
  now: Date,
  currentG: number | undefined,
  forecast: number[] = [],
  over: Partial<CarbonSignal> & { from?: Date; stepMs?: number } = {},
): CarbonSignal {
  const { from, stepMs = 30 * MIN, ...rest } = over;
  const slot = Math.floor(now.getTime() / (30 * MIN)) * 30 * MIN;
  const start = from?.getTime() ?? slot;
  return {
    zone: 'GB',
    status: currentG === undefined ? 'missing' : 'fresh',
    source: 'test',
    current:
      currentG === undefined
        ? undefined
        : { time: new Date(slot), intensityGPerKwh: currentG, ageSeconds: (now.getTime() - slot) / 1000 },
    forecastStatus: forecast.length ? 'fresh' : 'missing',
    forecast: forecast.map((g, i) => ({ time: new Date(start + i * stepMs), intensityGPerKwh: g })),
    forecastIssuedAt: forecast.length ? new Date(slot) : undefined,
    ...rest,
  };
}

export const noDemand: DemandSignal = { status: 'missing', samples: [] };

export function demand(now: Date, perMinute: number[], over: Partial<DemandSignal> = {}): DemandSignal {
  // perMinute[0] is the oldest minute; the last one ends at now.
  const n = perMinute.length;
  return {
    status: 'fresh',
    samples: perMinute.map((requests, i) => ({
      time: new Date(now.getTime() - (n - 1 - i) * MIN),
      windowSeconds: 60,
      requests,
    })),
    ...over,
  };
}

export function signals(c: CarbonSignal, d: DemandSignal = noDemand): DecideSignals {
  return { carbon: c, demand: d };
}

export const missingCarbon = (now: Date) => carbon(now, undefined);
