import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api';
import { generateToken, hashToken, tokenPrefix, type Role } from '../../src/auth';
import { loadConfig, type Config } from '../../src/config';
import type { Database } from '../../src/db';
import { createContext } from '../../src/server';
import { openMigrated } from './databases';

export type DbKind = 'postgres' | 'pglite';
export const DB_KINDS: DbKind[] = ['postgres', 'pglite'];

export interface TestApi {
  app: FastifyInstance;
  db: Database;
  tokens: Record<Role, string>;
  /** Sends a request as a role (or with no token when role is null). */
  call(
    method: string,
    url: string,
    options?: { role?: Role | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTokens(db: Database): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const token = generateToken();
    await db.prisma.apiToken.create({
      data: {
        name: `test-${role}`,
        role,
        hash: hashToken(token),
        prefix: tokenPrefix(token),
        createdBy: 'test',
      },
    });
    tokens[role] = token;
  }
  return tokens;
}

/** A real app on a real, freshly migrated database, driven in-process through Fastify's inject. */
export async function startTestApi(kind: DbKind, overrides: Partial<Config> = {}): Promise<TestApi> {
  const { db, cleanup } = await openMigrated(kind);
  const config = { ...loadConfig({ LIGHTSWITCH_LOG_LEVEL: 'silent' }), ...overrides };
  const tokens = await createTokens(db);
  const app = await buildApp(createContext(config, db), { logger: false });
  return {
    app,
    db,
    tokens,
    call(method, url, options = {}) {
      const role = options.role === undefined ? 'admin' : options.role;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (role) headers.authorization = `Bearer ${tokens[role]}`;
      return app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(options.body === undefined ? {} : { payload: options.body as object }),
      });
    },
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/** Everything a failed request must leave untouched, read straight from the database. */
export async function snapshot(db: Database): Promise<string> {
  const p = db.prisma;
  const [workloads, policies, overrides, tokens, audit] = await Promise.all([
    p.workload.findMany({ orderBy: { id: 'asc' } }),
    p.policy.findMany({ orderBy: { id: 'asc' } }),
    p.override.findMany({ orderBy: { id: 'asc' } }),
    p.apiToken.findMany({ orderBy: { id: 'asc' }, omit: { lastUsedAt: true } }),
    p.auditEvent.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ workloads, policies, overrides, tokens, audit }, (_k, v) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
}

export const sampleWorkload = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'k8s-deployment',
  target: { namespace: 'shop', name },
  zone: 'GB',
  labels: { app: name, tier: 'web' },
  replicasOn: 3,
  ...extra,
});

export const samplePolicy = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'schedule',
  spec: {
    timezone: 'Europe/London',
    offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
  },
  selector: 'tier=web',
  priority: 10,
  ...extra,
});
