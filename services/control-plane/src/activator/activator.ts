// startActivator: the wake-on-request proxy as one running thing — the workload view, the demand counter and
// its windowed writes, the waker, and the HTTP server — with a close() that leaves nothing behind.
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { PrismaClient } from '../db';
import type { ActivatorConfig } from './config';
import { DemandCounter, recordDemand } from './demand';
import { createActivatorMetrics, NO_METRICS } from './metrics';
import { buildActivatorApp } from './proxy';
import { WorkloadView } from './view';
import { Waker, type ActivatorLog } from './wake';

export interface StartActivatorOptions {
  prisma: PrismaClient;
  config: ActivatorConfig;
  /**
   * Runs a reconcile round now; pass the leader's ReconcileLoop.runNow. Without it (or while another control
   * plane leads) a wake waits for whichever reconciler runs next.
   */
  reconcileNow?: () => Promise<unknown>;
  /** Where the lightswitch_activator_* metrics go; none are created without it. */
  registry?: Registry;
  /** Used by the activator's HTTP server and for wake and demand messages; silent without it. */
  log?: FastifyBaseLogger;
  /** How often the view of workloads is reloaded from the database (default 1000 ms). */
  refreshMs?: number;
  /** How often a wake in progress reads its decision (default 25 ms). */
  pollMs?: number;
}

export interface RunningActivator {
  /** Base URL of the activator, e.g. http://127.0.0.1:8090. */
  url: string;
  /** Closes every workload's demand window now and writes them; resolves to the samples written. */
  flushDemand(): Promise<number>;
  /** Refuses held requests (503), lets forwarded ones finish, writes the last demand window, stops. */
  close(): Promise<void>;
}

const SILENT: ActivatorLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startActivator(options: StartActivatorOptions): Promise<RunningActivator> {
  const { prisma, config } = options;
  const log: ActivatorLog = options.log ?? SILENT;
  const metrics = options.registry ? createActivatorMetrics(options.registry) : NO_METRICS;
  const demand = new DemandCounter();
  const view = new WorkloadView(prisma, {
    refreshMs: options.refreshMs,
    onRefresh: (workloads) => demand.track(workloads.map((w) => w.id)),
    onError: (err) => log.warn({ err }, 'activator: could not reload workloads; serving from the last view'),
  });
  const waker = new Waker({
    prisma,
    demand,
    metrics,
    log,
    queueLimit: config.queueLimit,
    wakeTimeoutMs: config.wakeTimeoutSeconds * 1000,
    pollMs: options.pollMs,
    reconcileNow: options.reconcileNow,
    onAwake: (id) => view.setObserved(id, 'on', 'on'),
  });

  let flushing: Promise<number> | undefined;
  const flushDemand = (): Promise<number> => {
    const run = async () => {
      const taken = demand.takeAll(
        view.all().map((w) => w.id),
        Date.now(),
      );
      try {
        return await recordDemand(prisma, taken.rows);
      } catch (err) {
        // Kept, not lost: the next window's sample spans this one too.
        demand.restore(taken);
        metrics.demandFlushFailed();
        log.error({ err, samples: taken.rows.length }, 'activator: could not write demand samples');
        return 0;
      }
    };
    // One write at a time; a caller arriving meanwhile gets a write of its own right after.
    const next = (flushing ?? Promise.resolve(0)).then(run, run);
    flushing = next;
    void next.finally(() => {
      if (flushing === next) flushing = undefined;
    });
    return next;
  };

  await view.start();
  let app;
  try {
    app = await buildActivatorApp({ view, waker, demand, metrics, log: options.log });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await view.stop();
    await app?.close();
    throw err;
  }
  const timer = setInterval(() => void flushDemand(), config.demandWindowSeconds * 1000);
  timer.unref();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const server = app;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    flushDemand,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        await waker.close();
        await server.close();
        await view.stop();
        await flushDemand();
      })();
      return closing;
    },
  };
}
