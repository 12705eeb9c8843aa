import type { Config } from '../config';
import type { Database, PrismaClient } from '../db';
import type { Metrics } from '../metrics';
import type { TokenStore } from '../auth';
import type { ListCache } from './list-cache';

/** What every route needs; decorated onto the Fastify instance as `ctx`. */
export interface AppContext {
  config: Config;
  db: Database;
  prisma: PrismaClient;
  metrics: Metrics;
  tokens: TokenStore;
  listCache: ListCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
