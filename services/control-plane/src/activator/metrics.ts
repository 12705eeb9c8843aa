import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type RequestPath = 'warm' | 'cold' | 'rejected';
export type WakeOutcome = 'succeeded' | 'failed' | 'refused' | 'abandoned';

export interface ActivatorMetrics {
  request(workload: string, path: RequestPath): void;
  wakeStarted(workload: string): void;
  wakeEnded(workload: string, outcome: WakeOutcome, seconds: number): void;
  queueLength(workload: string, length: number): void;
  demandFlushFailed(): void;
}

/** Stands in when no registry is given, so the code that records never has to ask. */
export const NO_METRICS: ActivatorMetrics = {
  request: () => undefined,
  wakeStarted: () => undefined,
  wakeEnded: () => undefined,
  queueLength: () => undefined,
  demandFlushFailed: () => undefined,
};

/** Registers the activator's metrics. Workload labels only ever carry names of registered workloads. */
export function createActivatorMetrics(registry: Registry): ActivatorMetrics {
  const requests = new Counter({
    name: 'lightswitch_activator_requests_total',
    help: 'Requests through the activator by workload and path: warm (forwarded at once), cold (held while the workload woke, then forwarded), rejected (404 or 503)',
    labelNames: ['workload', 'path'] as const,
    registers: [registry],
  });
  const wakes = new Counter({
    name: 'lightswitch_activator_cold_starts_total',
    help: 'Wakes the activator started for held requests, by workload and outcome (succeeded, failed, refused by an override or policy, abandoned when every held request timed out)',
    labelNames: ['workload', 'outcome'] as const,
    registers: [registry],
  });
  const wakeDuration = new Histogram({
    name: 'lightswitch_activator_wake_duration_seconds',
    help: 'Time from the first held request to the workload observed on, for successful wakes',
    labelNames: ['workload'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const queue = new Gauge({
    name: 'lightswitch_activator_queue_length',
    help: 'Requests held by the activator while their workload wakes',
    labelNames: ['workload'] as const,
    registers: [registry],
  });
  const inflightWakes = new Gauge({
    name: 'lightswitch_activator_wakes_in_progress',
    help: 'Workloads the activator is waking right now',
    registers: [registry],
  });
  const flushFailures = new Counter({
    name: 'lightswitch_activator_demand_flush_failures_total',
    help: 'Demand sample writes that failed (the counts are kept and written with the next window)',
    registers: [registry],
  });
  return {
    request: (workload, path) => requests.inc({ workload, path }),
    wakeStarted: () => inflightWakes.inc(),
    wakeEnded: (workload, outcome, seconds) => {
      inflightWakes.dec();
      wakes.inc({ workload, outcome });
      if (outcome === 'succeeded') wakeDuration.observe({ workload }, seconds);
    },
    queueLength: (workload, length) => queue.set({ workload }, length),
    demandFlushFailed: () => flushFailures.inc(),
  };
}
