// Runs one peer in a fresh process and measures it: wall time here, CPU time and peak RSS from GNU time
// (/usr/bin/time -v, which waits for the child and reads its rusage) or, without it, from the rusage the
// peer reports about itself (same kernel counters, minus the exit path).
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export const GNU_TIME = '/usr/bin/time';

export function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function parseGnuTime(text: string): { cpuMs: number; peakRssKiB: number } | undefined {
  const num = (label: string) => {
    const m = new RegExp(`${label}: ([0-9.]+)`).exec(text);
    return m ? Number(m[1]) : NaN;
  };
  const user = num('User time \\(seconds\\)');
  const sys = num('System time \\(seconds\\)');
  const rss = num('Maximum resident set size \\(kbytes\\)');
  if ([user, sys, rss].some(Number.isNaN)) return undefined;
  return { cpuMs: (user + sys) * 1000, peakRssKiB: rss };
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
  const dir = mkdtempSync(join(tmpdir(), 'peer-'));
  const timeFile = join(dir, 'time.txt');
  const node = [process.execPath, ...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...argv];
  const [cmd, ...rest] = opts.useGnuTime ? [GNU_TIME, '-v', '-o', timeFile, ...node] : node;
  const t0 = performance.now();
  const child = spawn(cmd!, rest, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallMs = performance.now() - t0;
  const line = lastJsonLine(stdout);
  let gnu: ReturnType<typeof parseGnuTime>;
  if (opts.useGnuTime) {
    try {
      gnu = parseGnuTime(readFileSync(timeFile, 'utf8'));
    } catch {
      gnu = undefined;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const cpuMs = gnu?.cpuMs ?? (line?.rusage ? line.rusage.userMs + line.rusage.systemMs : NaN);
  const peakRssKiB = gnu?.peakRssKiB ?? line?.rusage?.maxRssKiB ?? NaN;
  const base = { wallMs, queryMs: line?.queryMs ?? NaN, cpuMs, peakRssKiB };
  if (line?.unavailable) return { ...base, ok: false, unavailable: line.unavailable };
  if (code !== 0 || !line || line.answer === undefined) {
    const why = code === null ? `killed (timeout ${opts.timeoutMs / 1000} s or signal)` : `exit ${code}`;
    const lines = stderr.trim().split('\n');
    const cause = lines.find((l) => /FATAL ERROR|Error:/.test(l)) ?? lines[lines.length - 1] ?? '';
    return { ...base, ok: false, error: `${why}: ${cause.trim().slice(0, 100)}` };
  }
  return { ...base, ok: true, answer: line.answer };
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
