import type { Prisma } from '../db';

export interface AuditEntry {
  actor: string;
  action: 'create' | 'update' | 'delete' | 'revoke';
  resourceType: 'workload' | 'policy' | 'override' | 'token';
  resourceId?: string | null;
  resourceName?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

// JSON null in a Json? column must be written as DbNull, and undefined leaves the column empty.
const json = (value: unknown) =>
  value === undefined || value === null ? undefined : (value as Prisma.InputJsonValue);

/** Writes one audit event inside the caller's transaction, so the change and its record stand or fall together. */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      resourceName: entry.resourceName ?? null,
      before: json(entry.before),
      after: json(entry.after),
      requestId: entry.requestId ?? null,
    },
  });
}
