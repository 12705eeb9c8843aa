import Fastify, { type FastifyInstance } from 'fastify';
import { FailureLimiter, registerAuth, type Role } from '../auth';
import { coercingAjv, strictAjv } from '../validation';
import type { AppContext } from './context';
import { registerErrorHandling } from './error-handler';
import { registerOpenApi } from './openapi';
import { registerAuditRoutes } from './routes/audit';
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

/** The control plane's HTTP API on a ready context (database open and migrated). */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
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
    ctx.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  registerErrorHandling(app);
  await registerOpenApi(app, VERSION);
  registerAuth(app, ctx.tokens, new FailureLimiter(ctx.config.authFailureLimit), ctx.metrics);
  registerHealthRoutes(app);
  registerWorkloadRoutes(app);
  registerPolicyRoutes(app);
  registerOverrideRoutes(app);
  registerTokenRoutes(app);
  registerAuditRoutes(app);
  await app.ready();
  return app;
}
