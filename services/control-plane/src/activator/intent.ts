// The activator's side of a wake, written as the scheduler writes its own decisions: demand first (so the
// idle policy sees the requests that caused it), then a pending Decision and the desired state, all in one
// transaction. Anything that keeps the workload off on purpose wins over a request: an active override to
// off, a policy of higher precedence than idle that switched it off, an idle policy in dry run.
import type { Prisma, PrismaClient } from '../db';
import { compilePolicies, policyRowToDecide, type DecidePolicy } from '../policy';
import { fromDbEnum } from '../workloads';
import { recordDemand, type DemandRow } from './demand';

export type WakeRefusal = 'PinnedOff' | 'KeptOff' | 'DryRun';

export type WakeIntent =
  /** Observed running after all (the activator's view was behind). */
  | { kind: 'awake' }
  /** A decision to switch it on is pending: ours, or one already there (never a second one). */
  | { kind: 'waiting'; decisionId: string; adopted: boolean }
  | { kind: 'refused'; code: WakeRefusal; message: string; retryAfterSeconds: number };

export interface WakeIntentInput {
  workloadId: string;
  name: string;
  /** Requests held when the wake started. */
  queued: number;
  firstRequestAt: Date;
  /** Demand counted for the workload so far, written in the same transaction. */
  demand: readonly DemandRow[];
  now: Date;
}

/** Namespace of the activator's transaction-scoped advisory locks (two-int form: never meets a bigint key). */
const LOCK_CLASS = 0x4c5357; // "LSW"
const MAX_RETRY_AFTER_SECONDS = 3600;
const KEPT_OFF_RETRY_SECONDS = 60;

const retryAfter = (untilMs: number, nowMs: number, fallback: number) =>
  untilMs > nowMs ? Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil((untilMs - nowMs) / 1000)) : fallback;

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Records the intent to wake a workload, or says why it must not be woken. Serialised per workload across
 * every control plane sharing the database, so concurrent activators adopt one decision instead of racing.
 */
export function writeWakeIntent(prisma: PrismaClient, input: WakeIntentInput): Promise<WakeIntent> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${input.workloadId}))`;
    // Demand is the idle policy's to judge whatever happens to this request.
    await recordDemand(tx, input.demand);
    return decideWake(tx, input);
  });
}

async function decideWake(tx: Prisma.TransactionClient, input: WakeIntentInput): Promise<WakeIntent> {
  const { workloadId, name, now } = input;
  const nowMs = now.getTime();
  const workload = await tx.workload.findUnique({
    where: { id: workloadId },
    select: { labels: true, replicasOn: true, state: true },
  });
  if (!workload) {
    return {
      kind: 'refused',
      code: 'KeptOff',
      message: `workload ${name} was deleted`,
      retryAfterSeconds: 60,
    };
  }
  const state = workload.state;
  if (state?.observedState === 'on' || state?.observedState === 'scaled') return { kind: 'awake' };

  // An override decides above everything else (decide(): the latest-starting active one).
  const override = await tx.override.findFirst({
    where: { workloadId, cancelledAt: null, startsAt: { lte: now }, until: { gt: now } },
    orderBy: [{ startsAt: 'desc' }, { createdAt: 'desc' }],
  });
  if (override?.state === 'off') {
    return {
      kind: 'refused',
      code: 'PinnedOff',
      message:
        `workload ${name} is pinned off by a manual override by ${override.createdBy} until ` +
        `${override.until.toISOString()}: ${override.reason}`,
      retryAfterSeconds: retryAfter(override.until.getTime(), nowMs, 1),
    };
  }

  const last = await tx.decision.findFirst({
    where: { workloadId, dryRun: false },
    orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
    include: { policy: { select: { type: true, enabled: true } } },
  });
  if (
    last?.toState === 'on' &&
    (last.actuationStatus === 'pending' || last.actuationStatus === 'in_progress')
  ) {
    return { kind: 'waiting', decisionId: last.id, adopted: true };
  }
  if (!override && last?.toState === 'off' && last.policy?.enabled && last.policy.type !== 'idle') {
    const type = fromDbEnum(last.policy.type);
    return {
      kind: 'refused',
      code: 'KeptOff',
      message: `workload ${name} is kept off by ${type} policy ${last.policyName ?? last.policyId}: ${last.reason}`,
      retryAfterSeconds: retryAfter(last.until?.getTime() ?? 0, nowMs, KEPT_OFF_RETRY_SECONDS),
    };
  }

  const idle = await governingIdlePolicy(tx, (workload.labels ?? {}) as Record<string, string>);
  const reason = `on: wake on request: ${plural(input.queued, 'request')} waiting at the activator`;
  const demandRequests = input.demand.reduce((sum, r) => sum + r.requests, 0);
  const signals = {
    activator: { queued: input.queued, firstRequestAt: input.firstRequestAt.toISOString() },
    demand: { source: 'activator', requests: demandRequests },
  };
  const decision = {
    workloadId,
    decidedAt: now,
    fromState: state?.observedState ?? 'unknown',
    toState: 'on' as const,
    fromReplicas: state?.observedReplicas ?? null,
    toReplicas: workload.replicasOn,
    reason,
    policyId: idle?.id ?? null,
    policyName: idle?.name ?? null,
    signals,
  };

  if (idle?.dryRun && !override) {
    // As the tick does: a dry run is logged once, not on every request while it stays the same.
    const newest = await tx.decision.findFirst({
      where: { workloadId },
      orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
      select: { dryRun: true, toState: true },
    });
    if (!(newest?.dryRun && newest.toState === 'on')) {
      await tx.decision.create({ data: { ...decision, dryRun: true, actuationStatus: 'dry_run' } });
    }
    return {
      kind: 'refused',
      code: 'DryRun',
      message: `workload ${name} stays off: idle policy ${idle.name} is in dry run, so a request does not wake it`,
      retryAfterSeconds: KEPT_OFF_RETRY_SECONDS,
    };
  }

  const created = await tx.decision.create({
    data: { ...decision, dryRun: false, actuationStatus: 'pending' },
    select: { id: true },
  });
  const desired = { desiredState: 'on' as const, desiredReplicas: workload.replicasOn };
  await tx.workloadState.upsert({
    where: { workloadId },
    create: { workloadId, ...desired },
    update: desired,
  });
  return { kind: 'waiting', decisionId: created.id, adopted: false };
}

/** The idle policy that decides for these labels (precedence order), if any. */
async function governingIdlePolicy(
  tx: Prisma.TransactionClient,
  labels: Record<string, string>,
): Promise<DecidePolicy | undefined> {
  const rows = await tx.policy.findMany({ where: { enabled: true, type: 'idle' } });
  if (rows.length === 0) return undefined;
  const compiled = compilePolicies(rows.map(policyRowToDecide));
  return compiled.policies.find((c) => c.selects(labels))?.policy;
}
