import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { Prisma, type PrismaClient } from '../db';
import { selectorSql } from '../labels';
import { selectorParam } from './selector-param';
import { afterPosition, decodeCursor, page, POSITION_ORDER } from './cursor';
import { ApiError, badRequest, conflict, notFound, unprocessable, type ErrorDetail } from './errors';
import { expectedVersion, mutate, requiredVersion } from './mutation';
import { errorResponses, ListQuery, NameParams, Page } from './schemas/common';

interface Row {
  id: string;
  name: string;
  version: number;
  createdAt: Date;
}

type Client = PrismaClient | Prisma.TransactionClient;

/** The few Prisma model methods the generic routes use; each resource hands over its own model. */
export interface Delegate<R> {
  findUnique(args: { where: { name: string } }): Promise<R | null>;
  findMany(args: { where: object; orderBy: object; take: number }): Promise<R[]>;
  create(args: { data: object }): Promise<R>;
  update(args: { where: { id: string; version: number }; data: object }): Promise<R>;
  delete(args: { where: { id: string; version: number } }): Promise<R>;
}

export interface NamedResource<R extends Row, Spec extends { name: string }> {
  singular: 'workload' | 'policy';
  plural: string;
  /** Quoted table name, for the label-selector query. */
  table: string;
  specSchema: TSchema;
  updateSchema: TSchema;
  responseSchema: TSchema;
  problems(spec: Spec): ErrorDetail[];
  toApi(row: R): unknown;
  toData(spec: Spec): object;
  model(client: Client): Delegate<R>;
}

const isNotFound = (err: unknown) => (err as { code?: string }).code === 'P2025';

function check<Spec extends { name: string }>(def: NamedResource<Row, Spec>, spec: Spec): void {
  const details = def.problems(spec);
  if (details.length) throw unprocessable(`invalid ${def.singular} "${spec.name}"`, details);
}

function staleVersion(what: string, expected: number, current: number): ApiError {
  return conflict(`${what} was changed by someone else: you sent version ${expected}, it is now ${current}`, [
    { field: 'version', problem: `stale (current is ${current}); read it again and reapply your change` },
  ]);
}

