// JIT benchmark (issue 6). Run: npm run bench:jit [-- --runs 3 --only fib,n-body --peers jit,lua5.4 --size small --json]
// Times every bench/*.lua program on this JIT, this interpreter (--no-jit), lua5.4, luajit, fengari, wasmoon
// and a hand-written JavaScript port, each in a fresh process, interleaved, median of --runs. A peer's
// output must equal lua5.4's byte for byte before its time counts. Energy per run comes from the platform's
// model (CPU-seconds and GB-hours through the control plane's Cloud Carbon Footprint coefficients).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { BENCH_DIR, listBenchmarks, type BenchmarkInfo } from '../src/service/benchmarks.ts';
import { energyProfile, joulesPerCpuSecond, joulesPerRun } from './energy.ts';
import { hasGnuTime, measure, median, type Measurement } from '@lightswitch/service-kit/measure';
import { LSJIT, PEERS, REFERENCE, type Peer } from './peers.ts';
import { benchHints, hintPrograms, renderHints } from './hints.ts';
import { renderMarkdown } from './report.ts';
import { lsjitFigures } from './stats-line.ts';
import type { BenchReport, BenchResult, PeerResult } from './results.ts';
import { positiveInt, exitWithError } from './options.ts';

const { values: opt } = parseArgs({
  options: {
    only: { type: 'string' },
    peers: { type: 'string' },
    runs: { type: 'string', default: '3' },
    size: { type: 'string', default: 'default' },
    json: { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '180' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opt.help) {
  process.stdout.write(`usage: npm run bench:jit -- [options]
  --only a,b       only these programs: ${listBenchmarks()
    .map((b) => b.name)
    .join(', ')}
  --peers a,b      only these peers: ${PEERS.map((p) => p.name).join(', ')}
  --runs N         fresh processes per program and peer; the median counts (default 3)
  --size S         default (lua5.4 takes 1-2 s) or small (a quick check)
  --timeout-s N    per run (default 180)
  --json           the results as JSON instead of Markdown tables
`);
  process.exit(0);
}

function fail(message: string): never {
  return exitWithError('bench:jit', message);
}

function pick<T extends { name: string }>(all: T[], list: string | undefined, what: string): T[] {
  if (!list) return all;
  const names = list.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !all.some((x) => x.name === n));
  if (unknown.length)
    fail(`unknown ${what} ${unknown.join(', ')}; known: ${all.map((x) => x.name).join(', ')}`);
  return all.filter((x) => names.includes(x.name));
}

const benchmarks = pick(listBenchmarks(), opt.only, 'benchmark');
const peers = pick(PEERS, opt.peers, 'peer');
const runs = positiveInt('bench:jit', 'runs', opt.runs);
if (opt.size !== 'default' && opt.size !== 'small')
  fail(`--size must be default or small, got "${opt.size}"`);
const sizes = opt.size;
const timeoutMs = Number(opt['timeout-s']) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout-s must be a positive number, got "${opt['timeout-s']}"`);
// Where the machine sets NODE_EXTRA_CA_CERTS (this one does, for its registry proxy), every Node process
// parses that CA bundle as it starts: ~0.09 s here, a cost of the machine that only the Node-based peers
// would pay. No peer makes a TLS connection, so they all run without it.
const droppedEnv = ['NODE_EXTRA_CA_CERTS'].filter((k) => process.env[k] !== undefined);
for (const k of droppedEnv) delete process.env[k];
const useGnuTime = hasGnuTime();
const profile = energyProfile();
const reference = PEERS.find((p) => p.name === REFERENCE)!;

/** The first line where two outputs differ, quoted, for the report. */
function firstDifference(got: Buffer, want: Buffer): string {
  const g = got.toString('latin1').split('\n');
  const w = want.toString('latin1').split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i])
      return `line ${i + 1}: got ${JSON.stringify((g[i] ?? '(end)').slice(0, 60))}, want ${JSON.stringify((w[i] ?? '(end)').slice(0, 60))}`;
  }
  return 'outputs differ';
}

/** Why a run does not count, or undefined when it produced lua5.4's output. */
function problem(m: Measurement, want: Buffer | undefined): string | undefined {
  if (m.timedOut) return `timed out after ${timeoutMs / 1000} s`;
  if (m.code !== 0) {
    const first = m.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
    return `exit ${m.code ?? 'signal'}: ${first.trim().slice(0, 160)}`;
  }
  if (want && !m.stdout.equals(want)) return `different output (${firstDifference(m.stdout, want)})`;
  return undefined;
}

interface Tally {
  peer: Peer;
  runs: Measurement[];
  problem?: string;
}

const timesLsjit = peers.some((p) => p.name === 'jit' || p.name === 'interp');
// The hints section times the JIT with and without hints, and lua5.4: with the jit peer, without --only.
const timesHints = !opt.only && peers.some((p) => p.name === 'jit');
const total =
  benchmarks.length * peers.length * runs +
  (timesLsjit ? runs : 0) +
  (timesHints ? hintPrograms().length * 3 * runs : 0);
const bar = new SingleBar({
  format: 'bench:jit [{bar}] {value}/{total} runs | {task}',
  stream: process.stderr,
  hideCursor: true,
});
const tty = process.stderr.isTTY === true;
if (tty) bar.start(total, 0, { task: '' });
let done = 0;
function progress(task: string): void {
  if (tty) bar.update(done, { task });
  else process.stderr.write(`  [${done + 1}/${total}] ${task}\n`);
}

async function runBenchmark(b: BenchmarkInfo): Promise<BenchResult> {
  const size = sizes === 'small' ? b.smallSize : b.defaultSize;
  const tallies: Tally[] = peers.map((peer) => ({ peer, runs: [] }));
  // lua5.4 runs first in every round: its first output is the one every other peer must reproduce.
  tallies.sort((a, z) => Number(z.peer.name === REFERENCE) - Number(a.peer.name === REFERENCE));
  let want: Buffer | undefined;
  if (!tallies.some((t) => t.peer.name === REFERENCE) && reference.missing() === undefined) {
    progress(`${b.name}: lua5.4 (reference output, not timed)`);
    const m = await measure(reference.argv(b, size), { cwd: BENCH_DIR, timeoutMs, useGnuTime });
    if (m.code === 0) want = m.stdout;
  }
  for (const t of tallies) {
    const why = t.peer.missing();
    if (why) t.problem = why;
  }
  for (let r = 0; r < runs; r++) {
    for (const t of tallies) {
      if (t.problem) {
        done++;
        continue;
      }
      progress(`${b.name} ${size}: ${t.peer.name} run ${r + 1}/${runs}`);
      const m = await measure(t.peer.argv(b, size), { cwd: BENCH_DIR, timeoutMs, useGnuTime });
      done++;
      t.problem = problem(m, want);
      if (t.peer.name === REFERENCE && want === undefined && !t.problem) want = m.stdout;
      t.runs.push(m);
    }
  }
  const results: PeerResult[] = tallies.map(({ peer, runs: ms, problem: why }) => {
    const joules = ms.map((m) => joulesPerRun(m, profile));
    return {
      peer: peer.name,
      status: why === undefined ? 'ok' : peer.missing() ? 'missing' : peer.otherDialect ? 'n/a' : 'failed',
      ...(why !== undefined ? { reason: why } : {}),
      runs: ms.length,
      wallMs: median(ms.map((m) => m.wallMs)),
      cpuMs: median(ms.map((m) => m.cpuMs)),
      peakRssKiB: median(ms.map((m) => m.peakRssKiB)),
      joules: median(joules),
      ...lsjitFigures(ms),
    };
  });
  results.sort(
    (a, z) => PEERS.findIndex((p) => p.name === a.peer) - PEERS.findIndex((p) => p.name === z.peer),
  );
  return { name: b.name, size, loopHeavy: b.loopHeavy, checked: want !== undefined, peers: results };
}

const report: BenchReport = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: cpus().length,
  loadAverage: loadavg(),
  runs,
  sizes,
  gnuTime: useGnuTime,
  energyProfile: profile.name,
  joulesPerCpuSecond: joulesPerCpuSecond(profile),
  command: ['npm run bench:jit', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
    ' ',
  ),
  results: [],
  ...(droppedEnv.length > 0 ? { droppedEnv } : {}),
};
if (timesLsjit) {
  // The fixed cost in every lsjit time: the run-only ratios in the report leave it out.
  const starts: number[] = [];
  for (let r = 0; r < runs; r++) {
    progress(`lsjit start-up (empty program) ${r + 1}/${runs}`);
    const m = await measure([process.execPath, LSJIT, 'run', '/dev/null'], {
      cwd: BENCH_DIR,
      timeoutMs,
      useGnuTime,
    });
    done++;
    if (m.code === 0) starts.push(m.wallMs);
  }
  report.lsjitStartupMs = median(starts);
}
for (const b of benchmarks) report.results.push(await runBenchmark(b));
if (timesHints)
  report.hints = await benchHints({
    runs,
    timeoutMs,
    useGnuTime,
    profile,
    progress: (task) => {
      progress(task);
      done++;
    },
  });
if (tty) {
  bar.update(done, { task: 'done' });
  bar.stop();
}
process.stdout.write(
  opt.json
    ? JSON.stringify(report, null, 2) + '\n'
    : renderMarkdown(report) + (report.hints !== undefined ? renderHints(report.hints) : ''),
);
