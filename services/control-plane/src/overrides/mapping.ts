import type { Override as OverrideRow } from '../db';
import type { ErrorDetail } from '../api/errors';
import type { Override } from './schemas';

export type OverrideWithWorkload = OverrideRow & { workload: { name: string } };

export const isActive = (row: OverrideRow, now: Date) =>
  !row.cancelledAt && row.startsAt <= now && row.until > now;

export function overrideToApi(row: OverrideWithWorkload, now = new Date()): Override {
  return {
    id: row.id,
    workload: row.workload.name,
    workloadId: row.workloadId,
    state: row.state,
    replicas: row.replicas,
    startsAt: row.startsAt.toISOString(),
    until: row.until.toISOString(),
    createdBy: row.createdBy,
    reason: row.reason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    active: isActive(row, now),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An override must end in the future and after it starts; replicas only make sense when switching on. */
export function overrideProblems(
  o: { state: string; replicas?: number | null; startsAt: Date; until: Date },
  now: Date,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (o.until <= now) details.push({ field: 'until', problem: 'must be in the future' });
  if (o.until <= o.startsAt) details.push({ field: 'until', problem: 'must be after startsAt' });
  if (o.state === 'off' && o.replicas)
    details.push({ field: 'replicas', problem: 'only applies when state is on' });
  return details;
}
