// The activator's HTTP face: /{workload}/{path} goes to the workload's upstream at {path}, with the query
// string, any method, bodies streamed both ways (nothing is parsed). A running workload is forwarded at once;
// a sleeping one is held while it wakes, then forwarded with the cold-start headers.
import replyFrom from '@fastify/reply-from';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { DemandCounter } from './demand';
import { COLD_START_HEADER, WAKE_MS_HEADER, upstreamRequestHeaders, withoutHopByHop } from './headers';
import type { ActivatorMetrics } from './metrics';
import {
  sendBadRequest,
  sendNoWorkload,
  sendNotBehindActivator,
  sendRefusal,
  sendUnknownWorkload,
  sendUpstreamError,
} from './responses';
import { isAwake, type ActivatorWorkload, type WorkloadView } from './view';
import type { Waker } from './wake';

export interface ProxyDeps {
  view: WorkloadView;
  waker: Waker;
  demand: DemandCounter;
  metrics: ActivatorMetrics;
  log?: FastifyBaseLogger;
}

interface Target {
  name: string;
  /** The name as it was in the URL (X-Forwarded-Prefix). */
  rawName: string;
  /** The path after /{workload}, without the query: "" or "/...". */
  rest: string;
}

/** Splits /{workload}/{rest}?{query}; undefined without a workload, 'bad' when the name does not decode. */
export function splitPath(url: string): Target | undefined | 'bad' {
  if (!url.startsWith('/')) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const slash = path.indexOf('/', 1);
  const rawName = slash < 0 ? path.slice(1) : path.slice(1, slash);
  if (rawName === '') return undefined;
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return 'bad';
  }
  return { name, rawName, rest: slash < 0 ? '' : path.slice(slash) };
}

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

export async function buildActivatorApp(deps: ProxyDeps): Promise<FastifyInstance> {
  const { view, waker, demand, metrics } = deps;
  const app = Fastify({
    ...(deps.log ? { loggerInstance: deps.log } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    requestIdHeader: false,
    return503OnClosing: true,
  });
  // Bodies stay streams: forwarded as they arrive, never buffered or parsed here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await app.register(replyFrom, {
    disableRequestLogging: true,
    disableCache: true,
    // The plugin keeps its undici agent open on close unless told otherwise.
    destroyAgent: true,
    undici: { connections: 128, pipelining: 1 },
  });

  /**
   * Sends the request on. waitedMs is set for a request that was held through a wake. Counted once it has an
   * outcome, so a request that is refused, then held for a wake, is counted once.
   */
  const forward = (
    request: FastifyRequest,
    reply: FastifyReply,
    w: ActivatorWorkload,
    t: Target,
    waitedMs?: number,
  ) => {
    const path = waitedMs === undefined ? 'warm' : 'cold';
    const from = {
      ip: request.ip,
      host: request.headers.host,
      protocol: request.protocol,
      prefix: `/${t.rawName}`,
    };
    try {
      return reply.from(w.upstream + t.rest, {
        rewriteRequestHeaders: (_req, headers) => upstreamRequestHeaders(headers, from),
        rewriteHeaders: (headers) => {
          metrics.request(w.name, path);
          const out = withoutHopByHop(headers) as Record<string, unknown>;
          if (waitedMs !== undefined) {
            out[COLD_START_HEADER] = 'true';
            out[WAKE_MS_HEADER] = String(Math.round(waitedMs));
          }
          return out as typeof headers;
        },
        // A transparent proxy passes the upstream's answer on: no retries of its own (the default retries 503s).
        retryDelay: () => null,
        onError: (_reply, { error }) => {
          const code = (error.cause as { code?: string } | undefined)?.code;
          // Refused while the view still said running: it may have just been switched off. A request without
          // a body can still be held for a wake once the view agrees; anything else gets the error.
          if (code === 'ECONNREFUSED' && waitedMs === undefined && !hasBody(request)) {
            void view.refresh().then(
              () => {
                const now = view.get(w.name);
                if (now && !isAwake(now)) return hold(request, reply, now, t);
                metrics.request(w.name, path);
                return sendUpstreamError(reply, w.name, error);
              },
              () => {
                metrics.request(w.name, path);
                sendUpstreamError(reply, w.name, error);
              },
            );
            return;
          }
          metrics.request(w.name, path);
          sendUpstreamError(reply, w.name, error);
        },
      });
    } catch (error) {
      // reply-from refuses paths that climb out of the upstream's base ("/..").
      const e = error as Error & { statusCode?: number };
      if (e.statusCode === 400) {
        metrics.request(w.name, 'rejected');
        return sendBadRequest(reply, e.message);
      }
      throw error;
    }
  };

  const hold = async (request: FastifyRequest, reply: FastifyReply, w: ActivatorWorkload, t: Target) => {
    const held = waker.hold(w);
    if (!held.queued) {
      metrics.request(w.name, 'rejected');
      return sendRefusal(reply, held.refusal);
    }
    const startedMs = performance.now();
    // A client that gives up leaves the queue at once, so it neither counts against the bound nor is forwarded.
    const onClose = () => held.cancel();
    reply.raw.once('close', onClose);
    const release = await held.released;
    reply.raw.off('close', onClose);
    if (!release.ok) {
      metrics.request(w.name, 'rejected');
      return sendRefusal(reply, release);
    }
    return forward(request, reply, w, t, performance.now() - startedMs);
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const t = splitPath(request.raw.url ?? '/');
    if (t === undefined) {
      metrics.request('', 'rejected');
      return sendNoWorkload(reply);
    }
    if (t === 'bad') {
      metrics.request('', 'rejected');
      return sendBadRequest(reply, 'the workload name in the path is not valid percent-encoding');
    }
    let w = view.get(t.name);
    if (!w) {
      const found = await view.lookup(t.name);
      if ('missing' in found) {
        // Only registered names become label values: a scan of made-up names must not grow the metrics.
        metrics.request(found.missing === 'unknown' ? '' : t.name, 'rejected');
        return found.missing === 'unknown'
          ? sendUnknownWorkload(reply, t.name)
          : sendNotBehindActivator(reply, t.name, found.why);
      }
      w = found.workload;
    }
    demand.count(w.id);
    if (isAwake(w)) return forward(request, reply, w, t);
    return hold(request, reply, w, t);
  };
  // Fastify's own refusals (a malformed content type, say) and anything unexpected: the same error shape.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'activator: unexpected error');
    return reply.code(status).send({
      error: status === 500 ? 'InternalError' : (err.code ?? 'BadRequest'),
      message: status === 500 ? 'internal error in the activator' : err.message,
      details: [],
    });
  });
  app.all('/', handler);
  app.all('/*', handler);
  return app;
}
