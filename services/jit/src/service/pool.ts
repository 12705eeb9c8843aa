// Worker threads that run programs: at most `size` at once, a bounded queue behind them. A run that outlives its
// time limit has its worker terminated; one that outgrows its heap dies with ERR_WORKER_OUT_OF_MEMORY. Either way
// the slot gets a fresh worker and the service goes on answering.
import { Worker } from 'node:worker_threads';
import type { RunJob, WorkerMessage } from './protocol.ts';

export type Done = Extract<WorkerMessage, { type: 'done' }>;

export type PoolOutcome =
  | { kind: 'done'; result: Done; wallMs: number; processCpuMs?: number }
  | { kind: 'timeout'; wallMs: number }
  | { kind: 'memory'; wallMs: number }
  | { kind: 'crashed'; message: string; wallMs: number };

export class PoolBusy extends Error {
  constructor(readonly waiting: number) {
    super(`all workers are busy and ${waiting} run(s) are already waiting; try again later`);
    this.name = 'PoolBusy';
  }
}

export interface PoolOptions {
  size: number;
  queueLimit: number;
  memoryMb: number;
  /** A worker is replaced after this many runs, so whatever a run leaves behind in V8 cannot pile up. */
  runsPerWorker?: number;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  runs: number;
}

interface Pending {
  job: RunJob;
  timeoutMs: number;
  resolve: (o: PoolOutcome) => void;
}

export class RunPool {
  private idle: Slot[] = [];
  private all = new Set<Worker>();
  private active = 0;
  private queue: Pending[] = [];
  private closed = false;
  /** Runs in flight that shared the process with another run at some point (their process CPU is mixed). */
  private running = new Set<{ shared: boolean }>();

  constructor(private readonly opts: PoolOptions) {}

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when the run ends however it ends; throws PoolBusy when the queue is full. */
  run(job: RunJob, timeoutMs: number): Promise<PoolOutcome> {
    if (this.closed) return Promise.reject(new Error('the run pool is closed'));
    return new Promise<PoolOutcome>((resolve, reject) => {
      const pending = { job, timeoutMs, resolve };
      if (this.active < this.opts.size) {
        this.start(pending);
      } else if (this.queue.length < this.opts.queueLimit) {
        this.queue.push(pending);
      } else {
        reject(new PoolBusy(this.queue.length));
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.resolve({ kind: 'crashed', message: 'service shutting down', wallMs: 0 });
    this.idle = [];
    await Promise.all([...this.all].map((w) => w.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, {
      // Loader flags of the parent (--import tsx under tests) would register tsx a second time.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    this.all.add(worker);
    worker.once('exit', () => this.all.delete(worker));
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} while starting`)));
    });
    return { worker, ready, runs: 0 };
  }

  private start(p: Pending): void {
    this.active++;
    const slot = this.idle.pop() ?? this.spawn();
    void this.dispatch(slot, p).then((outcome) => {
      this.active--;
      p.resolve(outcome);
      const next = this.queue.shift();
      if (next) this.start(next);
    });
  }

  private async dispatch(slot: Slot, p: Pending): Promise<PoolOutcome> {
    try {
      await slot.ready;
    } catch (err) {
      void slot.worker.terminate();
      return { kind: 'crashed', message: `worker failed to start: ${String(err)}`, wallMs: 0 };
    }
    const share = { shared: this.running.size > 0 };
    for (const other of this.running) other.shared = true;
    this.running.add(share);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { worker } = slot;
    const outcome = await new Promise<PoolOutcome>((resolve) => {
      const finish = (o: PoolOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(o);
      };
      const wallMs = () => performance.now() - t0;
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'done') return;
        const cpu = process.cpuUsage(cpu0);
        finish({
          kind: 'done',
          result: m,
          wallMs: wallMs(),
          ...(share.shared ? {} : { processCpuMs: (cpu.user + cpu.system) / 1000 }),
        });
      };
      const onError = (err: Error & { code?: string }) =>
        finish(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'memory', wallMs: wallMs() }
            : { kind: 'crashed', message: err.message, wallMs: wallMs() },
        );
      const onExit = (code: number) =>
        finish({ kind: 'crashed', message: `worker exited with code ${code}`, wallMs: wallMs() });
      const timer = setTimeout(() => finish({ kind: 'timeout', wallMs: wallMs() }), p.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(p.job);
    });
    this.running.delete(share);
    slot.runs++;
    const clean = outcome.kind === 'done' && outcome.result.outcome === 'finished';
    if (clean && slot.runs < (this.opts.runsPerWorker ?? 100) && !this.closed) {
      this.idle.push(slot);
    } else {
      // A timed-out worker (or one past its output limit) may still be running the program; terminate()
      // stops it between two JS instructions.
      void slot.worker.terminate();
    }
    return outcome;
  }
}
