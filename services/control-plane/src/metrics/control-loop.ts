import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CarbonSignal } from '../signals/types';
import type { TickResult } from '../scheduler';

export interface ControlLoopMetrics {
  recordTick(result: TickResult): void;
  recordDecision(
    workload: string,
    desired: 'on' | 'off',
    replicas: number,
    replicasOn: number,
    policyType: string,
  ): void;
  recordCarbon(signal: CarbonSignal): void;
}

/** What the decision loop exposes: tick time, decisions, desired states and the grid signals it used. */
export function createControlLoopMetrics(registry: Registry): ControlLoopMetrics {
  const tickDuration = new Histogram({
    name: 'lightswitch_tick_duration_seconds',
    help: 'Time one decision tick took, reading inputs to persisting decisions',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'lightswitch_decisions_total',
    help: 'Switching decisions persisted, by workload, outcome (on, off, scaled) and the deciding policy type',
    labelNames: ['workload', 'outcome', 'policy_type'] as const,
    registers: [registry],
  });
  const desiredState = new Gauge({
    name: 'lightswitch_workload_desired_on',
    help: 'Desired state per workload: 1 on (or scaled), 0 off',
    labelNames: ['workload'] as const,
    registers: [registry],
  });
  const desiredReplicas = new Gauge({
    name: 'lightswitch_workload_desired_replicas',
    help: 'Desired replicas per workload',
    labelNames: ['workload'] as const,
    registers: [registry],
  });
  const intensity = new Gauge({
    name: 'lightswitch_grid_intensity_grams_per_kwh',
    help: 'Grid carbon intensity the control plane is deciding with, by zone, source and kind',
    labelNames: ['zone', 'source', 'kind'] as const,
    registers: [registry],
  });
  const signalAge = new Gauge({
    name: 'lightswitch_signal_age_seconds',
    help: 'Age of the current carbon intensity value, by zone and source',
    labelNames: ['zone', 'source'] as const,
    registers: [registry],
  });
  const signalStatus = new Gauge({
    name: 'lightswitch_signal_status',
    help: '1 for the current status (fresh, stale, missing) of each zone signal, 0 for the others',
    labelNames: ['zone', 'status'] as const,
    registers: [registry],
  });
  return {
    recordTick(result) {
      tickDuration.observe(result.durationMs / 1000);
    },
    recordDecision(workload, desired, replicas, replicasOn, policyType) {
      const outcome = desired === 'off' ? 'off' : replicas < replicasOn ? 'scaled' : 'on';
      decisions.inc({ workload, outcome, policy_type: policyType });
      desiredState.set({ workload }, desired === 'on' ? 1 : 0);
      desiredReplicas.set({ workload }, replicas);
    },
    recordCarbon(signal) {
      for (const status of ['fresh', 'stale', 'missing'] as const) {
        signalStatus.set({ zone: signal.zone, status }, signal.status === status ? 1 : 0);
      }
      const source = signal.source ?? 'none';
      if (signal.current) {
        intensity.set({ zone: signal.zone, source, kind: 'actual' }, signal.current.intensityGPerKwh);
        signalAge.set({ zone: signal.zone, source }, signal.current.ageSeconds);
      }
      const next = signal.forecast[0];
      if (next) intensity.set({ zone: signal.zone, source, kind: 'forecast' }, next.intensityGPerKwh);
    },
  };
}
