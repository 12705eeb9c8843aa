import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createServiceMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    runs: new Counter({
      name: 'jit_service_runs_total',
      help:
        'Runs by benchmark ("program" for posted source) and status: ok, lua_error (uncaught error, status 1), ' +
        'timeout, memory_limit, output_limit, busy (refused, queue full), failed (internal error)',
      labelNames: ['benchmark', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'jit_service_run_duration_seconds',
      help: 'Wall time of a run in its worker thread, from the job posted to its result (queueing excluded)',
      labelNames: ['benchmark', 'jit'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    traces: new Counter({
      name: 'jit_service_traces_total',
      help: 'Trace events of the tracing JIT over all runs: recorded, compiled, aborted, blacklisted',
      labelNames: ['event'] as const,
      registers: [registry],
    }),
    sideExits: new Counter({
      name: 'jit_service_side_exits_total',
      help: 'Guard failures that left a compiled trace back into the interpreter, over all runs',
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'jit_service_runs_in_flight',
      help: 'Runs executing in worker threads now',
      registers: [registry],
    }),
    queued: new Gauge({
      name: 'jit_service_runs_queued',
      help: 'Runs waiting for a worker thread',
      registers: [registry],
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
