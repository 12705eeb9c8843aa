import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createServiceMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    queries: new Counter({
      name: 'query_engine_queries_total',
      help: 'Queries by outcome: ok, rejected (the request), failed (while running), cancelled (client left)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'query_engine_query_duration_seconds',
      help: 'Wall time from request to the last byte of the result',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    rows: new Counter({
      name: 'query_engine_rows_out_total',
      help: 'Result rows sent',
      registers: [registry],
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
