// Holding requests for a sleeping workload and waking it: per workload one bounded queue and at most one
// wake at a time, whatever the number of requests. The wake itself is the control plane's ordinary path
// (a Decision the reconciler acts on through the workload's actuator); the activator only records the intent,
// asks the reconciler to run now when it may, and watches the decision until the workload is observed on.
import type { PrismaClient } from '../db';
import type { DemandCounter } from './demand';
import { writeWakeIntent, type WakeRefusal } from './intent';
import { acceptsConnections } from './reachable';
import type { ActivatorMetrics, WakeOutcome } from './metrics';
import type { ActivatorWorkload } from './view';

export type RefusalCode = WakeRefusal | 'QueueFull' | 'WakeTimeout' | 'WakeFailed' | 'ShuttingDown';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  retryAfterSeconds: number;
}

export type Release = { ok: true } | Refusal;

export type HoldResult =
  { queued: true; released: Promise<Release>; cancel(): void } | { queued: false; refusal: Refusal };

export interface ActivatorLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WakerOptions {
  prisma: PrismaClient;
  demand: DemandCounter;
  metrics: ActivatorMetrics;
  log: ActivatorLog;
  queueLimit: number;
  wakeTimeoutMs: number;
  /** How often a wake in progress reads its decision (default 25 ms); reconcileNow finishing also triggers a read. */
  pollMs?: number;
  /** Runs a reconcile round now (the leader's ReconcileLoop.runNow); without it the leader's own loop acts. */
  reconcileNow?: () => Promise<unknown>;
  /** The workload was seen on: let requests through from now on. */
  onAwake(workloadId: string): void;
}

/** Retry-After (seconds) when the queue is full: the wake is under way. */
const QUEUE_FULL_RETRY_SECONDS = 1;
/** Retry-After (seconds) after a timeout: the wake may still be under way. */
const TIMEOUT_RETRY_SECONDS = 5;
/** After a failed wake, further requests are refused this long rather than each starting another. */
const FAILED_COOLDOWN_SECONDS = 5;
/** A refusal (override, policy, dry run) is remembered this long, so a flood costs one check per second. */
const REFUSAL_MEMORY_MS = 1000;

interface Held {
  arrivedMs: number;
  timer: NodeJS.Timeout;
  settle(release: Release): void;
}

interface WorkloadWake {
  workload: ActivatorWorkload;
  held: Set<Held>;
  running: Promise<void> | undefined;
  /** What the wake is doing, for the message of a request that times out. */
  progress: string;
  cooldown: { untilMs: number; refusal: Refusal } | undefined;
  /** Interrupts the wait between two reads of the decision. */
  poke: (() => void) | undefined;
}

