import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, forbidden, unauthorized } from '../api/errors';
import type { Metrics } from '../metrics';
import type { FailureLimiter } from './failure-limiter';
import type { Principal, TokenStore } from './token-store';
import { roleAllows, type Role } from './tokens';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route; routes without one are public (health, metrics, docs). */
    role?: Role;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** Authenticates every route that names a role, and refuses clients that keep presenting bad tokens. */
export function registerAuth(
  app: FastifyInstance,
  store: TokenStore,
  limiter: FailureLimiter,
  metrics: Metrics,
) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.role;
    if (!needed) return;
    const wait = limiter.retryAfter(request.ip);
    if (wait > 0) {
      metrics.authFailures.inc({ reason: 'rate_limited' });
      throw new ApiError(
        429,
        'TooManyRequests',
        'too many failed authentications from this address; try again later',
        [{ field: 'authorization', problem: `retry after ${wait} s` }],
        { 'retry-after': String(wait) },
      );
    }
    const token = bearer(request);
    if (token === undefined) {
      metrics.authFailures.inc({ reason: 'missing' });
      throw unauthorized('missing bearer token (Authorization: Bearer <token>)');
    }
    const principal = token ? await store.resolve(token) : null;
    if (!principal) {
      limiter.fail(request.ip);
      metrics.authFailures.inc({ reason: 'invalid' });
      throw unauthorized('invalid, expired or revoked token');
    }
    if (!roleAllows(principal.role, needed)) {
      metrics.authFailures.inc({ reason: 'forbidden' });
      throw forbidden(`this needs the ${needed} role; token "${principal.name}" has ${principal.role}`);
    }
    request.principal = principal;
  });
}
