import type { ErrorDetail } from '../api/errors';
import { labelKeyProblem, labelValueProblem } from '../labels';
import { schemaProblems } from '../validation';
import { EnergySource, TARGET_SCHEMAS } from './kinds';
import type { WorkloadSpec } from './schemas';

/** Label rules shared by every labelled resource. */
export function labelProblems(labels: Record<string, string> | undefined, field = 'labels'): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) details.push({ field: `${field}.${key}`, problem });
  }
  return details;
}

/** Checks what the body schema cannot: the target's shape for the kind, label syntax, replica sense. */
export function workloadProblems(spec: WorkloadSpec): ErrorDetail[] {
  const details = [
    ...schemaProblems(TARGET_SCHEMAS[spec.kind], spec.target, 'target'),
    ...labelProblems(spec.labels),
  ];
  if (spec.energySource) details.push(...schemaProblems(EnergySource, spec.energySource, 'energySource'));
  const on = spec.replicasOn ?? 1;
  const off = spec.replicasOff ?? 0;
  if (off > on) {
    details.push({ field: 'replicasOff', problem: `must not exceed replicasOn (${on})` });
  }
  return details;
}