type Followed = { kind: 'succeeded' } | { kind: 'failed'; error: string } | { kind: 'abandoned' };

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export class Waker {
  private readonly wakes = new Map<string, WorkloadWake>();
  private closed = false;
  private readonly pollMs: number;

  constructor(private readonly options: WakerOptions) {
    this.pollMs = options.pollMs ?? 25;
  }

  /** Holds a request for a sleeping workload until it is woken, or refuses it at once. */
  hold(workload: ActivatorWorkload): HoldResult {
    if (this.closed) return { queued: false, refusal: this.shuttingDown(workload) };
    let w = this.wakes.get(workload.id);
    if (!w) {
      w = {
        workload,
        held: new Set(),
        running: undefined,
        progress: '',
        cooldown: undefined,
        poke: undefined,
      };
      this.wakes.set(workload.id, w);
    }
    w.workload = workload;
    const now = Date.now();
    if (w.cooldown && !w.running) {
      if (w.cooldown.untilMs > now) {
        return { queued: false, refusal: w.cooldown.refusal };
      }
      w.cooldown = undefined;
    }
    if (w.held.size >= this.options.queueLimit) {
      const refusal: Refusal = {
        ok: false,
        code: 'QueueFull',
        message:
          `workload ${workload.name} is waking and already holds ${plural(w.held.size, 'request')} ` +
          `(LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT)`,
        retryAfterSeconds: QUEUE_FULL_RETRY_SECONDS,
      };
      return { queued: false, refusal };
    }
    const wake = w;
    let settle!: (release: Release) => void;
    const released = new Promise<Release>((resolve) => (settle = resolve));
    const held: Held = {
      arrivedMs: now,
      settle,
      timer: setTimeout(() => {
        this.remove(wake, held, {
          ok: false,
          code: 'WakeTimeout',
          message:
            `workload ${workload.name} was not running within ${this.options.wakeTimeoutMs / 1000} s` +
            (wake.progress ? ` (${wake.progress})` : ''),
          retryAfterSeconds: TIMEOUT_RETRY_SECONDS,
        });
      }, this.options.wakeTimeoutMs),
    };
    w.held.add(held);
    this.options.metrics.queueLength(workload.name, w.held.size);
    this.ensureRunning(w);
    return { queued: true, released, cancel: () => this.remove(wake, held, this.gone(workload)) };
  }

  /** Refuses everything held and waits for the wakes in progress to stop watching. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.wakes.values()) {
      for (const held of [...w.held]) this.remove(w, held, this.shuttingDown(w.workload));
      w.poke?.();
    }
    await Promise.all([...this.wakes.values()].map((w) => w.running));
  }

  private ensureRunning(w: WorkloadWake): void {
    if (w.running || this.closed) return;
    w.running = this.run(w).finally(() => {
      w.running = undefined;
      w.poke = undefined;
      // Requests that arrived as the last wake ended start the next one.
      if (w.held.size > 0) this.ensureRunning(w);
    });
  }

  private async run(w: WorkloadWake): Promise<void> {
    const { prisma, demand, metrics, log } = this.options;
    const { workload } = w;
    const startedMs = Date.now();
    let firstMs = startedMs;
    for (const h of w.held) firstMs = Math.min(firstMs, h.arrivedMs);
    metrics.wakeStarted(workload.name);
    const end = (outcome: WakeOutcome) =>
      metrics.wakeEnded(workload.name, outcome, (Date.now() - firstMs) / 1000);
    const fail = (error: string, cooldownSeconds: number) => {
      const refusal: Refusal = {
        ok: false,
        code: 'WakeFailed',
        message: `workload ${workload.name} could not be woken: ${error}`,
        retryAfterSeconds: cooldownSeconds,
      };
      w.cooldown = { untilMs: Date.now() + cooldownSeconds * 1000, refusal };
      log.warn({ workload: workload.name, error }, 'activator: wake failed');
      end('failed');
      this.settleAll(w, refusal);
    };

    w.progress = 'recording the wake';
    const taken = demand.take(workload.id, startedMs);
    let intent;
    try {
      intent = await writeWakeIntent(prisma, {
        workloadId: workload.id,
        name: workload.name,
        queued: w.held.size,
        firstRequestAt: new Date(firstMs),
        demand: taken.rows,
        now: new Date(startedMs),
      });
    } catch (error) {
      // Nothing was written: the counts go out with the next window, and the next request tries again.
      demand.restore(taken);
      fail(`the wake could not be recorded (${(error as Error).message})`, 1);
      return;
    }

    if (intent.kind === 'refused') {
      const refusal: Refusal = {
        ok: false,
        code: intent.code,
        message: intent.message,
        retryAfterSeconds: intent.retryAfterSeconds,
      };
      w.cooldown = {
        untilMs: Date.now() + Math.min(REFUSAL_MEMORY_MS, intent.retryAfterSeconds * 1000),
        refusal,
      };
      log.info({ workload: workload.name, code: intent.code }, `activator: not waking: ${intent.message}`);
      end('refused');
      this.settleAll(w, refusal);
      return;
    }
    if (intent.kind === 'awake') {
      if (await this.untilReachable(w)) {
        this.awake(w);
        end('succeeded');
      } else end('abandoned');
      return;
    }
    log.info(
      { workload: workload.name, decision: intent.decisionId, adopted: intent.adopted, queued: w.held.size },
      intent.adopted ? 'activator: waiting for the pending wake decision' : 'activator: waking on request',
    );
    const outcome = await this.follow(w, intent.decisionId);
    if (outcome.kind === 'succeeded') {
      if (await this.untilReachable(w)) {
        this.awake(w);
        end('succeeded');
      } else end('abandoned');
    } else if (outcome.kind === 'failed') fail(outcome.error, FAILED_COOLDOWN_SECONDS);
    else end('abandoned');
  }

  /** Watches a wake decision until the workload is on, the decision failed, or nobody is waiting any more. */
  private async follow(w: WorkloadWake, decisionId: string): Promise<Followed> {
    const { reconcileNow, log } = this.options;
    let kicking = false;
    const kick = () => {
      if (!reconcileNow || kicking) return;
      kicking = true;
      reconcileNow()
        .catch((error: unknown) => log.warn({ err: error }, 'activator: reconcile round failed'))
        .finally(() => {
          kicking = false;
          w.poke?.();
        });
    };
    const watch = { decisionId, kick };
    kick();
    for (;;) {
      if (w.held.size === 0 || this.closed) return { kind: 'abandoned' };
      let step: Followed | 'again' | 'wait';
      try {
        step = await this.check(w, watch);
      } catch (error) {
        // A database hiccup must not fail the wake: the reconciler carries on; read again next time.
        log.warn({ err: error, workload: w.workload.name }, 'activator: could not read the wake decision');
        step = 'wait';
      }
      if (typeof step === 'object') return step;
      if (step === 'wait') await this.pause(w);
    }
  }

  /** One look at the decision being followed. */
  private async check(
    w: WorkloadWake,
    watch: { decisionId: string; kick: () => void },
  ): Promise<Followed | 'again' | 'wait'> {
    const { prisma } = this.options;
    const d = await prisma.decision.findUnique({
      where: { id: watch.decisionId },
      select: {
        actuationStatus: true,
        attempts: true,
        error: true,
        nextAttemptAt: true,
        workload: { select: { state: { select: { observedState: true } } } },
      },
    });
    if (!d)
      return {
        kind: 'failed',
        error: `its decision ${watch.decisionId} is gone (was the workload deleted?)`,
      };
    const observed = d.workload.state?.observedState;
    if (observed === 'on' || observed === 'scaled' || d.actuationStatus === 'succeeded')
      return { kind: 'succeeded' };
    if (d.actuationStatus === 'failed') return { kind: 'failed', error: d.error ?? 'the actuator failed' };
    if (d.actuationStatus === 'skipped') {
      // A newer decision took over (the scheduler's, or another activator's): follow it if it also says on.
      const newest = await prisma.decision.findFirst({
        where: { workloadId: w.workload.id, dryRun: false },
        orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
        select: { id: true, toState: true, reason: true },
      });
      if (!newest || newest.id === watch.decisionId || newest.toState !== 'on')
        return { kind: 'failed', error: `superseded by a newer decision: ${newest?.reason ?? d.error}` };
      watch.decisionId = newest.id;
      return 'again';
    }
    w.progress =
      `decision ${watch.decisionId} ${d.actuationStatus}, attempt ${d.attempts}` +
      (d.error ? `; last error: ${d.error}` : '');
    // Not taken by a round yet (or its retry is due): ask for one, unless one is running already.
    if (d.actuationStatus === 'pending' && (!d.nextAttemptAt || d.nextAttemptAt.getTime() <= Date.now()))
      watch.kick();
    return 'wait';
  }

  /** Waits until the upstream accepts connections; false when nobody is waiting any more. */
  private async untilReachable(w: WorkloadWake): Promise<boolean> {
    for (;;) {
      if (w.held.size === 0 || this.closed) return false;
      const result = await acceptsConnections(w.workload.upstream, 1000);
      if (result === true) return true;
      w.progress = `switched on, but its upstream does not accept connections yet (${result})`;
      await this.pause(w);
    }
  }

  /** Waits one poll interval, or less when poked (a reconcile round ended, the last request left). */
  private async pause(w: WorkloadWake): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.pollMs);
      w.poke = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    w.poke = undefined;
  }

  private awake(w: WorkloadWake): void {
    w.cooldown = undefined;
    this.options.onAwake(w.workload.id);
    this.settleAll(w, { ok: true });
  }

  private settleAll(w: WorkloadWake, release: Release): void {
    for (const held of [...w.held]) this.remove(w, held, release);
  }

  private remove(w: WorkloadWake, held: Held, release: Release): void {
    if (!w.held.delete(held)) return;
    clearTimeout(held.timer);
    this.options.metrics.queueLength(w.workload.name, w.held.size);
    held.settle(release);
    // Nobody left to wait for: let the watcher stop now rather than at its next read.
    if (w.held.size === 0) w.poke?.();
  }

  private shuttingDown(workload: ActivatorWorkload): Refusal {
    return {
      ok: false,
      code: 'ShuttingDown',
      message: `the activator is shutting down; workload ${workload.name} was not woken by this request`,
      retryAfterSeconds: TIMEOUT_RETRY_SECONDS,
    };
  }

  private gone(workload: ActivatorWorkload): Refusal {
    return {
      ok: false,
      code: 'WakeTimeout',
      message: `the client went away while workload ${workload.name} was waking`,
      retryAfterSeconds: TIMEOUT_RETRY_SECONDS,
    };
  }
}
