import { Value } from '@sinclair/typebox/value';
import type { PrismaClient } from '../db';
import { PolicySpec, policyProblems, policyToData } from '../policy';
import { WorkloadSpec, workloadProblems, workloadToData } from '../workloads';
import { demoPolicies, demoWorkloads } from './demo-set';

/**
 * Seeds the demo set into a database that has neither workloads nor policies (a first start); anything an
 * operator created means it is not a first start, and nothing is added. Returns the workloads seeded.
 */
export async function seedDemo(prisma: PrismaClient, portBase?: number, dataDir?: string): Promise<string[]> {
  const workloads = demoWorkloads(portBase, dataDir);
  const policies = demoPolicies();
  // The demo goes through the API's own checks, so it can never seed what the API would refuse.
  for (const w of workloads) {
    const problems = [...Value.Errors(WorkloadSpec, w)].map((e) => `${e.path} ${e.message}`);
    problems.push(...workloadProblems(w).map((p) => `${p.field} ${p.problem}`));
    if (problems.length) throw new Error(`demo workload ${w.name}: ${problems.join('; ')}`);
  }
  for (const p of policies) {
    const problems = [...Value.Errors(PolicySpec, p)].map((e) => `${e.path} ${e.message}`);
    problems.push(...policyProblems(p).map((e) => `${e.field} ${e.problem}`));
    if (problems.length) throw new Error(`demo policy ${p.name}: ${problems.join('; ')}`);
  }
  return prisma.$transaction(async (tx) => {
    if ((await tx.workload.count()) > 0 || (await tx.policy.count()) > 0) return [];
    for (const w of workloads) await tx.workload.create({ data: workloadToData(w) });
    for (const p of policies) await tx.policy.create({ data: policyToData(p) });
    return workloads.map((w) => w.name);
  });
}
