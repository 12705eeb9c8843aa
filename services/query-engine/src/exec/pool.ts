// The CPU executor: a pool of worker_threads. Tasks wait in two queues: high priority (morsels already in
// flight in the pipeline) before low priority (parsing more input), so the engine finishes what it started
// before it reads more; within the high class the newest task goes first (LIFO, its data is the most
// likely still in cache), the low class stays FIFO so the file is read in order.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { TaskRequest, TaskResponse, WireError } from './protocol.ts';
import { workerEntry } from './worker-bundle.ts';
import { returnChunkBuffer } from '../csv/index.ts';

export type Priority = 'high' | 'low';

interface Pending {
  request: TaskRequest;
  transfer: ArrayBuffer[];
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  /** Only this worker may run it (per-worker state, e.g. a partial aggregation). */
  worker?: number;
  signal?: AbortSignal;
}

export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
}

/** Raised on the main thread for an error that happened in a worker; carries the worker's details. */
export class RemoteError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = wire.name;
  }
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
  index: number;
}

let entryUrl: URL | undefined;

let nextId = 1;

export class WorkerPool {
  private slots: Slot[] = [];
  private high: Pending[] = [];
  private low: Pending[] = [];
  private pinned: Pending[] = [];
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  private spawn(index: number): Slot {
    const worker = new Worker((entryUrl ??= workerEntry()), { execArgv: [] });
    const slot: Slot = { worker, busy: undefined, index };
    worker.on('message', (msg: TaskResponse) => {
      const p = slot.busy;
      slot.busy = undefined;
      worker.unref();
      if (msg.ok && msg.recycle) returnChunkBuffer(msg.recycle);
      if (p) {
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new RemoteError(msg.error));
      }
      this.pump();
    });
    const crashed = (why: string) => {
      const p = slot.busy;
      slot.busy = undefined;
      if (this.closed) return;
      // replace the thread; the task it was running fails the pipeline that owns it
      this.slots[index] = this.spawn(index);
      p?.reject(new WorkerCrash(`worker thread ${index} crashed: ${why}`));
      this.pump();
    };
    worker.on('error', (err) => crashed(err.message));
    worker.on('exit', (code) => {
      if (this.slots[index] === slot && !this.closed) crashed(`exited with code ${code}`);
    });
    // after the listeners: attaching a 'message' listener refs the worker's port again
    worker.unref();
    return slot;
  }

  run<R>(
    task: TaskRequest['task'],
    transfer: ArrayBuffer[],
    opts: { priority?: Priority; worker?: number; signal?: AbortSignal } = {},
  ): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is shut down'));
    return new Promise<R>((resolve, reject) => {
      const p: Pending = {
        request: { id: nextId++, task },
        transfer,
        resolve: resolve as (r: unknown) => void,
        reject,
        worker: opts.worker,
        signal: opts.signal,
      };
      if (opts.worker !== undefined) this.pinned.push(p);
      else if (opts.priority === 'low') this.low.push(p);
      else this.high.push(p);
      this.pump();
    });
  }

  private take(slot: Slot): Pending | undefined {
    const pi = this.pinned.findIndex((p) => p.worker === slot.index);
    if (pi >= 0) return this.pinned.splice(pi, 1)[0];
    return this.high.pop() ?? this.low.shift();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let p = this.take(slot);
      while (p && p.signal?.aborted) {
        p.reject(p.signal.reason);
        p = this.take(slot);
      }
      if (!p) continue;
      slot.busy = p;
      slot.worker.ref();
      try {
        // Node silently drops a message whose transfer list holds a detached buffer (the task would
        // never come back); detached buffers have length 0, and an empty buffer loses nothing by being
        // copied, so they leave the list and a detached one makes postMessage throw instead.
        slot.worker.postMessage(
          p.request,
          p.transfer.filter((b) => b.byteLength > 0),
        );
      } catch (err) {
        // not sendable: fail this task only, rather than leave the slot marked busy with a task the
        // worker never got
        slot.busy = undefined;
        slot.worker.unref();
        p.reject(err);
        this.pump();
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

const pools = new Map<number, WorkerPool>();

/** One pool per size, kept for the life of the process (idle threads are unref'd and cost nothing). */
export function poolOfSize(size = availableParallelism()): WorkerPool {
  let p = pools.get(size);
  if (!p) pools.set(size, (p = new WorkerPool(size)));
  return p;
}

export async function shutdownPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
