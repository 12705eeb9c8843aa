import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { notFound } from '../errors';
import { errorResponses, NameParams } from '../schemas/common';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Where a workload stands: what is wanted, what was last seen, whether acting on it keeps failing. */
export function registerWorkloadStatusRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/workloads/:name/status',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['workloads'],
        summary: 'Desired and observed state, health (ok or degraded) and the newest decision of a workload',
        params: NameParams,
        response: { 200: Type.Unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const { name } = request.params as { name: string };
      const workload = await app.ctx.prisma.workload.findUnique({
        where: { name },
        include: { state: true, decisions: { orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }], take: 1 } },
      });
      if (!workload) throw notFound(`workload "${name}"`);
      const s = workload.state;
      const d = workload.decisions[0];
      return {
        name,
        desired: s?.desiredState ? { state: s.desiredState, replicas: s.desiredReplicas } : null,
        observed: s ? { state: s.observedState, replicas: s.observedReplicas, at: iso(s.observedAt) } : null,
        health: s?.health ?? 'ok',
        consecutiveFailures: s?.consecutiveFailures ?? 0,
        lastError: s?.lastError ?? null,
        rememberedReplicas: s?.rememberedReplicas ?? null,
        lastDecision: d
          ? {
              id: d.id,
              decidedAt: d.decidedAt.toISOString(),
              toState: d.toState,
              toReplicas: d.toReplicas,
              reason: d.reason,
              actuationStatus: d.actuationStatus.replace(/_/g, '-'),
              attempts: d.attempts,
              error: d.error,
            }
          : null,
      };
    },
  );
}
