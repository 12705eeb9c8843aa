// Runs one peer in a fresh process and measures it (wall time, and CPU time and peak RSS from GNU time or,
// without it, from the rusage the peer reports about itself: same kernel counters, minus the exit path),
// then reads the peer's answer from the last JSON line it printed.
import { measure } from '@lightswitch/service-kit/measure';

export { hasGnuTime, median } from '@lightswitch/service-kit/measure';

export interface RunResult {
  ok: boolean;
  unavailable?: string;
  error?: string;
  wallMs: number;
  queryMs: number;
  cpuMs: number;
  peakRssKiB: number;
  answer?: unknown;
}

interface PeerLine {
  answer?: unknown;
  unavailable?: string;
  queryMs?: number;
  rusage?: { userMs: number; systemMs: number; maxRssKiB: number };
}

function lastJsonLine(stdout: string): PeerLine | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const l of lines) {
    if (!l.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(l) as PeerLine & Record<string, unknown>;
      // A runner may print the bare answer instead of { answer, queryMs, rusage }.
      return 'answer' in parsed || 'unavailable' in parsed ? parsed : { answer: parsed };
    } catch {
      continue;
    }
  }
  return undefined;
}

export async function runPeer(
  script: string,
  argv: string[],
  opts: { env?: Record<string, string>; nodeArgs?: string[]; timeoutMs: number; useGnuTime: boolean },
): Promise<RunResult> {
  // a peer's program is plain JavaScript (bench/peer-programs.ts): no TypeScript loader
  const node = [process.execPath, ...(opts.nodeArgs ?? []), script, ...argv];
  const run = await measure(node, opts);
  const line = lastJsonLine(run.stdout.toString());
  const cpuMs =
    Number.isNaN(run.cpuMs) && line?.rusage ? line.rusage.userMs + line.rusage.systemMs : run.cpuMs;
  const peakRssKiB = Number.isNaN(run.peakRssKiB) ? (line?.rusage?.maxRssKiB ?? NaN) : run.peakRssKiB;
  const base = { wallMs: run.wallMs, queryMs: line?.queryMs ?? NaN, cpuMs, peakRssKiB };
  if (line?.unavailable) return { ...base, ok: false, unavailable: line.unavailable };
  if (run.code !== 0 || !line || line.answer === undefined) {
    const why =
      run.code === null ? `killed (timeout ${opts.timeoutMs / 1000} s or signal)` : `exit ${run.code}`;
    const lines = run.stderr.trim().split('\n');
    const cause = lines.find((l) => /FATAL ERROR|Error:/.test(l)) ?? lines[lines.length - 1] ?? '';
    return { ...base, ok: false, error: `${why}: ${cause.trim().slice(0, 100)}` };
  }
  return { ...base, ok: true, answer: line.answer };
}
