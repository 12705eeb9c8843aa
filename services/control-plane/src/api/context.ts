import type { Config } from '../config';
import type { Database, PrismaClient } from '../db';
import type { Metrics } from '../metrics';
import type { TokenStore } from '../auth';
import type { ListCache } from './list-cache';
import type { EnergySettings } from '../energy';
import type { SignalService } from '../signals';

/** What every route needs; decorated onto the Fastify instance as `ctx`. */
export interface AppContext {
  config: Config;
  db: Database;
  prisma: PrismaClient;
  metrics: Metrics;
  tokens: TokenStore;
  listCache: ListCache;
  signals: SignalService;
  energy: EnergySettings;
  /** Whether this replica leads (decides and acts) or stands by; changes at run time. */
  leadership: { leading: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
