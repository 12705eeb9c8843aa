import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Prisma } from '../../db';
import { badRequest } from '../errors';
import { errorResponses, Timestamp } from '../schemas/common';

const AuditQuery = Type.Object(
  {
    resourceType: Type.Optional(
      Type.Union(['workload', 'policy', 'override', 'token'].map((t) => Type.Literal(t))),
    ),
    resourceName: Type.Optional(Type.String({ maxLength: 253 })),
    actor: Type.Optional(Type.String({ maxLength: 128 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);

const AuditEvent = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Type.String(),
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  resourceName: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export function registerAuditRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/audit',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEvent),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query as {
        resourceType?: string;
        resourceName?: string;
        actor?: string;
        limit: number;
        cursor?: string;
      };
      if (q.cursor !== undefined && !/^\d{1,19}$/.test(q.cursor)) {
        throw badRequest('cursor is not one this server issued', [{ field: 'cursor', problem: 'malformed' }]);
      }
      const where: Prisma.AuditEventWhereInput = {
        resourceType: q.resourceType,
        resourceName: q.resourceName,
        actor: q.actor,
        ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}),
      };
      const rows = await app.ctx.prisma.auditEvent.findMany({
        where,
        orderBy: { id: 'desc' },
        take: q.limit + 1,
      });
      const more = rows.length > q.limit;
      const kept = more ? rows.slice(0, q.limit) : rows;
      return {
        items: kept.map((e) => ({ ...e, id: e.id.toString(), at: e.at.toISOString() })),
        nextCursor: more ? kept[kept.length - 1]!.id.toString() : null,
      };
    },
  );
}
