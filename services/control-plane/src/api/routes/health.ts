import type { FastifyInstance } from 'fastify';
import { migrationStatus } from '../../db';

export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  // Ready = the database answers and every migration this code knows is applied.
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      const status = await migrationStatus(app.ctx.db);
      const ready = status.ok;
      reply.code(ready ? 200 : 503);
      return {
        status: ready ? 'ready' : 'not ready',
        database: app.ctx.db.describe,
        role: app.ctx.leadership.leading ? 'leader' : 'standby',
        migrations: { applied: status.applied.length, pending: status.pending },
      };
    } catch (err) {
      reply.code(503);
      return { status: 'not ready', database: app.ctx.db.describe, error: (err as Error).message };
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const registry = app.ctx.metrics.registry;
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