/** CRUD routes for a resource addressed by a unique name, with optimistic concurrency and audit. */
export function registerNamedResource<R extends Row, Spec extends { name: string }>(
  app: FastifyInstance,
  def: NamedResource<R, Spec>,
): void {
  const base = `/api/v1/${def.plural}`;
  const tags = [def.plural];
  const generic = def as unknown as NamedResource<Row, Spec>;

  async function find(client: Client, name: string): Promise<R> {
    const row = await def.model(client).findUnique({ where: { name } });
    if (!row) throw notFound(`${def.singular} "${name}"`);
    return row;
  }

  app.get(
    base,
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: `List ${def.plural}`,
        querystring: ListQuery,
        response: { 200: Page(def.responseSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query as { selector?: string; limit: number; cursor?: string };
      const selector = selectorParam(query.selector);
      const after = decodeCursor(query.cursor);
      // Bad input is refused above, before the cache: a cached page never hides an error.
      const key = JSON.stringify([query.selector ?? '', query.limit, query.cursor ?? '']);
      const json = await app.ctx.listCache.get(def.plural, key, async () => {
        const take = query.limit + 1;
        const model = def.model(app.ctx.prisma);
        let rows: R[];
        if (selector.length === 0) {
          rows = await model.findMany({ where: afterPosition(after), orderBy: POSITION_ORDER, take });
        } else {
          const afterSql = after
            ? Prisma.sql`("createdAt", "id") > (${after.createdAt}, ${after.id}::uuid)`
            : Prisma.sql`TRUE`;
          const ids = await app.ctx.prisma.$queryRaw<{ id: string }[]>`
            SELECT "id" FROM ${Prisma.raw(def.table)} WHERE ${selectorSql(selector)} AND ${afterSql}
            ORDER BY "createdAt", "id" LIMIT ${take}`;
          rows = await model.findMany({
            where: { id: { in: ids.map((r) => r.id) } },
            orderBy: POSITION_ORDER,
            take,
          });
        }
        const result = page(rows, query.limit, (row) => row);
        return JSON.stringify({ items: result.rows.map(def.toApi), nextCursor: result.nextCursor });
      });
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.get(
    `${base}/:name`,
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: `Get a ${def.singular}`,
        params: NameParams,
        response: { 200: def.responseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await find(app.ctx.prisma, (request.params as { name: string }).name);
      reply.header('etag', `"${row.version}"`);
      return def.toApi(row);
    },
  );

  app.post(
    base,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: `Create a ${def.singular}`,
        body: def.specSchema,
        response: { 201: def.responseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const spec = request.body as Spec;
      check(generic, spec);
      const row = await mutate(app.ctx, request, async (tx) => {
        const created = await def.model(tx).create({ data: def.toData(spec) });
        const after = def.toApi(created);
        return {
          result: created,
          audit: {
            action: 'create',
            resourceType: def.singular,
            resourceId: created.id,
            resourceName: created.name,
            after,
          },
        };
      });
      reply.code(201).header('etag', `"${row.version}"`).header('location', `${base}/${row.name}`);
      return def.toApi(row);
    },
  );

  app.put(
    `${base}/:name`,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: `Replace a ${def.singular} (send the version you read, or If-Match)`,
        params: NameParams,
        body: def.updateSchema,
        response: { 200: def.responseSchema, 428: errorResponses[400], ...errorResponses },
      },
    },
    async (request: FastifyRequest, reply) => {
      const { name } = request.params as { name: string };
      const body = request.body as Spec & { version?: number };
      const expected = requiredVersion(request, body.version);
      if (body.name !== undefined && body.name !== name) {
        throw unprocessable('a rename is a create and a delete', [
          { field: 'name', problem: `must match the name in the path ("${name}")` },
        ]);
      }
      const { version: _version, ...rest } = body;
      const spec = { ...rest, name } as Spec;
      check(generic, spec);
      const row = await mutate(app.ctx, request, async (tx) => {
        const current = await find(tx, name);
        if (current.version !== expected)
          throw staleVersion(`${def.singular} "${name}"`, expected, current.version);
        let updated: R;
        try {
          updated = await def.model(tx).update({
            where: { id: current.id, version: expected },
            data: { ...def.toData(spec), version: { increment: 1 } },
          });
        } catch (err) {
          if (isNotFound(err)) throw staleVersion(`${def.singular} "${name}"`, expected, expected + 1);
          throw err;
        }
        return {
          result: updated,
          audit: {
            action: 'update',
            resourceType: def.singular,
            resourceId: current.id,
            resourceName: name,
            before: def.toApi(current),
            after: def.toApi(updated),
          },
        };
      });
      reply.header('etag', `"${row.version}"`);
      return def.toApi(row);
    },
  );

  app.delete(
    `${base}/:name`,
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: `Delete a ${def.singular} (If-Match optional)`,
        params: NameParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const expected = expectedVersion(request, undefined);
      if (Number.isNaN(expected)) {
        throw badRequest('If-Match must hold a version number', [
          { field: 'if-match', problem: 'not a version number' },
        ]);
      }
      await mutate(app.ctx, request, async (tx) => {
        const current = await find(tx, name);
        const version = expected ?? current.version;
        if (current.version !== version)
          throw staleVersion(`${def.singular} "${name}"`, version, current.version);
        try {
          await def.model(tx).delete({ where: { id: current.id, version } });
        } catch (err) {
          if (isNotFound(err)) throw staleVersion(`${def.singular} "${name}"`, version, version + 1);
          throw err;
        }
        return {
          result: null,
          audit: {
            action: 'delete',
            resourceType: def.singular,
            resourceId: current.id,
            resourceName: name,
            before: def.toApi(current),
          },
        };
      });
      reply.code(204).send();
    },
  );
}
