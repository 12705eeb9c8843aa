import type { Reconciler, ReconcileResult } from './reconciler';

/**
 * Runs reconcileOnce every `intervalMs` (and on demand), one round at a time: a round still running when
 * the next is due makes that one a no-op.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileResult | undefined> | undefined;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  runNow(): Promise<ReconcileResult | undefined> {
    this.running ??= this.reconciler
      .reconcileOnce(new Date())
      .catch((error: unknown) => {
        this.onError(error);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
