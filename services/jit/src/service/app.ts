// The Lua implementation as an HTTP service (for the deployment comparison): POST /run takes a program or the name
// of a bundled benchmark and answers with its output, time and JIT stats. Each run executes in a worker thread
// with a time limit and a heap cap, so no program can take the service down with it.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { findBenchmark, listBenchmarks } from './benchmarks.ts';
import type { ServiceConfig } from './config.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
import { PoolBusy, RunPool, type PoolOutcome } from './pool.ts';
import { BadRequest, type Problem } from '@lightswitch/service-kit';
import { checkRunBody, runBodySchema, schemaProblems, type RunBody } from './request.ts';

/** Chunkname of posted source: messages read "program.lua:3: ...", as `lua5.4 program.lua` prints them. */
export const PROGRAM_CHUNKNAME = 'program.lua';

interface ErrorBody {
  error: string;
  message: string;
  details?: Problem[];
}

// JSON carries text; Lua strings are bytes. Source and arguments go in as their UTF-8 bytes, output comes back
// decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD).
const toBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const fromBytes = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
const ms = (x: number) => Math.round(x * 1000) / 1000;

function recordStats(metrics: ServiceMetrics, o: PoolOutcome): void {
  if (o.kind !== 'done') return;
  const s = o.result.stats;
  metrics.traces.inc({ event: 'recorded' }, s.tracesRecorded);
  metrics.traces.inc({ event: 'compiled' }, s.tracesCompiled);
  metrics.traces.inc({ event: 'aborted' }, s.tracesAborted);
  metrics.traces.inc({ event: 'blacklisted' }, s.blacklisted);
  metrics.sideExits.inc(s.sideExits);
}

function statusLabel(o: PoolOutcome): string {
  switch (o.kind) {
    case 'done':
      if (o.result.outcome === 'output_limit') return 'output_limit';
      if (o.result.outcome === 'internal') return 'failed';
      return o.result.status === 0 ? 'ok' : 'lua_error';
    case 'timeout':
      return 'timeout';
    case 'memory':
      return 'memory_limit';
    case 'crashed':
      return 'failed';
  }
}

export async function buildApp(config: ServiceConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: process.env.JIT_SERVICE_LOG_LEVEL ?? 'info' },
    bodyLimit: 2 * 1024 * 1024,
    // Fastify's defaults drop unknown fields and coerce "5" to 5; a wrong field must be named instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  const metrics = createServiceMetrics();
  const pool = new RunPool({
    size: config.concurrency,
    queueLimit: config.queueLimit,
    memoryMb: config.memoryMb,
  });

  const refuse = (reply: FastifyReply, status: number, body: ErrorBody) => reply.code(status).send(body);

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    return refuse(reply, status, {
      error: status < 500 ? 'BadRequest' : 'Internal',
      message: status < 500 ? err.message : 'the request failed unexpectedly; see the service log',
    });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_req, reply) => {
    metrics.inFlight.set(pool.inFlight);
    metrics.queued.set(pool.waiting);
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/benchmarks', async () =>
    listBenchmarks().map((b) => ({
      name: b.name,
      defaultSize: b.defaultSize,
      smallSize: b.smallSize,
      loopHeavy: b.loopHeavy,
      description: b.description,
    })),
  );

  app.post<{ Body: RunBody }>(
    '/run',
    { schema: { body: runBodySchema }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) {
        const bad = new BadRequest(schemaProblems(request.validationError.validation));
        return refuse(reply, 400, { error: 'BadRequest', message: bad.message, details: bad.details });
      }
      const body = request.body;
      try {
        checkRunBody(body, config);
      } catch (err) {
        if (!(err instanceof BadRequest)) throw err;
        return refuse(reply, 400, { error: 'BadRequest', message: err.message, details: err.details });
      }
      let source: string;
      let chunkname: string;
      const label = body.benchmark ?? 'program';
      if (body.benchmark !== undefined) {
        const b = findBenchmark(body.benchmark);
        if (!b) {
          const problem = `unknown benchmark "${body.benchmark}"; known: ${listBenchmarks()
            .map((x) => x.name)
            .join(', ')}`;
          return refuse(reply, 404, {
            error: 'NotFound',
            message: problem,
            details: [{ field: 'benchmark', problem }],
          });
        }
        source = b.source;
        chunkname = b.file;
      } else {
        source = toBytes(body.program!);
        chunkname = PROGRAM_CHUNKNAME;
      }
      const jit = body.jit ?? true;
      const timeoutMs = body.timeoutMs ?? config.timeoutMs;
      let outcome: PoolOutcome;
      try {
        outcome = await pool.run(
          {
            source,
            chunkname,
            args: (body.args ?? []).map(toBytes),
            jit,
            ...(body.hints !== undefined ? { hints: body.hints } : {}),
            ...(body.hotLoopThreshold !== undefined ? { hotLoopThreshold: body.hotLoopThreshold } : {}),
            ...(body.files !== undefined
              ? {
                  files: Object.fromEntries(
                    Object.entries(body.files).map(([n, t]) => [toBytes(n), toBytes(t)]),
                  ),
                }
              : {}),
            maxOutputBytes: config.maxOutputBytes,
          },
          timeoutMs,
        );
      } catch (err) {
        if (!(err instanceof PoolBusy)) throw err;
        metrics.runs.inc({ benchmark: label, status: 'busy' });
        reply.header('retry-after', '1');
        return refuse(reply, 503, { error: 'Busy', message: err.message });
      }
      metrics.runs.inc({ benchmark: label, status: statusLabel(outcome) });
      metrics.duration.observe({ benchmark: label, jit: jit ? 'on' : 'off' }, outcome.wallMs / 1000);
      recordStats(metrics, outcome);

      switch (outcome.kind) {
        case 'timeout':
          return refuse(reply, 422, {
            error: 'Timeout',
            message: `the program ran longer than ${timeoutMs} ms (timeoutMs) and was stopped`,
          });
        case 'memory':
          return refuse(reply, 422, {
            error: 'MemoryLimit',
            message: `the program needed more than ${config.memoryMb} MB of heap (JIT_SERVICE_MEMORY_MB) and was stopped`,
          });
        case 'crashed':
          request.log.error({ message: outcome.message }, 'run worker failed');
          return refuse(reply, 500, {
            error: 'Internal',
            message: `the run's worker failed: ${outcome.message}`,
          });
      }
      const r = outcome.result;
      if (r.outcome === 'internal') {
        request.log.error({ error: r.error }, 'interpreter failed');
        return refuse(reply, 500, {
          error: 'Internal',
          message: `the interpreter failed: ${(r.error ?? '').split('\n')[0]}`,
        });
      }
      const cpuMs = r.threadCpuMs ?? outcome.processCpuMs;
      const result = {
        status: r.status,
        output: fromBytes(r.output),
        ...(r.error !== undefined ? { error: fromBytes(r.error) } : {}),
        ...(r.traceback !== undefined ? { traceback: fromBytes(r.traceback) } : {}),
        timeMs: ms(r.timeMs),
        ...(cpuMs !== undefined ? { cpuMs: ms(cpuMs) } : {}),
        stats: r.stats,
      };
      if (r.outcome === 'output_limit')
        // The output up to the limit comes along: it usually shows what the program was doing.
        return reply.code(422).send({
          ...result,
          error: 'OutputLimit',
          message: `the program wrote more than ${config.maxOutputBytes} bytes (JIT_SERVICE_MAX_OUTPUT_BYTES) and was stopped`,
        });
      return result;
    },
  );

  app.addHook('onClose', () => pool.close());
  return app;
}
