// What one benchmark run produces: per program, per peer, medians over the runs and why a peer had no result.
import type { HintResult } from './hints.ts';
import type { PeerName } from './peers.ts';

export interface PeerResult {
  peer: PeerName;
  /** ok: every run gave lua5.4's output; n/a: another Lua dialect could not; failed: a bug or crash. */
  status: 'ok' | 'n/a' | 'failed' | 'missing';
  reason?: string;
  runs: number;
  wallMs: number;
  cpuMs: number;
  peakRssKiB: number;
  joules: number;
  /** lsjit only: the time its --stats line reports (the run, without process start-up). */
  runMs?: number;
  /** lsjit only: the --stats line of the last run, as printed. */
  statsLine?: string;
}

export interface BenchResult {
  name: string;
  size: number;
  loopHeavy: boolean;
  /** False when lua5.4 gave no reference output, so no peer's output was checked. */
  checked: boolean;
  peers: PeerResult[];
}

export interface BenchReport {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  loadAverage: number[];
  runs: number;
  sizes: 'default' | 'small';
  gnuTime: boolean;
  energyProfile: string;
  joulesPerCpuSecond: number;
  command: string;
  /** Median wall time of `lsjit run /dev/null`: node, tsx and loading the implementation, no program. */
  lsjitStartupMs?: number;
  results: BenchResult[];
  /** Environment variables of this process the peers ran without (jit.bench.ts says why). */
  droppedEnv?: string[];
  /** Programs with JIT hints, with and without them (hints.ts); absent under --only. */
  hints?: HintResult[];
}
