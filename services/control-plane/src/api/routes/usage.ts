import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { savingsSummary } from '../../energy';
import { errorResponses, Name, Timestamp } from '../schemas/common';
import { unprocessable } from '../errors';

const DAY_MS = 86_400_000;

/** Energy, carbon and cost used and avoided: in total, per workload and per policy, over a time range. */
export function registerUsageRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/usage',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['usage'],
        summary:
          'Used and avoided energy (kWh), carbon (g) and cost (USD), per workload, per policy and in total',
        querystring: Type.Object(
          {
            from: Type.Optional(Timestamp),
            to: Type.Optional(Timestamp),
            workload: Type.Optional(Name),
            policy: Type.Optional(Name),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { from?: string; to?: string; workload?: string; policy?: string };
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
      if (to < from)
        throw unprocessable('empty time range', [{ field: 'to', problem: 'must not be before from' }]);
      const { prisma } = app.ctx;
      const [workload, policy] = await Promise.all([
        q.workload
          ? prisma.workload.findUnique({ where: { name: q.workload }, select: { id: true } })
          : undefined,
        q.policy ? prisma.policy.findUnique({ where: { name: q.policy }, select: { id: true } }) : undefined,
      ]);
      if (q.workload && !workload)
        throw unprocessable('unknown workload', [
          { field: 'workload', problem: `no workload named "${q.workload}"` },
        ]);
      if (q.policy && !policy)
        throw unprocessable('unknown policy', [
          { field: 'policy', problem: `no policy named "${q.policy}"` },
        ]);
      const summary = await savingsSummary(prisma, {
        from,
        to,
        ...(workload ? { workloadId: workload.id } : {}),
        ...(policy ? { policyId: policy.id } : {}),
      });
      return { ...summary, from: summary.from.toISOString(), to: summary.to.toISOString() };
    },
  );
}
