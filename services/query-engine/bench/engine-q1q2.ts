// Q1 and Q2 of issue 5 on a gen-sales CSV (columns date, store, amount, product).
//   npx tsx services/query-engine/bench/engine-q1q2.ts sales.csv q1|q2 [--workers N] [--morsel-rows N]
//     runs one query and prints one JSON line { answer, queryMs, rusage }: the bench harness's contract
//     (bench/peers/lightswitch.ts imports this file with the same argv).
//   npx tsx services/query-engine/bench/engine-q1q2.ts sales.csv [--workers N] [--morsel-rows N]
//     prints wall time of the raw-read baseline, Q1 and Q2 in one process (pool warmed first).
import { open } from 'node:fs/promises';
import { col, len, scanCsv } from '../src/index.ts';
import { SALES_SCHEMA } from '../src/gen/sales.ts';
import { report, type Q1Answer, type Q2Answer } from './peers/common.ts';

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const [path, query] = positional;
if (!path || (query !== undefined && query !== 'q1' && query !== 'q2')) {
  console.error('usage: engine-q1q2.ts <file.csv> [q1|q2] [--workers N] [--morsel-rows N]');
  process.exit(2);
}
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const exec = { workers: opt('--workers'), morselRows: opt('--morsel-rows') };
const scan = () => scanCsv(path, { schema: { ...SALES_SCHEMA } });

/** Q1, summarised as the harness compares it: Monday rows, last and Σ of their cumulative sums. */
async function q1(): Promise<Q1Answer> {
  const q = scan()
    .withColumns(col('date').str.toDate('%Y-%m-%d'), col('amount').cumSum().alias('cum'))
    .filter(col('date').dt.weekday().eq(1))
    .select(col('cum'));
  const a: Q1Answer = { rows: 0, lastCumsum: 0, sumCumsum: 0 };
  for await (const m of q.stream(exec)) {
    const c = m.columns[0]!;
    if (c.type !== 'float64') throw new Error(`cum is ${c.type}`);
    for (let i = 0; i < m.length; i++) a.sumCumsum += c.values[i]!;
    if (m.length) a.lastCumsum = c.values[m.length - 1]!;
    a.rows += m.length;
  }
  return a;
}

async function q2(): Promise<Q2Answer> {
  const df = await scan()
    .groupBy('store')
    .agg(col('amount').sum().alias('sum'), len().alias('count'))
    .collect(exec);
  const rows = df.toRows() as { store: number; sum: number; count: number }[];
  return { stores: rows.map((r) => [Number(r.store), r.sum, Number(r.count)]) };
}

async function countNewlines(): Promise<number> {
  const fh = await open(path!, 'r');
  const buf = Buffer.allocUnsafe(1 << 22);
  let n = 0;
  let pos = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    for (let k = buf.indexOf(10, 0); k !== -1 && k < bytesRead; k = buf.indexOf(10, k + 1)) n++;
    pos += bytesRead;
  }
  await fh.close();
  return n;
}

async function time<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  const ms = performance.now() - t0;
  console.log(
    `${name.padEnd(10)} ${(ms / 1000).toFixed(3)} s   rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
  return r;
}

if (query) {
  const t0 = performance.now();
  report(query === 'q1' ? await q1() : await q2(), t0);
} else {
  await time('newlines', countNewlines);
  // warm the worker pool so thread start-up is not charged to Q1
  await scan().limit(1).collect(exec);
  const a1 = await time('Q1', q1);
  const a2 = await time('Q2', q2);
  console.log(`Q1 rows ${a1.rows}, Q2 groups ${a2.stores.length}`);
}
