import type { FastifyInstance } from 'fastify';
import { buildApp, ListCache, type AppContext, type AppOptions } from '../api';
import { adminTokenFile, ensureAdminToken, TokenStore } from '../auth';
import type { Config } from '../config';
import { migrate, openDatabase, type Database } from '../db';
import { createMetrics } from '../metrics';
import { loadEnergySettings } from '../energy';
import { Scheduler } from '../scheduler';
import { ProcessActuator, WebhookActuator } from '../actuators';
import { ReconcileLoop, Reconciler } from '../reconciler';
import { join } from 'node:path';
import { seedDemo } from '../demo';
import { createSignalService, loadSignalsConfig } from '../signals';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** Set only on the start that created it: print it once. */
  adminToken?: string;
  adminTokenFile: string;
  /** Present when this process runs the decision tick (LIGHTSWITCH_SCHEDULER). */
  scheduler?: Scheduler;
  close(): Promise<void>;
}

export function createContext(
  config: Config,
  db: Database,
  env: Record<string, string | undefined> = process.env,
): AppContext {
  return {
    signals: createSignalService(db.prisma, loadSignalsConfig(env)),
    energy: loadEnergySettings(env),
    config,
    db,
    prisma: db.prisma,
    metrics: createMetrics(db.prisma),
    tokens: new TokenStore(db.prisma),
    listCache: new ListCache(config.listCache),
    leadership: { leading: false },
  };
}

/** Opens the database, migrates it, makes sure an admin token exists, and serves the API. */
export async function startServer(config: Config, options: AppOptions = {}): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (config.migrateOnStart) await migrate(db);
    const adminToken = await ensureAdminToken(db.prisma, config.dataDir);
    const ctx = createContext(config, db);
    const app = await buildApp(ctx, options);
    if (config.demo) {
      const seeded = await seedDemo(db.prisma, config.demoPortBase);
      if (seeded.length)
        app.log.info(
          `first start: seeded the demo workloads ${seeded.join(', ')} (LIGHTSWITCH_DEMO=false: none)`,
        );
    }
    await app.listen({ host: config.host, port: config.port });
    const reconcile = config.reconciler
      ? new ReconcileLoop(
          new Reconciler({
            prisma: db.prisma,
            leaseMs: config.reconcileLeaseSeconds * 1000,
            actuators: [
              new WebhookActuator(),
              new ProcessActuator({ stateDir: join(config.dataDir, 'actuators') }),
            ],
          }),
          config.reconcileIntervalSeconds * 1000,
          (err) => app.log.error({ err }, 'reconcile round failed'),
        )
      : undefined;
    const scheduler = config.scheduler
      ? new Scheduler(
          { prisma: db.prisma, signals: ctx.signals, energy: ctx.energy, metrics: ctx.metrics.controlLoop },
          {
            cron: config.tickCron,
            onTick: (r) =>
              app.log.debug({ tick: r }, `tick: ${r.workloads} workloads, ${r.changed} decisions`),
            onError: (err) => app.log.error({ err }, 'decision tick failed'),
          },
        )
      : undefined;
    let leading = false;
    // Only the leader decides and acts; the others serve the API. Leadership can move at any time.
    const giveUpLeadership =
      scheduler || reconcile
        ? await db.holdLeadership((leader) => {
            leading = leader;
            ctx.leadership.leading = leader;
            app.log.info(
              leader ? 'leading: deciding and acting on workloads' : 'not leading: serving the API only',
            );
            if (leader) {
              scheduler?.start();
              reconcile?.start();
            } else {
              void scheduler?.stop();
              void reconcile?.stop();
            }
          })
        : undefined;
    if (giveUpLeadership && !leading)
      app.log.info('standing by: another control plane leads; serving the API only');
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closed = false;
    return {
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      app,
      db,
      adminToken,
      adminTokenFile: adminTokenFile(config.dataDir),
      ...(scheduler ? { scheduler } : {}),
      async close() {
        if (closed) return;
        closed = true;
        await giveUpLeadership?.();
        await scheduler?.stop();
        await reconcile?.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
