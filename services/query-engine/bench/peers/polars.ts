// nodejs-polars, lazy, on the streaming engine. The CSV schema is given, so no inference pass runs.
import pl from 'nodejs-polars';
import { args, report } from './common';

const { csv, query } = args();
const t0 = performance.now();
const scan = pl.scanCSV(csv, {
  hasHeader: true,
  schema: { date: pl.Utf8, store: pl.Int64, amount: pl.Float64, product: pl.Utf8 },
});
if (query === 'q1') {
  const df = scan
    .select(
      pl.col('date').str.strptime(pl.Date, '%Y-%m-%d').alias('date'),
      pl.col('amount').cumSum().alias('cs'),
    )
    .filter(pl.col('date').dt.weekday().eq(1))
    .select(pl.len().alias('rows'), pl.col('cs').last().alias('last'), pl.col('cs').sum().alias('sum'))
    .collectSync({ engine: 'streaming' });
  const [row] = df.toRecords() as { rows: number; last: number | null; sum: number | null }[];
  report({ rows: Number(row!.rows), lastCumsum: row!.last ?? 0, sumCumsum: row!.sum ?? 0 }, t0);
} else {
  const df = scan
    .groupBy('store')
    .agg(pl.col('amount').sum().alias('sum'), pl.len().alias('count'))
    .collectSync({ engine: 'streaming' });
  const stores = df.toRecords() as { store: number; sum: number; count: number }[];
  report({ stores: stores.map((r) => [Number(r.store), r.sum, Number(r.count)]) }, t0);
}
