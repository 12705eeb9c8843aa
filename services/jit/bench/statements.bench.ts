// Statement costs of this interpreter against lua5.4 (issue 6's fourth goal: the interpreter no
// slower than 3x lua5.4). Run: npm run bench:jit:statements [-- --runs 3 --trips 5000000 --json]
// bench/statements/statements.lua times single statements in a loop in its own process and prints
// nanoseconds per trip; this runs it on `lsjit --no-jit` and on lua5.4, interleaved, and reports the
// median of --runs per statement and the ratio. The whole-program benchmark says how far off the
// interpreter is; this says where.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { geomean, measure, median } from '@lightswitch/service-kit/measure';
import { PEERS as ALL_PEERS } from './peers.ts';
import { table } from './report.ts';
import { positiveInt, exitWithError } from './options.ts';

const PROGRAM = fileURLToPath(new URL('./statements/statements.lua', import.meta.url));

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    trips: { type: 'string', default: '5000000' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opt.help) {
  process.stdout.write(`usage: npm run bench:jit:statements -- [options]
  --runs N     fresh processes per implementation; the median counts (default 3)
  --trips N    loop trips per statement and pass (default 5000000)
  --json       the results as JSON instead of a Markdown table
`);
  process.exit(0);
}

const runs = positiveInt('bench:jit:statements', 'runs', opt.runs);
const trips = positiveInt('bench:jit:statements', 'trips', opt.trips);

// The main benchmark's commands for these two (interp's --stats line goes to stderr).
const PEERS = ALL_PEERS.filter((p) => p.name === 'interp' || p.name === 'lua5.4');
for (const p of PEERS) {
  const why = p.missing();
  if (why !== undefined) exitWithError('bench:jit:statements', why);
}
type PeerName = (typeof PEERS)[number]['name'];

/** A statement's time per trip and the values its loop left (statements.lua prints both). */
interface Sample {
  ns: number;
  result: string;
}

/** "name<TAB>ns<TAB>result" lines, in the program's order. */
function parse(peer: PeerName, out: string): Map<string, Sample> {
  const m = new Map<string, Sample>();
  for (const line of out.trim().split('\n')) {
    const [name, ns, result] = line.split('\t');
    const v = Number(ns);
    // a zero time is possible: os.clock ticks in microseconds, and --trips may be small
    if (name === undefined || ns === undefined || result === undefined || !Number.isFinite(v) || v < 0)
      throw new Error(`${peer} printed "${line}", not a statement, a time and its loop's values`);
    m.set(name, { ns: v, result });
  }
  return m;
}

/**
 * A time is only worth comparing when both computed the same thing: an interpreter that got a
 * statement wrong (a broken fast path) may well be fast at it.
 */
function sameResults(a: Map<string, Sample>, b: Map<string, Sample>): void {
  for (const [name, s] of b) {
    const mine = a.get(name);
    if (mine === undefined) throw new Error(`interp printed no line for "${name}"`);
    if (mine.result !== s.result)
      throw new Error(`interp left "${mine.result}" after "${name}" where lua5.4 left "${s.result}"`);
  }
}

const samples = new Map<PeerName, Map<string, Sample>[]>(PEERS.map((p) => [p.name, []]));
for (let r = 1; r <= runs; r++) {
  for (const p of PEERS) {
    process.stderr.write(`  run ${r}/${runs}: ${p.name}\n`);
    const argv = p.argv({ name: 'statements', file: PROGRAM }, trips);
    const m = await measure(argv, { timeoutMs: 600_000, useGnuTime: false });
    if (m.code !== 0)
      throw new Error(`${p.name} exited with ${m.code ?? 'a signal'}: ${m.stderr.trim().slice(-500)}`);
    samples.get(p.name)!.push(parse(p.name, m.stdout.toString()));
  }
}

for (const [i, lua] of samples.get('lua5.4')!.entries()) sameResults(samples.get('interp')![i]!, lua);
const names = [...samples.get('lua5.4')![0]!.keys()];
const rows = names.map((statement) => {
  const ns = (peer: PeerName) => median(samples.get(peer)!.map((s) => s.get(statement)?.ns ?? NaN));
  const interp = ns('interp');
  const lua = ns('lua5.4');
  return { statement, interpNs: interp, luaNs: lua, ratio: interp / lua };
});

if (opt.json) {
  process.stdout.write(JSON.stringify({ trips, runs, rows }, null, 2) + '\n');
} else {
  const ns = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ns` : '-');
  const body = rows.map((r) => [r.statement, ns(r.interpNs), ns(r.luaNs), `${r.ratio.toFixed(2)}×`]);
  body.push(['geometric mean of the ratios', '', '', `${geomean(rows.map((r) => r.ratio)).toFixed(2)}×`]);
  process.stdout.write(
    `CPU time per loop trip (the loop's own step included), median of ${runs} processes, ${trips} trips:\n\n` +
      table(['statement', 'interp', 'lua5.4', 'interp / lua5.4'], body) +
      '\n',
  );
}
