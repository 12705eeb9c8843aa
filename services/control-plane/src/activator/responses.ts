// The activator's own answers, in the control plane's one error shape: { error, message, details }.
import type { FastifyReply } from 'fastify';
import type { Refusal } from './wake';

export interface ActivatorErrorBody {
  error: string;
  message: string;
  details: { field: string; problem: string }[];
}

function send(reply: FastifyReply, status: number, body: ActivatorErrorBody): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('application/json').send(body);
}

export function sendUnknownWorkload(reply: FastifyReply, name: string): FastifyReply {
  return send(reply, 404, {
    error: 'NotFound',
    message: `workload ${JSON.stringify(name)} not found`,
    details: [{ field: 'workload', problem: 'no such workload' }],
  });
}

export function sendNotBehindActivator(reply: FastifyReply, name: string, why: string): FastifyReply {
  return send(reply, 404, {
    error: 'NotBehindActivator',
    message: `workload ${name} is not behind the activator: ${why}`,
    details: [{ field: 'workload', problem: 'set target.upstream to put it behind the activator' }],
  });
}

export function sendNoWorkload(reply: FastifyReply): FastifyReply {
  return send(reply, 404, {
    error: 'NotFound',
    message: 'no workload in the path: send requests to /{workload}/{path}',
    details: [{ field: 'workload', problem: 'missing' }],
  });
}

/** 503 with Retry-After: the workload is not (yet) running and this request will not wait any longer. */
export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  reply.header('retry-after', String(Math.max(1, Math.ceil(refusal.retryAfterSeconds))));
  return send(reply, 503, {
    error: refusal.code,
    message: refusal.message,
    details: [{ field: 'workload', problem: refusal.message }],
  });
}

export function sendBadRequest(reply: FastifyReply, message: string): FastifyReply {
  return send(reply, 400, { error: 'BadRequest', message, details: [{ field: 'path', problem: message }] });
}

/** The upstream could not be reached or answered badly: 502, or 504 when it timed out. */
export function sendUpstreamError(
  reply: FastifyReply,
  name: string,
  error: Error & { statusCode?: number; code?: string; cause?: unknown },
): FastifyReply {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const what = cause?.code ?? error.code ?? 'error';
  const status = error.statusCode === 504 ? 504 : 502;
  return send(reply, status, {
    error: status === 504 ? 'UpstreamTimeout' : 'BadGateway',
    message: `workload ${name} did not answer: ${what}${cause?.message ? ` (${cause.message})` : ''}`,
    details: [{ field: 'upstream', problem: what }],
  });
}
