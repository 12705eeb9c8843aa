// DuckDB. A window without ORDER BY has no defined order in DuckDB, so Q1 numbers the rows first
// (row_number() OVER () on an insertion-order-preserving scan) and orders the running sum by that
// number: correct, and what it costs is the point. DUCKDB_Q1=unordered runs the cheaper, unordered form.
import { DuckDBInstance } from '@duckdb/node-api';
import { args, report } from './common';

const { csv, query } = args();
const t0 = performance.now();
const source = `read_csv('${csv.replaceAll("'", "''")}', header = true, auto_detect = false, delim = ',', quote = '"',
  columns = {'date': 'DATE', 'store': 'INTEGER', 'amount': 'DOUBLE', 'product': 'VARCHAR'})`;
const ordered = process.env.DUCKDB_Q1 !== 'unordered';
const q1 = ordered
  ? `SELECT count(*) AS rows, arg_max(cs, rn) AS last, sum(cs) AS sum FROM (
       SELECT rn, date, sum(amount) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS cs
       FROM (SELECT row_number() OVER () AS rn, date, amount FROM ${source}))
     WHERE isodow(date) = 1`
  : `SELECT count(*) AS rows, last(cs) AS last, sum(cs) AS sum FROM (
       SELECT date, sum(amount) OVER (ROWS UNBOUNDED PRECEDING) AS cs FROM ${source})
     WHERE isodow(date) = 1`;
const q2 = `SELECT store, sum(amount) AS sum, count(*) AS count FROM ${source} GROUP BY store`;

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const rows = (await conn.runAndReadAll(query === 'q1' ? q1 : q2)).getRowObjectsJS();
conn.closeSync();
instance.closeSync();
if (query === 'q1') {
  const r = rows[0]!;
  report({ rows: Number(r.rows), lastCumsum: Number(r.last ?? 0), sumCumsum: Number(r.sum ?? 0) }, t0);
} else {
  report({ stores: rows.map((r) => [Number(r.store), Number(r.sum), Number(r.count)]) }, t0);
}
