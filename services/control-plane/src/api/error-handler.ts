import type { FastifyError, FastifyInstance } from 'fastify';
import { ajvDetails } from '../validation';
import { ApiError } from './errors';

const PART_PREFIX: Record<string, string> = { body: '', querystring: '', params: '', headers: 'headers' };

/** Every failure leaves as { error, message, details }; only a real bug is a 500, and it says nothing internal. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.statusCode).headers(err.headers).send(err.body());
    }
    if (err.validation) {
      const part = err.validationContext ?? 'body';
      const details = ajvDetails(
        err.validation as Parameters<typeof ajvDetails>[0],
        PART_PREFIX[part] ?? part,
      );
      return reply.code(400).send({
        error: 'BadRequest',
        message: `invalid ${part === 'querystring' ? 'query string' : part}: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`,
        details,
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: unparsable JSON, body too large, unsupported media type, ...
      const field = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : '(body)';
      return reply.code(status).send({
        error: err.code ?? 'BadRequest',
        message: err.message,
        details: [{ field, problem: err.message }],
      });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({
      error: 'InternalError',
      message: `internal error; quote request id ${request.id} when reporting it`,
      details: [],
    });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: 'NotFound',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      details: [{ field: 'url', problem: 'no such route' }],
    });
  });
}
