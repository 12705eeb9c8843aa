import type { PrismaClient } from '../db';
import { ActuationError, type Actuator, type ActuatorWorkload, type Observation } from '../actuators';
import { fromDbEnum } from '../workloads';
import { alreadyAsDesired } from './as-desired';
import { restoreDrift } from './drift';

export interface ReconcilerOptions {
  prisma: PrismaClient;
  actuators: Actuator[];
  /** Workloads acted on at once, at most. */
  concurrency?: number;
  /** Consecutive failures after which a workload is marked degraded. */
  degradedAfter?: number;
  /** Attempts at one decision before it is given up as failed. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * How long an in-progress actuation is ours without renewal: renewed every third of it while acting, so
   * only a crashed (or cut-off) control plane lets it run out, and another round takes the decision over.
   */
  leaseMs?: number;
  random?: () => number;
}

export interface ReconcileResult {
  considered: number;
  succeeded: number;
  failed: number;
  retrying: number;
  superseded: number;
  /** Workloads found drifted from their desired state; each got a decision putting it back. */
  drifted: number;
}

interface Work {
  decisionId: string;
  attempts: number;
  toState: 'on' | 'off';
  toReplicas: number;
  workload: ActuatorWorkload;
}

/**
 * Drives workloads to the state their newest decision asks for. Intent is written before acting (the
 * decision goes in_progress under a lease) and the result after, so a control plane killed mid-switch
 * leaves a decision another round takes over once the lease runs out. Acting is idempotent: a workload
 * already as desired is only observed. Failures back off exponentially with jitter; a workload that keeps
 * failing is marked degraded with its error.
 */
export class Reconciler {
  private readonly byKind = new Map<string, Actuator>();

  constructor(private readonly options: ReconcilerOptions) {
    for (const a of options.actuators) for (const kind of a.kinds) this.byKind.set(kind, a);
  }

