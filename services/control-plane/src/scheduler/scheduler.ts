import cron, { type ScheduledTask } from 'node-cron';
import { runTick, type TickDeps, type TickResult } from './tick';

export interface SchedulerOptions {
  /** node-cron expression for the decision tick; default every minute. */
  cron?: string;
  onTick?: (result: TickResult) => void;
  onError?: (error: unknown) => void;
}

const floorToSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * Drives runTick on a cron schedule. A tick still running when the next is due makes that one skip: ticks
 * never overlap, so two rounds never decide the same workload at once in this process. Each tick accounts
 * for the time since the one before; the first after a start accounts for nothing (it does not know).
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<TickResult | undefined> | undefined;
  private previous: Date | undefined;

  constructor(
    private readonly deps: TickDeps,
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    if (this.task) return;
    this.task = cron.schedule(this.options.cron ?? '* * * * *', () => void this.tick(new Date()), {
      noOverlap: true,
    });
  }

  /** Runs one tick now unless one is already running (then resolves undefined). */
  async tick(at: Date): Promise<TickResult | undefined> {
    if (this.running) return undefined;
    // Whole seconds: a tick's usage intervals then line up across restarts and replicas.
    const now = floorToSecond(at);
    this.running = runTick(this.deps, now, this.previous)
      .then((result) => {
        this.previous = now;
        this.options.onTick?.(result);
        return result;
      })
      .catch((error: unknown) => {
        this.options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    await this.running;
  }
}
