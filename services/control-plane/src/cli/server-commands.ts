import { loadConfig } from '../config';
import { CliError, isOperational } from './errors';
import { toJson, type Io } from './format';

type Env = Record<string, string | undefined>;

export interface ServeContext {
  io: Io;
  env: Env;
  json: boolean;
  /** Resolves when the process is asked to stop; `serve` then closes the server. */
  waitForStop?: (io: Io) => Promise<string>;
}

/** Where a server listening on `url` publishes its API, docs and metrics. */
export function endpoints(url: string) {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    api: `${base}/api/v1`,
    docs: `${base}/api/docs`,
    openapi: `${base}/api/openapi.json`,
    metrics: `${base}/metrics`,
  };
}

export function formatServeBanner(started: {
  url: string;
  adminToken?: string | undefined;
  adminTokenFile: string;
  db?: { describe: string };
  activatorUrl?: string | undefined;
}): string {
  const e = endpoints(started.url);
  const lines = [
    `LightSwitch control plane listening on ${e.url}`,
    `  API:      ${e.api}`,
    `  API docs: ${e.docs} (OpenAPI document: ${e.openapi})`,
    `  Metrics:  ${e.metrics}`,
  ];
  if (started.activatorUrl)
    lines.push(`  Wake on request: ${started.activatorUrl}/<workload>/... (the activator)`);
  if (started.db) lines.push(`  Database: ${started.db.describe}`);
  if (started.adminToken) {
    lines.push(
      '',
      'Bootstrap admin token (shown only this once):',
      '',
      `  ${started.adminToken}`,
      '',
      `It is saved to ${started.adminTokenFile} (mode 0600), where the lightswitch CLI on this host finds it.`,
      'Create tokens for people and automation with `lightswitch token create`, then keep this one safe.',
    );
  }
  return lines.join('\n') + '\n';
}

/** Waits for SIGINT or SIGTERM; a second signal while shutting down exits at once. */
export function waitForSignal(io: Io): Promise<string> {
  return new Promise((resolve) => {
    let received: string | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        io.stderr(`received ${signal} again; exiting without waiting for shutdown\n`);
        process.exit(1);
      }
      received = signal;
      io.stderr(`received ${signal}; shutting down (send it again to force)\n`);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function serve(ctx: ServeContext): Promise<void> {
  const config = loadConfig(ctx.env);
  const { startServer } = await import('../server');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (error) {
    if (isOperational(error)) throw new CliError(`cannot start the control plane: ${error.message}`);
    throw error;
  }
  if (ctx.json) {
    ctx.io.stdout(
      toJson({
        ...endpoints(server.url),
        adminTokenFile: server.adminTokenFile,
        ...(server.activatorUrl ? { activator: server.activatorUrl } : {}),
        ...(server.adminToken ? { adminToken: server.adminToken } : {}),
      }),
    );
  } else {
    ctx.io.stdout(formatServeBanner(server));
  }
  await (ctx.waitForStop ?? waitForSignal)(ctx.io);
  await server.close();
  ctx.io.stderr('stopped\n');
}

export async function migrateDatabase(ctx: { io: Io; env: Env; json: boolean }): Promise<void> {
  const config = loadConfig(ctx.env);
  const { openDatabase, migrate } = await import('../db');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
    (error: unknown) => {
      if (isOperational(error)) throw new CliError(`cannot open the database: ${error.message}`);
      throw error;
    },
  );
  try {
    if (ctx.json) {
      const { applied } = await migrate(db);
      ctx.io.stdout(toJson({ database: db.describe, applied }));
      return;
    }
    ctx.io.stdout(`database: ${db.describe}\n`);
    const { applied } = await migrate(db, {
      onApplied: (name, ms) => ctx.io.stdout(`applied ${name} (${Math.round(ms)} ms)\n`),
    });
    if (applied.length === 0) ctx.io.stdout('up to date: no migrations to apply\n');
    else ctx.io.stdout(`${applied.length} migration${applied.length === 1 ? '' : 's'} applied\n`);
  } catch (error) {
    if (isOperational(error) && !(error instanceof CliError)) {
      throw new CliError(`cannot migrate ${db.describe}: ${error.message}`);
    }
    throw error;
  } finally {
    await db.close();
  }
}
