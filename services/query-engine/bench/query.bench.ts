// Query benchmark (issue 5). Run: npm run bench:query [-- --rows 10000000 --runs 3 --scale 10,50]
//   Q1: parse date, cumulative sum of amount in file order, keep the Monday rows.
//   Q2: group by store: Σ amount, count.
// Each peer runs in a fresh process per run (median of --runs); answers are checked against the
// reference peer (DuckDB, ordered) before any time is compared. Data: gen-sales, cached in a temp dir.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSalesCsv } from '../src/gen';
import { sameAnswer } from './answers';
import { hasGnuTime, median, runPeer, type RunResult } from './measure';
import { engineRuntime } from '../bin/runtime.mjs';
import { peerProgram } from './peer-programs';
import type { Query } from './peers/common';

interface Peer {
  name: string;
  script: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  queries?: Query[];
}

const peersDir = fileURLToPath(new URL('./peers/', import.meta.url));
const PEERS: Peer[] = [
  { name: 'startup', script: 'startup.ts' },
  { name: 'raw-read', script: 'raw.ts' },
  // as the engine's process should be started (bin/runtime.mjs), and with node's defaults for comparison
  {
    name: 'lightswitch',
    script: 'lightswitch.ts',
    env: { ...engineRuntime.env },
    nodeArgs: [...engineRuntime.nodeArgs],
  },
  { name: 'lightswitch-defaults', script: 'lightswitch.ts' },
  { name: 'polars-streaming', script: 'polars.ts' },
  { name: 'duckdb', script: 'duckdb.ts' },
  { name: 'duckdb-unordered', script: 'duckdb.ts', env: { DUCKDB_Q1: 'unordered' }, queries: ['q1'] },
  // arquero holds every row as JS values (a Date per row in Q1): 10M rows outgrow V8's default heap.
  { name: 'arquero', script: 'arquero.ts', nodeArgs: ['--max-old-space-size=16384'] },
];
const REFERENCE = 'duckdb';
const NO_ANSWER = new Set(['startup', 'raw-read']);

