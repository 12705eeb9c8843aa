import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { FailureLimiter, registerAuth, type Role } from '../auth';
import { coercingAjv, strictAjv } from '../validation';
import type { AppContext } from './context';
import { registerErrorHandling } from './error-handler';
import { registerOpenApi } from './openapi';
import { registerAuditRoutes } from './routes/audit';
import { registerDecisionRoutes } from './routes/decisions';
import { registerSimulationRoutes } from './routes/simulations';
import { registerSignalRoutes } from './routes/signals';
import { registerUsageRoutes } from './routes/usage';
import { registerWorkloadStatusRoutes } from './routes/workload-status';
import { registerHealthRoutes } from './routes/health';
import { registerOverrideRoutes } from './routes/overrides';
import { registerPolicyRoutes } from './routes/policies';
import { registerTokenRoutes } from './routes/tokens';
import { registerWorkloadRoutes } from './routes/workloads';

export interface AppOptions {
  /** pino logger options, or false for none (tests, benchmarks). */
  logger?: boolean | { level: string };
}

export interface RouteInfo {
  method: string;
  url: string;
  role: Role | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, with the role it needs; the auth test walks it. */
    routeTable: RouteInfo[];
  }
}

const VERSION = '0.1.0';

// JSON lines for log collectors; readable lines for a person at a terminal.
function loggerOptions(level: string) {
  if (!process.stdout.isTTY) return { level };
  return {
    level,
    transport: {
      target: 'pino-pretty',
      options: {
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,reqId,method,url,statusCode',
        singleLine: true,
      },
    },
  };
}

/** The control plane's HTTP API on a ready context (database open and migrated). */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(ctx.config.logLevel),
    bodyLimit: ctx.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // One line per request, written below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
  });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strictAjv.compile(schema) : coercingAjv.compile(schema),
  );

  // Every /api/v1 route must say who may call it: a route added without a role fails at start-up, not in production.
  const routes: RouteInfo[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.role) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no role`);
    }
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, role: route.config?.role });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    // Probes and scrapes arrive every few seconds: log them only when debugging.
    const level = route === '/healthz' || route === '/readyz' || route === '/metrics' ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      `${request.method} ${request.url} ${reply.statusCode}`,
    );
    ctx.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const unlisten = await ctx.db.listen(
    'lightswitch_changes',
    (table) => ctx.listCache.tableChanged(table),
    (live) => ctx.listCache.setLive(live),
  );
  app.addHook('onClose', async () => unlisten());

  registerErrorHandling(app);
  await registerOpenApi(app, VERSION);
  registerAuth(app, ctx.tokens, new FailureLimiter(ctx.config.authFailureLimit), ctx.metrics);
  registerHealthRoutes(app);
  registerWorkloadRoutes(app);
  registerPolicyRoutes(app);
  registerOverrideRoutes(app);
  registerTokenRoutes(app);
  registerAuditRoutes(app);
  registerDecisionRoutes(app);
  registerSimulationRoutes(app);
  registerSignalRoutes(app);
  registerUsageRoutes(app);
  registerWorkloadStatusRoutes(app);
  await app.ready();
  return app;
}
