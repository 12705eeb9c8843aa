import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../db';
import { fromDbEnum } from '../workloads';
import { createControlLoopMetrics, type ControlLoopMetrics } from './control-loop';
import { registerUsageTotals } from './usage-totals';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  authFailures: Counter<'reason'>;
  auditEvents: Counter<'action' | 'resource'>;
  controlLoop: ControlLoopMetrics;
}

/** One registry per app, so several apps in one process (tests, benchmarks) never collide. */
export function createMetrics(prisma: PrismaClient): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'lightswitch_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'lightswitch_auth_failures_total',
    help: 'Requests refused by authentication or authorisation, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const auditEvents = new Counter({
    name: 'lightswitch_audit_events_total',
    help: 'Audit events written, by action and resource type',
    labelNames: ['action', 'resource'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'lightswitch_workloads',
    help: 'Workloads registered, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const groups = await prisma.workload.groupBy({ by: ['kind'], _count: { _all: true } });
      this.reset();
      for (const g of groups) this.set({ kind: fromDbEnum(g.kind) }, g._count._all);
    },
  });
  new Gauge({
    name: 'lightswitch_policies',
    help: 'Policies, by type and whether enabled',
    labelNames: ['type', 'enabled'] as const,
    registers: [registry],
    async collect() {
      const groups = await prisma.policy.groupBy({ by: ['type', 'enabled'], _count: { _all: true } });
      this.reset();
      for (const g of groups)
        this.set({ type: fromDbEnum(g.type), enabled: String(g.enabled) }, g._count._all);
    },
  });
  new Gauge({
    name: 'lightswitch_workload_degraded',
    help: '1 while acting on a workload keeps failing (see GET /api/v1/workloads/{name}/status), else 0',
    labelNames: ['workload'] as const,
    registers: [registry],
    async collect() {
      const rows = await prisma.workloadState.findMany({
        select: { health: true, workload: { select: { name: true } } },
      });
      this.reset();
      for (const r of rows) this.set({ workload: r.workload.name }, r.health === 'degraded' ? 1 : 0);
    },
  });
  registerUsageTotals(registry, prisma);
  return {
    registry,
    httpDuration,
    authFailures,
    auditEvents,
    controlLoop: createControlLoopMetrics(registry),
  };
}
