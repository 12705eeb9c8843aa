import { after, before, describe, it } from 'node:test';
import { col, len, scanCsv } from '../src/index.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import {
  CONFIGS,
  assertRowsEqual,
  duckCsv,
  salesRows,
  sortRows,
  tmpDir,
  writeSalesCsv,
} from './support/engine-fixtures.ts';

const T = { timeout: 60_000 };

describe('engine: Q1 and Q2 against DuckDB', () => {
  let db: Oracle;
  const dir = tmpDir();
  const files: Record<string, string> = {};
  before(async () => {
    db = await openOracle();
    files.lf = writeSalesCsv(dir, 'lf.csv', salesRows(500, 1));
    files.crlf = writeSalesCsv(dir, 'crlf.csv', salesRows(300, 2), { crlf: true });
    files.empty = writeSalesCsv(dir, 'empty.csv', []);
  });
  after(() => db.close());

  const q1 = (path: string) =>
    scanCsv(path, { schema: { id: 'int64', date: 'utf8', store: 'int64', amount: 'float64', note: 'utf8' } })
      .withColumns(col('date').str.toDate('%Y-%m-%d'), col('amount').cumSum().alias('cum'))
      .filter(col('date').dt.weekday().eq(1));
  const q1sql = (path: string) => `
    SELECT id, date, store, amount, note, cum FROM (
      SELECT id, strptime(date, '%Y-%m-%d')::DATE AS date, store, amount, note,
        CASE WHEN amount IS NULL THEN NULL ELSE sum(amount) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) END AS cum
      FROM ${duckCsv(path)}) WHERE isodow(date) = 1 ORDER BY id`;
  const q2 = (path: string) =>
    scanCsv(path, { schema: { id: 'int64', date: 'utf8', store: 'int64', amount: 'float64', note: 'utf8' } })
      .groupBy('store')
      .agg(
        col('amount').sum(),
        len().alias('n'),
        col('amount').mean().alias('avg'),
        col('id').min().alias('lo'),
        col('id').max().alias('hi'),
        col('amount').count().alias('k'),
      );
  const q2sql = (path: string) =>
    `SELECT store, sum(amount) AS amount, count(*) AS n, avg(amount) AS avg, min(id) AS lo, max(id) AS hi, count(amount) AS k FROM ${duckCsv(path)} GROUP BY store`;

  for (const name of ['lf', 'crlf', 'empty'])
    for (const cfg of CONFIGS) {
      it(`Q1 ${name} workers=${cfg.workers} morselRows=${cfg.morselRows}`, T, async () => {
        const got = (await q1(files[name]!).collect(cfg)).toRows();
        assertRowsEqual(got, await db.query(q1sql(files[name]!)), 'Q1');
      });
      it(`Q2 ${name} workers=${cfg.workers} morselRows=${cfg.morselRows}`, T, async () => {
        const got = (await q2(files[name]!).collect(cfg)).toRows();
        assertRowsEqual(sortRows(got), sortRows(await db.query(q2sql(files[name]!))), 'Q2');
      });
    }
});
