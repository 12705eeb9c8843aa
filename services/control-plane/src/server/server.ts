import type { FastifyInstance } from 'fastify';
import { buildApp, ListCache, type AppContext, type AppOptions } from '../api';
import { adminTokenFile, ensureAdminToken, TokenStore } from '../auth';
import type { Config } from '../config';
import { migrate, openDatabase, type Database } from '../db';
import { createMetrics } from '../metrics';
import { loadEnergySettings } from '../energy';
import { Scheduler } from '../scheduler';
import { DiscoveryLoop, loadDiscoverySettings } from '../actuators';
import { loadActivatorConfig, startActivator } from '../activator';
import { ReconcileLoop, Reconciler } from '../reconciler';
import { join } from 'node:path';
import { seedDemo } from '../demo';
import { createSignalService, loadSignalsConfig } from '../signals';
import { createActuators } from './actuators';
import { leadershipFor } from './leadership';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** Set only on the start that created it: print it once. */
  adminToken?: string;
  adminTokenFile: string;
  /** Where the activator (wake on request) listens, when it runs. */
  activatorUrl?: string;
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
  // Undone in reverse on close, or on a start that fails half-way (a port in use, a bad kubeconfig).
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => db.close()];
  const undo = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  try {
    if (config.migrateOnStart) await migrate(db);
    const adminToken = await ensureAdminToken(db.prisma, config.dataDir);
    const activatorConfig = loadActivatorConfig(config.env);
    const actuators = createActuators(config);
    cleanups.push(() => actuators.close());
    const ctx = createContext(config, db);
    const app = await buildApp(ctx, options);
    cleanups.push(() => app.close());
    if (config.demo) {
      const seeded = await seedDemo(db.prisma, config.demoPortBase, join(config.dataDir, 'demo'));
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
            actuators: actuators.list,
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
            onTick: (r) => {
              app.log.debug({ tick: r }, `tick: ${r.workloads} workloads, ${r.changed} decisions`);
              // New decisions are acted on now, not at the next reconcile interval.
              if (r.changed > 0 && ctx.leadership.leading) void reconcile?.runNow();
            },
            onError: (err) => app.log.error({ err }, 'decision tick failed'),
          },
        )
      : undefined;
    const kube = actuators.kubernetes;
    const discovery =
      kube && config.reconciler
        ? (() => {
            const settings = loadDiscoverySettings(config.env);
            return settings.enabled
              ? new DiscoveryLoop(
                  kube.kubeConfig,
                  db.prisma,
                  settings,
                  app.log.child({ component: 'discovery' }),
                )
              : undefined;
          })()
        : undefined;
    const activator = activatorConfig.enabled
      ? await startActivator({
          prisma: db.prisma,
          config: activatorConfig,
          registry: ctx.metrics.registry,
          log: app.log.child({ component: 'activator' }),
          // Only the leader acts; elsewhere the activator waits for the leader's next round.
          ...(reconcile
            ? {
                reconcileNow: () =>
                  ctx.leadership.leading ? reconcile.runNow() : Promise.resolve(undefined),
              }
            : {}),
        })
      : undefined;
    if (activator) cleanups.push(() => activator.close());

    // Only the leader decides and acts; the others serve the API. Leadership can move at any time.
    const leadership = leadershipFor(config, db, actuators, (err) =>
      app.log.warn({ err }, 'leader election: could not read or renew the lease'),
    );
    const giveUpLeadership =
      scheduler || reconcile
        ? await leadership.hold((leader) => {
            ctx.leadership.leading = leader;
            app.log.info(
              leader
                ? `leading (${leadership.kind}): deciding and acting on workloads`
                : 'not leading: serving the API only',
            );
            if (leader) {
              scheduler?.start();
              reconcile?.start();
              discovery?.start();
            } else {
              void scheduler?.stop();
              void reconcile?.stop();
              void discovery?.stop();
            }
          })
        : undefined;
    cleanups.push(async () => {
      await giveUpLeadership?.();
      await scheduler?.stop();
      await reconcile?.stop();
      await discovery?.stop();
    });
    if (giveUpLeadership && !ctx.leadership.leading)
      app.log.info('standing by: another control plane leads; serving the API only');
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      ...(activator ? { activatorUrl: activator.url } : {}),
      app,
      db,
      adminToken,
      adminTokenFile: adminTokenFile(config.dataDir),
      ...(scheduler ? { scheduler } : {}),
      close: undo,
    };
  } catch (err) {
    await undo();
    throw err;
  }
}
