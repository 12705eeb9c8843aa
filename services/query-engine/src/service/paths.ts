// A plan names the files it scans. The service resolves them against its data directory and refuses any
// that would lead outside it, so a client can query the data it was given and nothing else on the host.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { PlanNode } from '../plan/logical.ts';

export class PathRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PathRefused';
  }
}

function inside(dataDir: string, path: string, field: string): string {
  if (isAbsolute(path))
    throw new PathRefused(field, `"${path}" must be relative to the service's data directory`);
  const full = resolve(dataDir, path);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new PathRefused(field, `"${path}" does not exist in the service's data directory`);
  }
  const rel = relative(realpathSync(dataDir), real);
  if (rel === '' || rel.startsWith('..') || rel.split(sep)[0] === '..' || isAbsolute(rel))
    throw new PathRefused(field, `"${path}" is outside the service's data directory`);
  return real;
}

/** A copy of the plan with every scan path resolved inside dataDir; throws PathRefused otherwise. */
export function confinePlan(plan: PlanNode, dataDir: string, field = 'plan.plan'): PlanNode {
  if (plan.op === 'scanCsv') return { ...plan, path: inside(dataDir, plan.path, `${field}.path`) };
  if (plan.op === 'memory') return plan;
  return { ...plan, input: confinePlan(plan.input, dataDir, `${field}.input`) };
}

export function confinePath(path: string, dataDir: string, field: string): string {
  return inside(dataDir, path, field);
}
