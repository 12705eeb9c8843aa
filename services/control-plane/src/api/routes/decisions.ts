import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Decision as DecisionRow, Prisma } from '../../db';
import { fromDbEnum } from '../../workloads';
import { decodeCursor, page } from '../cursor';
import { unprocessable } from '../errors';
import { errorResponses, Nullable, Name, Timestamp } from '../schemas/common';

const DecisionQuery = Type.Object(
  {
    workload: Type.Optional(Name),
    policy: Type.Optional(Name),
    toState: Type.Optional(Type.Union([Type.Literal('on'), Type.Literal('off')])),
    actuationStatus: Type.Optional(
      Type.Union(
        ['pending', 'in_progress', 'succeeded', 'failed', 'skipped', 'dry_run'].map((s) => Type.Literal(s)),
      ),
    ),
    since: Type.Optional(Timestamp),
    before: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);

const Decision = Type.Object({
  id: Type.String(),
  workload: Type.String(),
  decidedAt: Timestamp,
  fromState: Type.String(),
  toState: Type.String(),
  fromReplicas: Nullable(Type.Integer()),
  toReplicas: Type.Integer(),
  reason: Type.String(),
  policy: Nullable(Type.String()),
  overrideId: Nullable(Type.String()),
  signals: Type.Unknown(),
  until: Nullable(Timestamp),
  dryRun: Type.Boolean(),
  actuationStatus: Type.String(),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  actuatedAt: Nullable(Timestamp),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

function decisionToApi(row: DecisionRow & { workload: { name: string } }) {
  return {
    id: row.id,
    workload: row.workload.name,
    decidedAt: row.decidedAt.toISOString(),
    fromState: row.fromState,
    toState: row.toState,
    fromReplicas: row.fromReplicas,
    toReplicas: row.toReplicas,
    reason: row.reason,
    policy: row.policyName,
    overrideId: row.overrideId,
    signals: row.signals,
    until: iso(row.until),
    dryRun: row.dryRun,
    actuationStatus: fromDbEnum(row.actuationStatus),
    attempts: row.attempts,
    error: row.error,
    actuatedAt: iso(row.actuatedAt),
  };
}

/** The decision log, newest first: what was decided for which workload, why, and how actuation went. */
export function registerDecisionRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/decisions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['decisions'],
        summary: 'Switching decisions with their reasons and signals, newest first',
        querystring: DecisionQuery,
        response: {
          200: Type.Object({ items: Type.Array(Decision), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query as {
        workload?: string;
        policy?: string;
        toState?: 'on' | 'off';
        actuationStatus?: string;
        since?: string;
        before?: string;
        limit: number;
        cursor?: string;
      };
      if (q.since && q.before && Date.parse(q.since) >= Date.parse(q.before)) {
        throw unprocessable('empty time range', [{ field: 'before', problem: 'must be after since' }]);
      }
      const at = decodeCursor(q.cursor);
      const where: Prisma.DecisionWhereInput = {
        workload: q.workload ? { name: q.workload } : undefined,
        policyName: q.policy,
        toState: q.toState,
        actuationStatus: q.actuationStatus as DecisionRow['actuationStatus'] | undefined,
        decidedAt: {
          gte: q.since ? new Date(q.since) : undefined,
          lt: q.before ? new Date(q.before) : undefined,
        },
        ...(at
          ? { OR: [{ decidedAt: { lt: at.createdAt } }, { decidedAt: at.createdAt, id: { lt: at.id } }] }
          : {}),
      };
      const rows = await app.ctx.prisma.decision.findMany({
        where,
        include: { workload: { select: { name: true } } },
        orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
        take: q.limit + 1,
      });
      const result = page(rows, q.limit, (d) => ({ createdAt: d.decidedAt, id: d.id }));
      return { items: result.rows.map(decisionToApi), nextCursor: result.nextCursor };
    },
  );
}
