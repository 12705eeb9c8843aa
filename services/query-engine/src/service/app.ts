// The query engine as an HTTP service: POST /query streams a result back as NDJSON, Arrow IPC or CSV.
// Problems found before any data flows (a bad request, an unknown column, a bad first CSV line) are
// answered with an error status naming the place; a failure after the first byte aborts the response, so a
// client can never take a partial result for a complete one.
import Fastify, { type FastifyInstance } from 'fastify';
import { LazyFrame, QueryError, DataError, CsvError, shutdownPools, type Morsel } from '../index.ts';
import { writeCsv } from '../sinks/csv.ts';
import { writeNdjson } from '../sinks/ndjson.ts';
import { BUNDLED_QUERIES } from '../queries/index.ts';
import type { ServiceConfig } from './config.ts';
import { createServiceMetrics } from './metrics.ts';
import { confinePath, confinePlan, PathRefused } from './paths.ts';
import { BadRequest } from '@lightswitch/service-kit';
import { CONTENT_TYPES, parseQueryRequest, type ResultFormat } from './request.ts';

// The Arrow writer is loaded on the first Arrow request: apache-arrow costs ~150 ms of start-up, and
// start-up is the cold-start latency when LightSwitch wakes this service on a request.
const WRITERS: Record<ResultFormat, typeof writeNdjson> = {
  ndjson: writeNdjson,
  arrow: async (...args) => (await import('../sinks/arrow.ts')).writeArrowIpc(...args),
  csv: writeCsv,
};

interface ErrorBody {
  error: string;
  message: string;
  details?: { field: string; problem: string }[];
}

/** Status and body for an error met before the response started. */
function refusal(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof BadRequest)
    return { status: 400, body: { error: 'BadRequest', message: err.message, details: err.details } };
  if (err instanceof PathRefused)
    return {
      status: 422,
      body: {
        error: 'PathRefused',
        message: err.message,
        details: [{ field: err.field, problem: err.message }],
      },
    };
  if (err instanceof CsvError)
    return {
      status: 422,
      body: { error: 'CsvError', message: `${err.path}:${err.line}:${err.column}: ${err.message}` },
    };
  if (err instanceof QueryError || err instanceof DataError)
    return { status: 422, body: { error: err.name, message: err.message } };
  return {
    status: 500,
    body: { error: 'Internal', message: 'the query failed unexpectedly; see the service log' },
  };
}

export async function buildQueryApp(config: ServiceConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: process.env.QUERY_ENGINE_LOG_LEVEL ?? 'info' },
    bodyLimit: 16 * 1024 * 1024,
  });
  const metrics = createServiceMetrics();

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/queries', async () =>
    Object.fromEntries(Object.entries(BUNDLED_QUERIES).map(([k, q]) => [k, q.description])),
  );

  app.post('/query', async (request, reply) => {
    const started = process.hrtime.bigint();
    const controller = new AbortController();
    let iterator: AsyncGenerator<Morsel> | undefined;
    let first: IteratorResult<Morsel> | undefined;
    let format: ResultFormat;
    try {
      const req = parseQueryRequest(request.body, request.headers.accept);
      format = req.format;
      const frame =
        req.kind === 'plan'
          ? LazyFrame.fromJSON({ ...req.plan, plan: confinePlan(req.plan.plan, config.dataDir) })
          : BUNDLED_QUERIES[req.query]!.build(confinePath(req.source, config.dataDir, 'source'));
      await frame.schema(); // unknown columns and type errors surface here, before any data
      iterator = frame.stream({
        ...(config.workers !== undefined ? { workers: config.workers } : {}),
        ...(config.morselRows !== undefined ? { morselRows: config.morselRows } : {}),
        signal: controller.signal,
      });
      first = await iterator.next();
    } catch (err) {
      await iterator?.return(undefined).catch(() => undefined);
      const { status, body } = refusal(err);
      if (status === 500) request.log.error({ err }, 'query failed before streaming');
      metrics.queries.inc({ outcome: status === 500 ? 'failed' : 'rejected' });
      return reply.code(status).send(body);
    }

    // From here the status line is sent: the result streams as the pipeline produces it.
    reply.hijack();
    const out = reply.raw;
    out.once('close', () => {
      if (!out.writableFinished) controller.abort();
    });
    out.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'cache-control': 'no-store' });
    const it = iterator!;
    const head = first!;
    async function* morsels(): AsyncGenerator<Morsel> {
      if (!head.done) yield head.value;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    }
    try {
      const { rows } = await WRITERS[format](morsels(), out, { end: true });
      metrics.rows.inc(rows);
      metrics.queries.inc({ outcome: 'ok' });
    } catch (err) {
      const cancelled = controller.signal.aborted;
      metrics.queries.inc({ outcome: cancelled ? 'cancelled' : 'failed' });
      if (!cancelled)
        request.log.error({ err: err as Error }, 'query failed while streaming; response aborted');
      await it.return(undefined).catch(() => undefined);
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    } finally {
      metrics.duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  });

  // Worker threads keep the process alive; the service owns them while it runs.
  app.addHook('onClose', () => shutdownPools());
  return app;
}
