import type { PrismaClient } from '../db';
import {
  recordUsage,
  runningReplicas,
  usageForInterval,
  type EnergySettings,
  type UsageRecordInput,
} from '../energy';
import type { ControlLoopMetrics } from '../metrics/control-loop';
import { compilePolicies, decide } from '../policy';
import type { DecideWorkload, DecisionOutcome } from '../policy/types';
import type { CarbonSignal, DemandSignal } from '../signals/types';
import { loadTickInputs } from './load-inputs';

/** Where a tick gets its signals; the signal service implements it. */
export interface SignalSource {
  /** Fetch what is due for a zone (providers, rate limits and caching are the source's business). */
  refresh?(zone: string, now: Date): Promise<void>;
  carbonSignal(zone: string, now: Date): Promise<CarbonSignal>;
  demandSignal(workloadId: string, now: Date, windowMinutes: number): Promise<DemandSignal>;
}

export interface TickDeps {
  prisma: PrismaClient;
  signals: SignalSource;
  energy: EnergySettings;
  metrics?: ControlLoopMetrics;
}

export interface TickResult {
  at: Date;
  workloads: number;
  /** Decisions written: the workloads whose desired state changed (or whose dry run said something new). */
  changed: number;
  /** Usage records written for the interval since the previous tick. */
  usageRecords: number;
  durationMs: number;
}

const NO_DEMAND: DemandSignal = { status: 'missing', samples: [] };

/**
 * One decision round: read every input, decide every workload, and persist a Decision (and the desired
 * state) only where the outcome differs from what was last decided; the reconciler acts on those. Then
 * account for the interval since the previous tick: what each workload used, and what being off avoided.
 */
export async function runTick(deps: TickDeps, now: Date, previous?: Date): Promise<TickResult> {
  const started = performance.now();
  const inputs = await loadTickInputs(deps.prisma, now);
  const policies = compilePolicies(inputs.policies);

  const carbon = new Map<string, CarbonSignal>();
  for (const zone of inputs.zones) {
    // A provider failing must not stop the tick: the signal then reads stale or missing, and decide() says so.
    await deps.signals.refresh?.(zone, now).catch(() => undefined);
    const signal = await deps.signals.carbonSignal(zone, now);
    deps.metrics?.recordCarbon(signal);
    carbon.set(zone, signal);
  }
  const idleMinutes = Math.max(
    0,
    ...inputs.policies
      .filter((p) => p.type === 'idle')
      .map((p) => Number((p.spec as { idleMinutes?: number }).idleMinutes ?? 0)),
  );

  const decisions: { workload: DecideWorkload; outcome: DecisionOutcome }[] = [];
  const usage: UsageRecordInput[] = [];
  for (const workload of inputs.workloads) {
    const signal = carbon.get(workload.zone)!;
    if (previous && previous < now)
      usage.push(usageSince(deps.energy, inputs, workload, signal, previous, now));
    const demand =
      idleMinutes > 0 ? await deps.signals.demandSignal(workload.id, now, idleMinutes) : NO_DEMAND;
    const outcome = decide(
      workload,
      policies,
      inputs.overridesByWorkload.get(workload.id) ?? [],
      { carbon: signal, demand },
      now,
    );
    if (outcome.desired === workload.state.current && outcome.replicas === workload.state.replicas) continue;
    const dry = inputs.lastDryRun.get(workload.id);
    if (outcome.dryRun && dry?.toState === outcome.desired && dry.toReplicas === outcome.replicas) continue;
    decisions.push({ workload, outcome });
  }

  if (decisions.length > 0) {
    await deps.prisma.$transaction(async (tx) => {
      await tx.decision.createMany({
        data: decisions.map(({ workload, outcome }) => ({
          workloadId: workload.id,
          decidedAt: now,
          fromState: workload.state.current,
          toState: outcome.desired,
          fromReplicas: workload.state.replicas,
          toReplicas: outcome.replicas,
          reason: outcome.reason,
          policyId: outcome.policy?.id ?? null,
          policyName: outcome.policy?.name ?? null,
          overrideId: outcome.overrideId ?? null,
          signals: outcome.signals as object,
          until: outcome.until,
          dryRun: outcome.dryRun,
          actuationStatus: outcome.dryRun ? ('dry_run' as const) : ('pending' as const),
        })),
      });
      for (const { workload, outcome } of decisions) {
        if (outcome.dryRun) continue;
        const desired = { desiredState: outcome.desired, desiredReplicas: outcome.replicas };
        await tx.workloadState.upsert({
          where: { workloadId: workload.id },
          create: { workloadId: workload.id, ...desired },
          update: desired,
        });
      }
    });
  }
  if (usage.length) await recordUsage(deps.prisma, usage);

  for (const { workload, outcome } of decisions) {
    const type = outcome.policy?.type ?? (outcome.overrideId ? 'override' : 'default');
    deps.metrics?.recordDecision(workload.name, outcome.desired, outcome.replicas, workload.replicasOn, type);
  }
  const result = {
    at: now,
    workloads: inputs.workloads.length,
    changed: decisions.length,
    usageRecords: usage.length,
    durationMs: performance.now() - started,
  };
  deps.metrics?.recordTick(result);
  return result;
}

/** [previous, now) as the workload spent it: in the state last decided, at the zone's current intensity. */
function usageSince(
  energy: EnergySettings,
  inputs: Awaited<ReturnType<typeof loadTickInputs>>,
  workload: DecideWorkload,
  signal: CarbonSignal,
  previous: Date,
  now: Date,
): UsageRecordInput {
  const size = inputs.sizes.get(workload.id)!;
  const replicas = runningReplicas(workload.state.current, workload.state.replicas, workload.replicasOff);
  return usageForInterval(
    {
      workload: {
        id: workload.id,
        zone: workload.zone,
        vcpu: size.vcpu,
        memoryGb: size.memoryGb,
        replicasOn: workload.replicasOn,
      },
      state: workload.state.current,
      replicas,
      intervalStart: previous,
      intervalEnd: now,
      // Stale or missing: carbon is left unknown rather than guessed.
      intensityGPerKwh: signal.status === 'fresh' ? (signal.current?.intensityGPerKwh ?? null) : null,
      policyId: inputs.statePolicy.get(workload.id) ?? null,
    },
    energy,
  );
}
