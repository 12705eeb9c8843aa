import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Prisma } from '../../db';
import {
  Override,
  OverrideCreate,
  OverrideListQuery,
  OverrideUpdate,
  overrideProblems,
  overrideToApi,
  type OverrideWithWorkload,
} from '../../overrides';
import { selectorSql } from '../../labels';
import { selectorParam } from '../selector-param';
import { afterPosition, decodeCursor, page, POSITION_ORDER } from '../cursor';
import { conflict, notFound, unprocessable } from '../errors';
import { mutate, requiredVersion } from '../mutation';
import { errorResponses, IdParams, Page } from '../schemas/common';

const tags = ['overrides'];
const base = '/api/v1/overrides';
const include = { workload: { select: { name: true } } } as const;

async function find(client: Prisma.TransactionClient, id: string): Promise<OverrideWithWorkload> {
  const row = await client.override.findUnique({ where: { id }, include });
  if (!row) throw notFound(`override ${id}`, 'id');
  return row;
}

export function registerOverrideRoutes(app: FastifyInstance): void {
  app.get(
    base,
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'List manual overrides',
        querystring: OverrideListQuery,
        response: { 200: Page(Override), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as {
        workload?: string;
        selector?: string;
        active?: boolean;
        limit: number;
        cursor?: string;
      };
      const selector = selectorParam(q.selector);
      const now = new Date();
      const live = { cancelledAt: null, startsAt: { lte: now }, until: { gt: now } };
      const where: Prisma.OverrideWhereInput = { AND: [afterPosition(decodeCursor(q.cursor))] };
      if (q.workload) where.workload = { name: q.workload };
      if (selector.length) {
        const ids = await app.ctx.prisma.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "Workload" WHERE ${selectorSql(selector)}`;
        where.workloadId = { in: ids.map((r) => r.id) };
      }
      if (q.active === true) Object.assign(where, live);
      if (q.active === false) where.NOT = live;
      const rows = await app.ctx.prisma.override.findMany({
        where,
        include,
        orderBy: POSITION_ORDER,
        take: q.limit + 1,
      });
      const result = page(rows, q.limit, (row) => row);
      return { items: result.rows.map((r) => overrideToApi(r, now)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Get an override',
        params: IdParams,
        response: { 200: Override, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await find(app.ctx.prisma, (request.params as { id: string }).id);
      reply.header('etag', `"${row.version}"`);
      return overrideToApi(row);
    },
  );

  app.post(
    base,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: 'Switch a workload on or off by hand until a time',
        body: OverrideCreate,
        response: { 201: Override, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as OverrideCreate;
      const now = new Date();
      const startsAt = body.startsAt ? new Date(body.startsAt) : now;
      const until = new Date(body.until);
      const details = overrideProblems({ ...body, startsAt, until }, now);
      if (details.length) throw unprocessable('invalid override', details);
      const row = await mutate(app.ctx, request, async (tx) => {
        const workload = await tx.workload.findUnique({
          where: { name: body.workload },
          select: { id: true },
        });
        if (!workload)
          throw unprocessable('invalid override', [
            { field: 'workload', problem: `no workload named "${body.workload}"` },
          ]);
        const created = await tx.override.create({
          data: {
            workloadId: workload.id,
            state: body.state,
            replicas: body.replicas ?? null,
            startsAt,
            until,
            reason: body.reason,
            createdBy: request.principal!.name,
          },
          include,
        });
        return {
          result: created,
          audit: {
            action: 'create',
            resourceType: 'override',
            resourceId: created.id,
            resourceName: body.workload,
            after: overrideToApi(created, now),
          },
        };
      });
      reply.code(201).header('etag', `"${row.version}"`).header('location', `${base}/${row.id}`);
      return overrideToApi(row, now);
    },
  );

  app.put(
    `${base}/:id`,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: 'Change an override (send the version you read, or If-Match)',
        params: IdParams,
        body: OverrideUpdate,
        response: { 200: Override, 428: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as OverrideUpdate;
      const expected = requiredVersion(request, body.version);
      const now = new Date();
      const row = await mutate(app.ctx, request, async (tx) => {
        const current = await find(tx, id);
        const stale = () =>
          conflict(`override ${id} was changed by someone else`, [
            { field: 'version', problem: `stale (current is ${current.version})` },
          ]);
        if (current.version !== expected) throw stale();
        if (current.cancelledAt)
          throw conflict(`override ${id} is cancelled`, [
            { field: 'id', problem: 'cancelled overrides cannot change' },
          ]);
        const next = {
          state: body.state ?? current.state,
          replicas: body.replicas === undefined ? current.replicas : body.replicas,
          until: body.until ? new Date(body.until) : current.until,
          reason: body.reason ?? current.reason,
        };
        const details = overrideProblems({ ...next, startsAt: current.startsAt }, now);
        if (details.length) throw unprocessable('invalid override', details);
        const updated = await tx.override
          .update({ where: { id, version: expected }, data: { ...next, version: { increment: 1 } }, include })
          .catch((err: { code?: string }) => {
            throw err.code === 'P2025' ? stale() : err;
          });
        return {
          result: updated,
          audit: {
            action: 'update',
            resourceType: 'override',
            resourceId: id,
            resourceName: current.workload.name,
            before: overrideToApi(current, now),
            after: overrideToApi(updated, now),
          },
        };
      });
      reply.header('etag', `"${row.version}"`);
      return overrideToApi(row, now);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: 'Cancel an override (kept in history)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const now = new Date();
      await mutate(app.ctx, request, async (tx) => {
        const current = await find(tx, id);
        if (current.cancelledAt)
          throw conflict(`override ${id} is already cancelled`, [
            { field: 'id', problem: 'already cancelled' },
          ]);
        const cancelled = await tx.override.update({
          where: { id },
          data: { cancelledAt: now, version: { increment: 1 } },
          include,
        });
        return {
          result: null,
          audit: {
            action: 'delete',
            resourceType: 'override',
            resourceId: id,
            resourceName: current.workload.name,
            before: overrideToApi(current, now),
            after: overrideToApi(cancelled, now),
          },
        };
      });
      reply.code(204).send();
    },
  );
}
