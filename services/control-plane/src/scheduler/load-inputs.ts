import type { PrismaClient } from '../db';
import type { DecideOverride, DecidePolicy, DecideWorkload, PowerStateName } from '../policy/types';
import { policyRowToDecide } from '../policy/mapping';

/** Everything one tick decides from, read in a handful of queries whatever the number of workloads. */
export interface TickInputs {
  workloads: DecideWorkload[];
  policies: DecidePolicy[];
  overridesByWorkload: Map<string, DecideOverride[]>;
  zones: Set<string>;
  /** The newest decision per workload when it was a dry run, so an unchanged dry run is not logged every tick. */
  lastDryRun: Map<string, { toState: PowerStateName; toReplicas: number }>;
  /** The policy behind each workload's current state: what its avoided amounts are credited to. */
  statePolicy: Map<string, string | null>;
  /** Sizes the energy model needs, by workload id. */
  sizes: Map<string, { vcpu: number; memoryGb: number }>;
}

interface LastDecision {
  workloadId: string;
  toState: PowerStateName;
  toReplicas: number;
  decidedAt: Date;
  dryRun: boolean;
  policyId: string | null;
}

export async function loadTickInputs(prisma: PrismaClient, now: Date): Promise<TickInputs> {
  const [workloads, policies, overrides, last] = await Promise.all([
    prisma.workload.findMany({ orderBy: { name: 'asc' } }),
    prisma.policy.findMany({ where: { enabled: true } }),
    prisma.override.findMany({ where: { cancelledAt: null, startsAt: { lte: now }, until: { gt: now } } }),
    // The newest acted-on decision per workload is its current intended state; dry runs change nothing.
    prisma.$queryRaw<LastDecision[]>`
      SELECT DISTINCT ON ("workloadId", "dryRun") "workloadId", "toState"::text AS "toState", "toReplicas",
             "decidedAt", "dryRun", "policyId"::text AS "policyId"
      FROM "Decision" ORDER BY "workloadId", "dryRun", "decidedAt" DESC, "id" DESC`,
  ]);
  const lastByWorkload = new Map(last.filter((d) => !d.dryRun).map((d) => [d.workloadId, d]));
  const lastDryRun = new Map(
    last
      .filter((d) => d.dryRun && d.decidedAt >= (lastByWorkload.get(d.workloadId)?.decidedAt ?? new Date(0)))
      .map((d) => [d.workloadId, { toState: d.toState, toReplicas: d.toReplicas }]),
  );
  const overridesByWorkload = new Map<string, DecideOverride[]>();
  for (const o of overrides) {
    const list = overridesByWorkload.get(o.workloadId) ?? [];
    list.push({
      id: o.id,
      state: o.state,
      replicas: o.replicas,
      startsAt: o.startsAt,
      until: o.until,
      createdBy: o.createdBy,
      reason: o.reason,
    });
    overridesByWorkload.set(o.workloadId, list);
  }
  return {
    workloads: workloads.map((w) => {
      const d = lastByWorkload.get(w.id);
      return {
        id: w.id,
        name: w.name,
        labels: w.labels as Record<string, string>,
        zone: w.zone,
        replicasOn: w.replicasOn,
        replicasOff: w.replicasOff,
        createdAt: w.createdAt,
        // Never decided yet: it is running as it was registered.
        state: d
          ? { current: d.toState, replicas: d.toReplicas, since: d.decidedAt }
          : { current: 'on' as const, replicas: w.replicasOn, since: w.createdAt },
      };
    }),
    policies: policies.map(policyRowToDecide),
    overridesByWorkload,
    zones: new Set(workloads.map((w) => w.zone)),
    lastDryRun,
    statePolicy: new Map([...lastByWorkload.values()].map((d) => [d.workloadId, d.policyId])),
    sizes: new Map(workloads.map((w) => [w.id, { vcpu: w.vcpu, memoryGb: w.memoryGb }])),
  };
}
