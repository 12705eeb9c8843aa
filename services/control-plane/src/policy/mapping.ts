import type { Policy as PolicyRow, Prisma } from '../db';
import type { ErrorDetail } from '../api/errors';
import { parseSelector, SelectorError } from '../labels';
import { fromDbEnum, labelProblems, toDbEnum } from '../workloads';
import type { Policy, PolicySpec } from './schemas';
import type { PolicyTypeName } from './spec-schemas';
import type { DecidePolicy } from './types';
import { policySpecProblems } from './validate-spec';

export function policyToApi(row: PolicyRow): Policy {
  return {
    id: row.id,
    name: row.name,
    type: fromDbEnum(row.type),
    description: row.description,
    spec: row.spec as Record<string, unknown>,
    selector: row.selector,
    labels: row.labels as Record<string, string>,
    priority: row.priority,
    enabled: row.enabled,
    dryRun: row.dryRun,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function policyToData(spec: PolicySpec) {
  return {
    name: spec.name,
    type: toDbEnum<PolicyRow['type']>(spec.type),
    description: spec.description ?? null,
    spec: spec.spec as Prisma.InputJsonObject,
    selector: spec.selector?.trim() ?? '',
    labels: spec.labels ?? {},
    priority: spec.priority ?? 0,
    enabled: spec.enabled ?? true,
    dryRun: spec.dryRun ?? false,
  };
}

export function policyProblems(spec: PolicySpec): ErrorDetail[] {
  const details = [...policySpecProblems(spec.type, spec.spec), ...labelProblems(spec.labels)];
  try {
    parseSelector(spec.selector ?? '');
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    details.push({ field: 'selector', problem: err.message });
  }
  return details;
}

/** A stored policy as decide() takes it. */
export function policyRowToDecide(p: PolicyRow): DecidePolicy {
  return {
    id: p.id,
    name: p.name,
    type: fromDbEnum(p.type) as PolicyTypeName,
    spec: p.spec,
    selector: p.selector,
    priority: p.priority,
    enabled: p.enabled,
    dryRun: p.dryRun,
  };
}
