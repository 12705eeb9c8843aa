// Messages between the service and a run's worker thread. Strings cross as Lua sees them: one byte per char.
import type { JitStats } from '../jit/stats.ts';

export interface RunJob {
  source: string;
  chunkname: string;
  args: string[];
  jit: boolean;
  /** Take the program's `--@` JIT hints (default) or read them as comments. */
  hints?: boolean;
  hotLoopThreshold?: number;
  /** The run's directory, in memory: names relative to it and their bytes (io.open, require, loadfile, dofile). */
  files?: Record<string, string>;
  maxOutputBytes: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      /** finished: the program ran to its end or to an uncaught Lua error (status 1). */
      outcome: 'finished' | 'output_limit' | 'internal';
      status: number;
      output: string;
      error?: string;
      /** lua.c's stack traceback after an uncaught runtime error (RunResult.traceback). */
      traceback?: string;
      stats: JitStats;
      timeMs: number;
      /** CPU time of this thread, where Node can tell it apart from the process's. */
      threadCpuMs?: number;
    };
