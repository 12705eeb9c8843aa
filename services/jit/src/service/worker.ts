// A run's worker thread: executes one program at a time for the service. Kept apart from the HTTP thread so a
// program that loops or allocates forever can be stopped (terminate, resourceLimits) without stopping it.
import { parentPort } from 'node:worker_threads';
import { emptyJitStats, type JitStats } from '../jit/stats.ts';
import { runSource } from '../runtime.ts';
import { memoryFiles } from '../hostfiles.ts';
import type { RunJob, WorkerMessage } from './protocol.ts';

if (!parentPort) throw new Error('worker.ts runs as a worker thread of the jit service');
const port = parentPort;

class OutputLimit extends Error {}

// Node 20 has no per-thread CPU clock; newer versions do, and then the figure is exact for this run.
const threadCpu = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;

function run(job: RunJob): void {
  const chunks: string[] = [];
  let bytes = 0;
  let reported = false;
  const cpu0 = threadCpu?.call(process);
  const t0 = performance.now();
  const report = (
    outcome: 'finished' | 'output_limit' | 'internal',
    status: number,
    error: string | undefined,
    stats: JitStats = emptyJitStats(),
    traceback?: string,
  ): void => {
    if (reported) return;
    reported = true;
    const cpu1 = threadCpu?.call(process);
    port.postMessage({
      type: 'done',
      outcome,
      status,
      output: chunks.join(''),
      stats,
      timeMs: performance.now() - t0,
      ...(error !== undefined ? { error } : {}),
      ...(traceback !== undefined ? { traceback } : {}),
      ...(cpu0 && cpu1 ? { threadCpuMs: (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1000 } : {}),
    } satisfies WorkerMessage);
  };
  const write = (s: string): void => {
    if (bytes + s.length > job.maxOutputBytes) {
      // Reported at once: pcall catches JS errors too, so the program may well go on running, and the
      // service terminates a worker whose run ended this way instead of waiting for it.
      report('output_limit', 1, `output limit of ${job.maxOutputBytes} bytes exceeded`);
      throw new OutputLimit();
    }
    bytes += s.length;
    chunks.push(s);
  };
  try {
    const r = runSource(job.source, {
      chunkname: job.chunkname,
      args: job.args,
      write,
      jit: job.jit,
      ...(job.hints !== undefined ? { hints: job.hints } : {}),
      ...(job.hotLoopThreshold !== undefined ? { hotLoopThreshold: job.hotLoopThreshold } : {}),
      ...(job.files !== undefined ? { files: memoryFiles(job.files) } : {}),
    });
    report('finished', r.status, r.error, r.stats, r.traceback);
  } catch (e) {
    report('internal', 1, e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
}

port.on('message', (job: RunJob) => run(job));
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
