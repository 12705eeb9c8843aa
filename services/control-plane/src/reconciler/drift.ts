// Drift: a workload no longer as its newest decision left it, with no decision of ours under way (a
// process that crashed, a new workload never started). Putting it back goes through a Decision like any
// other switch, so the reason and what was observed are stored and the usual lease/retry path acts on it.
import type { Prisma, PrismaClient } from '../db';
import type { Actuator, Observation } from '../actuators';
import { fromDbEnum, toDbEnum } from '../workloads';
import { alreadyAsDesired } from './as-desired';

/** After a decision failed, how long before drift of the same workload is acted on again. */
export const DRIFT_RETRY_AFTER_MS = 5 * 60_000;

export interface DriftResult {
  observed: number;
  restored: number;
}

const describe = (o: Observation) =>
  `${o.state}${o.replicas !== null && o.state !== 'off' ? ` (${o.replicas} replicas)` : ''}`;

export async function restoreDrift(
  prisma: PrismaClient,
  actuators: ReadonlyMap<string, Actuator>,
  now: Date,
): Promise<DriftResult> {
  const kinds = [...actuators].filter(([, a]) => a.restoresDrift).map(([k]) => k);
  const result: DriftResult = { observed: 0, restored: 0 };
  if (kinds.length === 0) return result;
  const open = ['pending', 'in_progress'] as const;
  const workloads = await prisma.workload.findMany({
    where: {
      kind: { in: kinds.map((k) => toDbEnum<Prisma.WorkloadCreateInput['kind']>(k)) },
      decisions: { none: { dryRun: false, actuationStatus: { in: [...open] } } },
    },
    include: {
      state: true,
      decisions: { where: { dryRun: false }, orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }], take: 1 },
    },
  });
  for (const w of workloads) {
    const last = w.decisions[0];
    if (last?.actuationStatus === 'failed' && now.getTime() - last.decidedAt.getTime() < DRIFT_RETRY_AFTER_MS)
      continue;
    const kind = fromDbEnum(w.kind);
    const actuator = actuators.get(kind)!;
    const desired = last
      ? { state: last.toState, replicas: last.toReplicas, by: `decision of ${last.decidedAt.toISOString()}` }
      : { state: 'on' as const, replicas: w.replicasOn, by: 'the default for a workload never decided' };
    let observed: Observation;
    try {
      observed = await actuator.observe({
        id: w.id,
        name: w.name,
        kind,
        target: w.target,
        replicasOn: w.replicasOn,
        replicasOff: w.replicasOff,
        rememberedReplicas: w.state?.rememberedReplicas ?? null,
      });
    } catch {
      continue; // observing failed: the next round looks again; acting blind could make it worse
    }
    result.observed++;
    if (alreadyAsDesired(observed, desired.state, desired.replicas)) {
      if (w.state && w.state.observedState !== observed.state)
        await prisma.workloadState.update({
          where: { workloadId: w.id },
          data: { observedState: observed.state, observedReplicas: observed.replicas, observedAt: now },
        });
      continue;
    }
    const note = observed.note ? `; ${observed.note}` : '';
    const reason = `${desired.state}: drift — observed ${describe(observed)}${note}, desired ${desired.state} by ${desired.by}`;
    const observedNow = {
      observedState: observed.state,
      observedReplicas: observed.replicas,
      observedAt: now,
    };
    // A tick may have decided meanwhile: then its decision stands and this drift is not acted on. The
    // serializable transaction makes the check and the insert one step against a concurrent tick.
    const wrote = await prisma
      .$transaction(
        async (tx) => {
          const newest = await tx.decision.findFirst({
            where: { workloadId: w.id, dryRun: false },
            orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
            select: { id: true },
          });
          if ((newest?.id ?? null) !== (last?.id ?? null)) return false;
          await tx.decision.create({
            data: {
              workloadId: w.id,
              decidedAt: now,
              fromState: observed.state,
              fromReplicas: observed.replicas,
              toState: desired.state,
              toReplicas: desired.replicas,
              reason,
              policyId: last?.policyId ?? null,
              policyName: last?.policyName ?? null,
              overrideId: last?.overrideId ?? null,
              signals: {
                drift: {
                  observed: observed.state,
                  observedReplicas: observed.replicas,
                  note: observed.note ?? null,
                },
              },
              actuationStatus: 'pending',
            },
          });
          await tx.workloadState.upsert({
            where: { workloadId: w.id },
            create: {
              workloadId: w.id,
              desiredState: desired.state,
              desiredReplicas: desired.replicas,
              ...observedNow,
            },
            update: observedNow,
          });
          return true;
        },
        { isolationLevel: 'Serializable' },
      )
      .catch(() => false); // a serialization failure: the next round looks again
    if (!wrote) continue;
    result.restored++;
  }
  return result;
}
