import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { errorResponses, Timestamp } from '../schemas/common';
import { unprocessable } from '../errors';

const HOUR_MS = 3600_000;

/** Grid carbon signals: what decide() sees for a zone now, and the stored samples around it. */
export function registerSignalRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/signals/:zone',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['signals'],
        summary: "A zone's carbon signal now (status fresh, stale or missing) and its stored samples",
        params: Type.Object(
          { zone: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][-A-Za-z0-9_]*$' }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          {
            from: Type.Optional(Timestamp),
            to: Type.Optional(Timestamp),
            refresh: Type.Optional(
              Type.Boolean({ description: 'fetch from the providers first (default true)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const { zone } = request.params as { zone: string };
      const q = request.query as { from?: string; to?: string; refresh?: boolean };
      const now = new Date();
      const from = q.from ? new Date(q.from) : new Date(now.getTime() - 24 * HOUR_MS);
      const to = q.to ? new Date(q.to) : new Date(now.getTime() + 48 * HOUR_MS);
      if (to <= from)
        throw unprocessable('empty time range', [{ field: 'to', problem: 'must be after from' }]);
      if (to.getTime() - from.getTime() > 31 * 24 * HOUR_MS) {
        throw unprocessable('time range too long', [{ field: 'to', problem: 'at most 31 days after from' }]);
      }
      const { signals, prisma } = app.ctx;
      // A provider failing is part of the answer (stale/missing), not an error of this request.
      if (q.refresh !== false) await signals.refresh(zone, now).catch(() => undefined);
      const [signal, samples] = await Promise.all([
        signals.carbonSignal(zone, now),
        prisma.signalSample.findMany({
          where: { zone, time: { gte: from, lt: to } },
          orderBy: [{ time: 'asc' }, { kind: 'asc' }, { issuedAt: 'desc' }],
          take: 5000,
        }),
      ]);
      return {
        zone,
        chain: signals.chain(zone),
        signal,
        samples: samples.map((s) => ({
          time: s.time.toISOString(),
          intensityGPerKwh: s.intensityGPerKwh,
          source: s.source,
          kind: s.kind,
          issuedAt: s.issuedAt.toISOString(),
        })),
      };
    },
  );
}
