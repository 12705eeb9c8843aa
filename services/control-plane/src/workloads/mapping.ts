import { Prisma, type Workload as WorkloadRow } from '../db';
import type { Workload, WorkloadSpec } from './schemas';

// Prisma enum identifiers cannot hold "-"; the database and the API both use the hyphenated form.
export const toDbEnum = <T extends string>(value: string) => value.replace(/-/g, '_') as T;
export const fromDbEnum = (value: string) => value.replace(/_/g, '-');

export function workloadToApi(row: WorkloadRow): Workload {
  return {
    id: row.id,
    name: row.name,
    kind: fromDbEnum(row.kind),
    description: row.description,
    target: row.target as Record<string, unknown>,
    zone: row.zone,
    labels: row.labels as Record<string, string>,
    replicasOn: row.replicasOn,
    replicasOff: row.replicasOff,
    vcpu: row.vcpu,
    memoryGb: row.memoryGb,
    energySource: (row.energySource as Record<string, unknown> | null) ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Database fields from a spec; fields left out of a PUT go back to their defaults, as a full replace should. */
export function workloadToData(spec: WorkloadSpec) {
  return {
    name: spec.name,
    kind: toDbEnum<WorkloadRow['kind']>(spec.kind),
    description: spec.description ?? null,
    target: spec.target as Prisma.InputJsonObject,
    zone: spec.zone,
    labels: spec.labels ?? {},
    replicasOn: spec.replicasOn ?? 1,
    replicasOff: spec.replicasOff ?? 0,
    vcpu: spec.vcpu ?? 1,
    memoryGb: spec.memoryGb ?? 1,
    energySource: spec.energySource ? (spec.energySource as Prisma.InputJsonObject) : Prisma.DbNull,
  };
}
