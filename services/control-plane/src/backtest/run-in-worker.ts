import { Worker } from 'node:worker_threads';
import type { Scenario } from './scenario';
import type { SimulationResult } from './simulate';

export class SimulationTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`the simulation did not finish within ${seconds} s`);
    this.name = 'SimulationTimeoutError';
  }
}

/**
 * A simulation on a worker thread, so a year of half-hours never stalls the API's event loop. The worker
 * inherits the parent's loader flags (tsx), and is terminated at the time limit.
 */
export function simulateInWorker(
  scenario: Scenario,
  env: Record<string, string | undefined>,
  timeoutSeconds: number,
): Promise<SimulationResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { scenario, env },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new SimulationTimeoutError(timeoutSeconds));
    }, timeoutSeconds * 1000);
    worker.once(
      'message',
      (message: { ok: true; result: SimulationResult } | { ok: false; message: string }) => {
        clearTimeout(timer);
        void worker.terminate();
        if (message.ok) resolve(message.result);
        else reject(new Error(message.message));
      },
    );
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
