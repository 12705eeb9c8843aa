import type { FastifyRequest } from 'fastify';
import type { Prisma } from '../db';
import { recordAudit, type AuditEntry } from '../audit';
import type { AppContext } from './context';
import { ApiError, conflict } from './errors';

type Audited<T> = { result: T; audit: Omit<AuditEntry, 'actor' | 'requestId'> };

/**
 * Runs a change and its audit event in one transaction: both are stored or neither is.
 * A unique-constraint violation (someone created the same name first) becomes 409.
 */
export async function mutate<T>(
  ctx: AppContext,
  request: FastifyRequest,
  work: (tx: Prisma.TransactionClient) => Promise<Audited<T>>,
): Promise<T> {
  let audit: Audited<T>['audit'];
  try {
    const done = await ctx.prisma.$transaction(async (tx) => {
      const out = await work(tx);
      await recordAudit(tx, {
        ...out.audit,
        actor: request.principal?.name ?? 'anonymous',
        requestId: request.id,
      });
      return out;
    });
    audit = done.audit;
    // Read-your-writes on this replica: the change notification arrives a moment later.
    ctx.listCache.invalidate(audit.resourceType === 'policy' ? 'policies' : `${audit.resourceType}s`);
    ctx.metrics.auditEvents.inc({ action: audit.action, resource: audit.resourceType });
    return done.result;
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      const target = (err as { meta?: { target?: unknown } }).meta?.target;
      const field = Array.isArray(target) ? String(target[0]) : 'name';
      throw conflict(`a resource with this ${field} already exists`, [{ field, problem: 'already exists' }]);
    }
    throw err;
  }
}

/** expectedVersion for an update, which must name one: 428 when it does not. */
export function requiredVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const version = expectedVersion(request, bodyVersion);
  if (version === undefined || Number.isNaN(version)) {
    throw new ApiError(428, 'PreconditionRequired', 'an update must say which version it replaces', [
      { field: 'version', problem: 'is required (or send an If-Match header with the version)' },
    ]);
  }
  return version;
}

/** The version a client says it read: body.version, or an If-Match header holding "N" or W/"N". */
export function expectedVersion(
  request: FastifyRequest,
  bodyVersion: number | undefined,
): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : NaN;
}
