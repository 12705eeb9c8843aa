import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ApiToken as TokenRow } from '../../db';
import { generateToken, hashToken, ROLES, tokenPrefix, type Role } from '../../auth';
import { conflict, notFound, unprocessable } from '../errors';
import { mutate } from '../mutation';
import { errorResponses, Nullable, Timestamp } from '../schemas/common';

const tags = ['tokens'];
const base = '/api/v1/tokens';
const TokenName = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][-A-Za-z0-9_.@]*$' });

const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
  createdBy: Nullable(Type.String()),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});
const CreatedToken = Type.Object({
  ...Token.properties,
  token: Type.String({ description: 'shown once, never again' }),
});
const TokenCreate = Type.Object(
  {
    name: TokenName,
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    expiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

const iso = (d: Date | null) => d?.toISOString() ?? null;
const tokenToApi = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  createdBy: t.createdBy,
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

export function registerTokenRoutes(app: FastifyInstance): void {
  app.get(
    base,
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'List API tokens (never their secrets)',
        response: { 200: Type.Object({ items: Type.Array(Token) }), ...errorResponses },
      },
    },
    async () => {
      const rows = await app.ctx.prisma.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
      return { items: rows.map(tokenToApi) };
    },
  );

  app.post(
    base,
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create an API token; the response holds it once',
        body: TokenCreate,
        response: { 201: CreatedToken, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as { name: string; role: Role; expiresAt?: string };
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
      if (expiresAt && expiresAt <= new Date()) {
        throw unprocessable('invalid token', [{ field: 'expiresAt', problem: 'must be in the future' }]);
      }
      const token = generateToken();
      const row = await mutate(app.ctx, request, async (tx) => {
        const created = await tx.apiToken.create({
          data: {
            name: body.name,
            role: body.role,
            hash: hashToken(token),
            prefix: tokenPrefix(token),
            expiresAt,
            createdBy: request.principal!.name,
          },
        });
        return {
          result: created,
          audit: {
            action: 'create',
            resourceType: 'token',
            resourceId: created.id,
            resourceName: created.name,
            after: tokenToApi(created),
          },
        };
      });
      reply.code(201);
      return { ...tokenToApi(row), token };
    },
  );

  app.delete(
    `${base}/:name`,
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: Type.Object({ name: TokenName }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      await mutate(app.ctx, request, async (tx) => {
        const current = await tx.apiToken.findUnique({ where: { name } });
        if (!current) throw notFound(`token "${name}"`);
        if (current.revokedAt)
          throw conflict(`token "${name}" is already revoked`, [
            { field: 'name', problem: 'already revoked' },
          ]);
        if (current.role === 'admin') {
          const admins = await tx.apiToken.count({ where: { role: 'admin', revokedAt: null } });
          if (admins <= 1) {
            throw conflict('refusing to revoke the last admin token', [
              { field: 'name', problem: 'create another admin token first' },
            ]);
          }
        }
        const revoked = await tx.apiToken.update({
          where: { id: current.id },
          data: { revokedAt: new Date() },
        });
        return {
          result: null,
          audit: {
            action: 'revoke',
            resourceType: 'token',
            resourceId: current.id,
            resourceName: name,
            before: tokenToApi(current),
            after: tokenToApi(revoked),
          },
        };
      });
      app.ctx.tokens.invalidate();
      reply.code(204).send();
    },
  );
}
