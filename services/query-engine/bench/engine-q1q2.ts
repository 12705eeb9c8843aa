// Q1 and Q2 of issue 5 on a CSV given on the command line (columns date, store, amount, plus a string):
//   npx tsx services/query-engine/bench/engine-q1q2.ts sales.csv [--workers N] [--morsel-rows N]
// Prints wall time per query, and the baseline of reading the file and counting newlines.
import { open } from 'node:fs/promises';
import { col, len, scanCsv } from '../src/index.ts';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--'));
if (!path) {
  console.error('usage: engine-q1q2.ts <file.csv> [--workers N] [--morsel-rows N]');
  process.exit(2);
}
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const exec = { workers: opt('--workers'), morselRows: opt('--morsel-rows') };

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

const schema = { date: 'utf8', store: 'int64', amount: 'float64' } as const;
await time('newlines', countNewlines);
// warm the worker pool so thread start-up is not charged to Q1
await scanCsv(path, { schema: { ...schema } })
  .limit(1)
  .collect(exec);
const q1 = await time('Q1', async () => {
  let rows = 0;
  const q = scanCsv(path, { schema: { ...schema } })
    .withColumns(col('date').str.toDate('%Y-%m-%d'), col('amount').cumSum().alias('cum_amount'))
    .filter(col('date').dt.weekday().eq(1));
  for await (const m of q.stream(exec)) rows += m.length;
  return rows;
});
const q2 = await time('Q2', () =>
  scanCsv(path, { schema: { ...schema } })
    .groupBy('store')
    .agg(col('amount').sum(), len().alias('count'))
    .collect(exec),
);
console.log(`Q1 rows ${q1}, Q2 groups ${q2.length}`);