const { values: opt } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '3' },
    scale: { type: 'string' },
    peers: { type: 'string' },
    queries: { type: 'string', default: 'q1,q2' },
    dir: { type: 'string', default: join(tmpdir(), 'lightswitch-bench') },
    'timeout-s': { type: 'string', default: '600' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opt.help) {
  console.log(`usage: npm run bench:query -- [options]
  --rows N         rows of the data set (default 10000000)
  --scale A,B      millions of rows, one data set each (instead of --rows), e.g. 10,50
  --seed S         gen-sales seed (default 42)
  --runs N         fresh processes per peer and query; the median counts (default 3)
  --peers a,b      only these peers: ${PEERS.map((p) => p.name).join(', ')}
  --queries q1,q2  which queries (default both)
  --dir D          where data sets are generated and kept (default ${join(tmpdir(), 'lightswitch-bench')})
  --timeout-s N    per run (default 600)`);
  process.exit(0);
}
const unknownPeers = (opt.peers?.split(',') ?? []).filter((n) => !PEERS.some((p) => p.name === n));
if (unknownPeers.length) {
  console.error(`unknown peer(s): ${unknownPeers.join(', ')}; known: ${PEERS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
const int = (s: string) => Number(s.replaceAll('_', ''));
const sizes = opt.scale
  ? opt.scale.split(',').map((m) => Math.round(Number(m) * 1_000_000))
  : [int(opt.rows)];
const seed = int(opt.seed);
const runs = int(opt.runs);
const queries = opt.queries.split(',') as Query[];
const peers = opt.peers ? PEERS.filter((p) => opt.peers!.split(',').includes(p.name)) : PEERS;
const useGnuTime = hasGnuTime();
const programs = new Map(peers.map((p) => [p.script, peerProgram(join(peersDir, p.script))]));

/** Generates the data set unless the same rows and seed are already there, complete. */
function dataset(rows: number): string {
  mkdirSync(opt.dir, { recursive: true });
  const csv = join(opt.dir, `sales-${rows}-seed${seed}.csv`);
  const marker = `${csv}.done`;
  if (existsSync(marker) && existsSync(csv) && readFileSync(marker, 'utf8') === String(statSync(csv).size))
    return csv;
  const t0 = performance.now();
  const { bytes } = writeSalesCsv(csv, { rows, seed });
  writeFileSync(marker, String(bytes));
  console.log(
    `generated ${rows.toLocaleString('en')} rows (${mb(bytes)} MiB) in ${s(performance.now() - t0)} s: ${csv}`,
  );
  return csv;
}

const s = (ms: number) => (Number.isNaN(ms) ? '-' : (ms / 1000).toFixed(2));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

interface Row {
  peer: string;
  status: string;
  wallMs: number;
  queryMs: number;
  cpuMs: number;
  peakRssKiB: number;
}

async function measure(
  peer: Peer,
  csv: string,
  query: Query,
  reference: unknown,
): Promise<{ row: Row; answer?: unknown }> {
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runPeer(programs.get(peer.script)!, [csv, query], {
      env: peer.env,
      nodeArgs: peer.nodeArgs,
      timeoutMs: int(opt['timeout-s']) * 1000,
      useGnuTime,
    });
    results.push(r);
    if (!r.ok) break; // a peer that cannot run once will not run the second time either
  }
  const failed = results.find((r) => !r.ok);
  const row: Row = {
    peer: peer.name,
    status: 'ok',
    wallMs: median(results.map((r) => r.wallMs)),
    queryMs: median(results.map((r) => r.queryMs)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    peakRssKiB: median(results.map((r) => r.peakRssKiB)),
  };
  if (failed)
    return { row: { ...row, status: failed.unavailable ? 'not available yet' : `FAILED ${failed.error}` } };
  const answer = results[0]!.answer;
  if (!NO_ANSWER.has(peer.name)) {
    const mismatch = results
      .map((r) =>
        reference === undefined
          ? sameAnswer(query, answer, r.answer)
          : sameAnswer(query, reference, r.answer),
      )
      .find((m) => m !== undefined);
    if (mismatch) row.status = `WRONG ANSWER (${mismatch})`;
  }
  return { row, answer };
}

function print(title: string, rows: Row[]): void {
  const floor = rows.find((r) => r.peer === 'raw-read')?.wallMs ?? NaN;
  const head = ['peer', 'wall s', 'query s', 'CPU s', 'peak RSS MiB', 'wall / raw-read', 'answer'];
  const body = rows.map((r) => [
    r.peer,
    s(r.wallMs),
    s(r.queryMs),
    s(r.cpuMs),
    Number.isNaN(r.peakRssKiB) ? '-' : (r.peakRssKiB / 1024).toFixed(0),
    Number.isNaN(floor) || r.status !== 'ok' ? '-' : `${(r.wallMs / floor).toFixed(2)}x`,
    r.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

console.log(
  `query bench: sizes ${sizes.map((n) => n.toLocaleString('en')).join(', ')} rows, seed ${seed}, ${runs} runs per peer (median), ` +
    `CPU and peak RSS from ${useGnuTime ? '/usr/bin/time -v' : "the peer's own process.resourceUsage()"}, node ${process.version}, ` +
    `peers as plain JavaScript bundled with esbuild (no tsx loader)`,
);
const all: { rows: number; query: Query; results: Row[] }[] = [];
for (const rows of sizes) {
  const csv = dataset(rows);
  for (const query of queries) {
    const ordered = [
      ...peers.filter((p) => p.name === REFERENCE),
      ...peers.filter((p) => p.name !== REFERENCE),
    ];
    const results: Row[] = [];
    let reference: unknown;
    for (const peer of ordered) {
      if (peer.queries && !peer.queries.includes(query)) continue;
      const { row, answer } = await measure(peer, csv, query, reference);
      if (!NO_ANSWER.has(peer.name) && reference === undefined && row.status === 'ok') reference = answer;
      results.push(row);
      console.error(`  ${query} ${peer.name}: ${s(row.wallMs)} s ${row.status}`);
    }
    results.sort(
      (a, b) => peers.findIndex((p) => p.name === a.peer) - peers.findIndex((p) => p.name === b.peer),
    );
    print(
      `${query.toUpperCase()} at ${rows.toLocaleString('en')} rows (reference answer: ${REFERENCE})`,
      results,
    );
    all.push({ rows, query, results });
  }
}

if (sizes.length > 1) {
  console.log(`\npeak RSS, ${sizes.map((n) => `${n / 1e6}M`).join(' → ')} rows (flat = within 10%)`);
  for (const query of queries) {
    for (const peer of peers) {
      const rss = all
        .filter((a) => a.query === query)
        .map((a) => a.results.find((r) => r.peer === peer.name));
      if (rss.some((r) => !r || r.status !== 'ok')) continue;
      const mib = rss.map((r) => r!.peakRssKiB / 1024);
      const growth = mib[mib.length - 1]! / mib[0]!;
      console.log(
        `  ${query} ${peer.name.padEnd(18)} ${mib.map((m) => m.toFixed(0)).join(' → ')} MiB  ${growth <= 1.1 ? 'flat' : `x${growth.toFixed(2)}`}`,
      );
    }
  }
}
const out = join(opt.dir, 'query-bench-results.json');
writeFileSync(
  out,
  JSON.stringify({ seed, runs, gnuTime: useGnuTime, node: process.version, results: all }, null, 2),
);
console.log(`\nresults: ${out}`);