  async reconcileOnce(now: Date): Promise<ReconcileResult> {
    const { prisma } = this.options;
    const result: ReconcileResult = {
      considered: 0,
      succeeded: 0,
      failed: 0,
      retrying: 0,
      superseded: 0,
      drifted: 0,
    };
    // Only the newest decision of a workload counts; older unfinished ones are superseded.
    const superseded = await prisma.$executeRaw`
      UPDATE "Decision" d SET "actuationStatus" = 'skipped', "error" = 'superseded by a newer decision'
      WHERE d."actuationStatus" IN ('pending', 'in_progress') AND EXISTS (
        SELECT 1 FROM "Decision" n WHERE n."workloadId" = d."workloadId" AND NOT n."dryRun"
          AND (n."decidedAt", n."id") > (d."decidedAt", d."id"))`;
    result.superseded = Number(superseded);
    result.drifted = (await restoreDrift(prisma, this.byKind, now)).restored;
    const due = await prisma.decision.findMany({
      where: {
        dryRun: false,
        actuationStatus: { in: ['pending', 'in_progress'] },
        OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
      },
      include: { workload: { include: { state: { select: { rememberedReplicas: true } } } } },
      orderBy: { decidedAt: 'asc' },
    });
    const work: Work[] = due.map((d) => ({
      decisionId: d.id,
      attempts: d.attempts,
      toState: d.toState,
      toReplicas: d.toReplicas,
      workload: {
        id: d.workload.id,
        name: d.workload.name,
        kind: fromDbEnum(d.workload.kind),
        target: d.workload.target,
        replicasOn: d.workload.replicasOn,
        replicasOff: d.workload.replicasOff,
        rememberedReplicas: d.workload.state?.rememberedReplicas ?? null,
      },
    }));
    result.considered = work.length;
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const item = work[next++]!;
        const outcome = await this.actOn(item, now);
        result[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, work.length) }, worker));
    return result;
  }

  private async actOn(item: Work, now: Date): Promise<'succeeded' | 'failed' | 'retrying'> {
    const { prisma } = this.options;
    const attempt = item.attempts + 1;
    // Intent first: taken, under a lease, before anything is touched.
    const taken = await prisma.decision.updateMany({
      where: {
        id: item.decisionId,
        actuationStatus: { in: ['pending', 'in_progress'] },
        attempts: item.attempts,
      },
      data: {
        actuationStatus: 'in_progress',
        attempts: attempt,
        nextAttemptAt: new Date(now.getTime() + this.leaseMs),
      },
    });
    if (taken.count === 0) return 'retrying'; // another round took it meanwhile
    const renew = this.renewLease(item.decisionId, attempt, now);
    try {
      return await this.act(item, attempt, now);
    } finally {
      clearInterval(renew);
    }
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  /** Keeps the lease of a decision being acted on; only our own attempt's row is touched. */
  private renewLease(decisionId: string, attempt: number, now: Date): NodeJS.Timeout {
    // On the round's clock (tests pass their own `now`), advanced by the real time spent acting.
    const started = Date.now();
    const timer = setInterval(() => {
      this.options.prisma.decision
        .updateMany({
          where: { id: decisionId, actuationStatus: 'in_progress', attempts: attempt },
          data: { nextAttemptAt: new Date(now.getTime() + (Date.now() - started) + this.leaseMs) },
        })
        .catch(() => undefined); // a missed renewal only shortens the lease
    }, this.leaseMs / 3);
    timer.unref();
    return timer;
  }

  private async act(item: Work, attempt: number, now: Date): Promise<'succeeded' | 'failed' | 'retrying'> {
    const { prisma } = this.options;
    const actuator = this.byKind.get(item.workload.kind);
    try {
      if (!actuator) {
        throw new ActuationError(
          'unsupported',
          `no actuator for workload kind ${item.workload.kind} in this control plane`,
          false,
        );
      }
      let observed = await actuator.observe(item.workload);
      const before = observed;
      if (!alreadyAsDesired(observed, item.toState, item.toReplicas)) {
        observed = await actuator.apply(item.workload, {
          state: item.toState,
          replicas: item.toReplicas,
          decisionId: item.decisionId,
        });
      }
      await prisma.$transaction([
        prisma.decision.update({
          where: { id: item.decisionId },
          data: {
            actuationStatus: 'succeeded',
            actuatedAt: new Date(),
            nextAttemptAt: null,
            error: observed.note ?? null,
          },
        }),
        prisma.workloadState.upsert({
          where: { workloadId: item.workload.id },
          create: { workloadId: item.workload.id, ...this.observedData(observed, before, item) },
          update: this.observedData(observed, before, item),
        }),
      ]);
      return 'succeeded';
    } catch (err) {
      const error =
        err instanceof ActuationError ? err : new ActuationError('internal', (err as Error).message, true);
      const giveUp = !error.retryable || attempt >= (this.options.maxAttempts ?? 10);
      const state = await prisma.workloadState.upsert({
        where: { workloadId: item.workload.id },
        create: { workloadId: item.workload.id, consecutiveFailures: 1, lastError: error.message },
        update: { consecutiveFailures: { increment: 1 }, lastError: error.message },
      });
      if (state.consecutiveFailures >= (this.options.degradedAfter ?? 3)) {
        await prisma.workloadState.update({
          where: { workloadId: item.workload.id },
          data: { health: 'degraded' },
        });
      }
      await prisma.decision.update({
        where: { id: item.decisionId },
        data: {
          actuationStatus: giveUp ? 'failed' : 'pending',
          error: `${error.code}: ${error.message}`,
          nextAttemptAt: giveUp ? null : new Date(now.getTime() + this.backoff(attempt)),
        },
      });
      return giveUp ? 'failed' : 'retrying';
    }
  }

  private observedData(observed: Observation, before: Observation, item: Work) {
    return {
      observedState: observed.state,
      observedReplicas: observed.replicas,
      observedAt: new Date(),
      health: 'ok' as const,
      consecutiveFailures: 0,
      lastError: null,
      // Switching off remembers how many ran, so waking restores exactly that.
      ...(item.toState === 'off' && before.replicas ? { rememberedReplicas: before.replicas } : {}),
    };
  }

  /** Exponential back-off with full jitter over its upper half. */
  private backoff(attempt: number): number {
    const base = this.options.baseBackoffMs ?? 1000;
    const cap = Math.min(this.options.maxBackoffMs ?? 300_000, base * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (this.options.random ?? Math.random)() * (cap / 2));
  }
}
