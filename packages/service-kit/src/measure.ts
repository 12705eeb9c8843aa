// Runs one command in a fresh process and measures it, for the workloads' benchmarks: wall time here;
// CPU time (user + sys) and peak RSS from GNU time, which waits for the child and reads its rusage (Node
// cannot read a child's rusage itself).
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  /** Exit status, or null when the process was killed (timeout or signal). */
  code: number | null;
  timedOut: boolean;
  /** Exactly the bytes the program wrote to stdout. */
  stdout: Buffer;
  /** The last few KiB of stderr. */
  stderr: string;
  wallMs: number;
  /** user + sys; NaN without GNU time. */
  cpuMs: number;
  /** NaN without GNU time. */
  peakRssKiB: number;
}

export interface MeasureOptions {
  timeoutMs: number;
  useGnuTime: boolean;
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The line `-f '%e %U %S %M'` writes; GNU time puts "Command exited with non-zero status" etc. above it. */
function parseTimeLine(text: string): { cpuMs: number; peakRssKiB: number } | undefined {
  const last = text.trim().split('\n').pop() ?? '';
  const m = /^([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)$/.exec(last);
  if (!m) return undefined;
  return { cpuMs: (Number(m[2]) + Number(m[3])) * 1000, peakRssKiB: Number(m[4]) };
}

export async function measure(argv: string[], opts: MeasureOptions): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'lightswitch-measure-'));
  const timeFile = join(dir, 'time.txt');
  const full = opts.useGnuTime ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const t0 = performance.now();
  // Its own process group (detached), so a timeout can stop GNU time and the program it runs together.
  const child = spawn(full[0]!, full.slice(1), {
    cwd: opts.cwd,
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('latin1')).slice(-8000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  const wallMs = performance.now() - t0;
  let usage: ReturnType<typeof parseTimeLine>;
  if (opts.useGnuTime) {
    try {
      usage = parseTimeLine(readFileSync(timeFile, 'utf8'));
    } catch {
      usage = undefined;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    code: timedOut ? null : code,
    timedOut,
    stdout: Buffer.concat(out),
    stderr,
    wallMs,
    cpuMs: usage?.cpuMs ?? NaN,
    peakRssKiB: usage?.peakRssKiB ?? NaN,
  };
}

/** Median of the numbers that are not NaN (NaN when none). */
export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Geometric mean of the finite positive numbers (NaN when none). */
export function geomean(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (s.length === 0) return NaN;
  return Math.exp(s.reduce((a, x) => a + Math.log(x), 0) / s.length);
}
