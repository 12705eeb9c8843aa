// fromArrow(): Arrow Tables, RecordBatches (arrays, async iterables, readers) and IPC bytes (file and
// stream) as a query source, against DuckDB on the same rows (loaded from CSV); nulls and every type,
// empty tables, projection push-down, zero-copy, JSON placeholders and errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  RecordBatchReader,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type RecordBatch,
} from 'apache-arrow';
import { LazyFrame, QueryError, col, fromArrow, len, lit, type ArrowInput } from '../src/index.ts';
import { openOracle, readCsv, type Oracle } from './support/duckdb-oracle.ts';
import { assertRowsEqual, rng, sortRows, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 120_000 };
const P53 = 2n ** 53n;
const N = 150;
const BATCH = 40;

interface Row {
  id: bigint;
  i: bigint | null;
  n: number | null;
  f: number | null;
  b: boolean | null;
  d: string | null;
  s: string | null;
}

const STRINGS = ['plain', 'with,comma', 'say "hi"', 'ünïcödé €', '', 'x'];

function rows(): Row[] {
  const r = rng(2024);
  const maybe = <V>(v: V): V | null => (r() < 0.12 ? null : v);
  return Array.from({ length: N }, (_, k) => {
    const u = r();
    const i =
      u < 0.3
        ? P53 + BigInt(Math.floor(r() * 2 ** 20))
        : u < 0.4
          ? -(P53 + 5n)
          : BigInt(Math.floor(r() * 1000));
    const day = Math.floor(r() * 40000) - 10000;
    return {
      id: BigInt(k),
      i: maybe(i * (r() < 0.2 ? 2n ** 6n : 1n)),
      n: maybe(Math.floor(r() * 2000) - 1000),
      f: maybe(Math.round(r() * 1e6 - 5e5) / 64),
      b: maybe(r() < 0.5),
      d: maybe(new Date(day * 86_400_000).toISOString().slice(0, 10)),
      s: maybe(STRINGS[Math.floor(r() * STRINGS.length)]!),
    };
  });
}

function tableOf(rs: Row[], dictionary = false): Table {
  const chunk = (part: Row[]) =>
    new Table({
      id: vectorFromArray(
        part.map((x) => x.id),
        new Int64(),
      ),
      i: vectorFromArray(
        part.map((x) => x.i),
        new Int64(),
      ),
      n: vectorFromArray(
        part.map((x) => x.n),
        new Int32(),
      ),
      f: vectorFromArray(
        part.map((x) => x.f),
        new Float64(),
      ),
      b: vectorFromArray(
        part.map((x) => x.b),
        new Bool(),
      ),
      d: vectorFromArray(
        part.map((x) => (x.d === null ? null : new Date(x.d))),
        new DateDay(),
      ),
      s: vectorFromArray(
        part.map((x) => x.s),
        dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8(),
      ),
    });
  const parts: Table[] = [];
  for (let k = 0; k < rs.length; k += BATCH) parts.push(chunk(rs.slice(k, k + BATCH)));
  return parts.length ? parts[0]!.concat(...parts.slice(1)) : chunk([]);
}

function writeCsv(path: string, rs: Row[]): void {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['id,i,n,f,b,d,s'];
  for (const x of rs)
    lines.push(
      [x.id, x.i, x.n, x.f, x.b, x.d, x.s === null ? null : q(x.s)]
        .map((v) => (v === null ? '' : String(v)))
        .join(','),
    );
  writeFileSync(path, lines.join('\n') + '\n');
}

const DUCK = {
  id: 'BIGINT',
  i: 'BIGINT',
  n: 'INTEGER',
  f: 'DOUBLE',
  b: 'BOOLEAN',
  d: 'DATE',
  s: 'VARCHAR',
};

async function* batchesOf(t: Table): AsyncGenerator<RecordBatch> {
  for (const b of t.batches) yield b;
}

const CONFIGS = [
  { workers: 0, morselRows: 100_000 },
  { workers: 0, morselRows: 7 },
  { workers: 2, morselRows: 7 },
  { workers: 2, morselRows: BATCH },
];

interface Case {
  name: string;
  q: (lf: LazyFrame) => LazyFrame;
  sql: string;
  unordered?: boolean;
}

const cum = (c: string) =>
  `CASE WHEN ${c} IS NULL THEN NULL ELSE sum(${c}) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) END`;

const CASES: Case[] = [
  { name: 'every column and type, with nulls', q: (lf) => lf, sql: 'SELECT * FROM t ORDER BY id' },
  {
    name: 'filter and computed columns',
    q: (lf) =>
      lf
        .filter(col('i').gt(lit(P53)).or(col('b')))
        .withColumns(
          col('f').mul(2).alias('f2'),
          col('i').add(col('n')).alias('inn'),
          col('d').dt.year().alias('y'),
        )
        .select('id', 'f2', 'inn', 'y', 's'),
    sql: `SELECT id, f * 2 AS f2, i + n AS inn, year(d) AS y, s FROM t WHERE i > 9007199254740992 OR b ORDER BY id`,
  },
  {
    name: 'group-by with every aggregate',
    q: (lf) =>
      lf
        .groupBy('s')
        .agg(
          col('i').sum().alias('si'),
          col('f').mean().alias('mf'),
          col('d').min().alias('dmin'),
          col('n').max().alias('nmax'),
          col('b').count().alias('cb'),
          len().alias('rows'),
        ),
    sql: `SELECT s, sum(i) AS si, avg(f) AS mf, min(d) AS dmin, max(n) AS nmax, count(b) AS cb, count(*) AS rows
      FROM t GROUP BY s`,
    unordered: true,
  },
  {
    name: 'cumSum in stream order',
    q: (lf) => lf.select('id', col('i').cumSum().alias('ci'), col('f').cumSum().alias('cf')),
    sql: `SELECT id, ${cum('i')} AS ci, ${cum('f')} AS cf FROM t ORDER BY id`,
  },
  {
    name: 'projection and a date filter',
    q: (lf) => lf.filter(col('d').lt('2000-01-01')).select('s', 'id'),
    sql: `SELECT s, id FROM t WHERE d < DATE '2000-01-01' ORDER BY id`,
  },
  { name: 'limit', q: (lf) => lf.limit(13), sql: 'SELECT * FROM t ORDER BY id LIMIT 13' },
];

describe('fromArrow: results agree with DuckDB', () => {
  let db: Oracle;
  const data = rows();
  const table = tableOf(data);
  const dictTable = tableOf(data, true);
  const stream = tableToIPC(table, 'stream');
  const file = tableToIPC(table, 'file');
  const sources: [string, () => ArrowInput][] = [
    ['Table', () => table],
    ['Table with dictionary-encoded strings', () => dictTable],
    ['RecordBatch[]', () => table.batches],
    ['async iterable', () => batchesOf(table)],
    ['RecordBatchReader', () => RecordBatchReader.from(stream)],
    ['IPC stream bytes', () => stream],
    ['IPC file bytes', () => file],
  ];
  before(async () => {
    const path = join(tmpDir(), 'arrow.csv');
    writeCsv(path, data);
    db = await openOracle();
    await db.query(`CREATE TABLE t AS SELECT * FROM ${readCsv(path, DUCK)}`);
  });
  after(() => db.close());

  it('the data has several batches and int64 beyond 2^53', () => {
    assert.ok(table.batches.length > 2);
    assert.ok(data.some((r) => r.i !== null && r.i > P53));
  });

  for (const c of CASES)
    it(c.name, T, async () => {
      const want = await db.query(c.sql);
      for (const [what, src] of sources)
        for (const cfg of CONFIGS) {
          const got = (await c.q(fromArrow(src())).collect(cfg)).toRows();
          const where = `${c.name} / ${what} / ${JSON.stringify(cfg)}`;
          if (c.unordered) assertRowsEqual(sortRows(got), sortRows(want), where);
          else assertRowsEqual(got, want, where);
        }
    });

  it('the source table is intact after queries on worker threads', T, async () => {
    const before = table.getChild('f')!.toArray().slice();
    for (let k = 0; k < 2; k++)
      await fromArrow(table).select('f', 's').collect({ workers: 2, morselRows: BATCH });
    assert.deepEqual(table.getChild('f')!.toArray(), before);
    assert.equal(table.getChild('s')!.get(0), data[0]!.s);
  });
});

describe('fromArrow: empty sources', () => {
  const empty = tableOf([]);
  it('an empty table keeps its schema; aggregates see no rows', T, async () => {
    for (const src of [empty, tableToIPC(empty, 'stream'), tableToIPC(empty, 'file')]) {
      const df = await fromArrow(src).select('id', 's', 'd').collect({ workers: 0 });
      assert.equal(df.length, 0);
      assert.deepEqual(df.schema, [
        { name: 'id', type: 'int64' },
        { name: 's', type: 'utf8' },
        { name: 'd', type: 'date' },
      ]);
      const agg = await fromArrow(src).agg(len(), col('i').sum()).collect({ workers: 2 });
      assert.deepEqual(agg.toRows(), [{ len: 0, i: null }]);
    }
  });

  it('an iterable with no batches has no columns', T, async () => {
    const df = await fromArrow([]).agg(len()).collect({ workers: 0 });
    assert.deepEqual(df.toRows(), [{ len: 0 }]);
    await assert.rejects(
      fromArrow([]).select('a').collect(),
      /unknown column "a".*available columns: \(none\)/,
    );
  });
});

describe('fromArrow: columnar, projected, zero-copy', () => {
  const table = tableOf(rows());
  it('unread columns are never converted (an unsupported type only fails when read)', T, async () => {
    const withList = new Table({
      a: vectorFromArray([1, 2, 3], new Int32()),
      l: vectorFromArray([[1], [2, 3], [4]]),
    });
    const df = await fromArrow(withList).select(col('a').mul(10)).collect({ workers: 0 });
    assert.deepEqual(df.column('a'), [10, 20, 30]);
    await assert.rejects(fromArrow(withList).select('l').collect({ workers: 0 }), /column l: Arrow type/);
  });

  it('a projected column streams out as the Arrow buffer itself (workers: 0)', T, async () => {
    const j = table.schema.fields.findIndex((f) => f.name === 'f');
    let k = 0;
    for await (const m of fromArrow(table).select('f').stream({ workers: 0, morselRows: BATCH })) {
      const values = (m.columns[0] as { values: Float64Array }).values;
      assert.equal(values.buffer, table.batches[k]!.getChildAt(j)!.data[0]!.values.buffer);
      k++;
    }
    assert.equal(k, table.batches.length);
  });
});

describe('fromArrow: JSON placeholders and errors', () => {
  const table = tableOf(rows());
  const q = () =>
    fromArrow(table, { name: 'sales' }).filter(col('n').gt(0)).groupBy('b').agg(col('i').sum(), len());

  it('toJSON names the source; fromJSON binds data to the name', T, async () => {
    const json = JSON.stringify(q().toJSON());
    assert.match(json, /"op":"memory","schema":\[\],"columns":\[\],"arrow":"sales"/);
    const want = sortRows((await q().collect({ workers: 0 })).toRows());
    const back = LazyFrame.fromJSON(json, { arrow: { sales: tableToIPC(table, 'stream') } });
    assert.deepEqual(sortRows((await back.collect({ workers: 2, morselRows: 9 })).toRows()), want);
  });

  it('an unbound placeholder is a QueryError that says how to bind it', T, async () => {
    const json = JSON.stringify(q().toJSON());
    await assert.rejects(
      LazyFrame.fromJSON(json).collect(),
      (e: Error) =>
        e instanceof QueryError &&
        /Arrow source "sales", which has no data bound: pass it as LazyFrame\.fromJSON\(json, \{ arrow: \{ "sales"/.test(
          e.message,
        ),
    );
  });

  it('unknown columns, bad bytes and a re-read one-shot iterator fail clearly', T, async () => {
    await assert.rejects(
      fromArrow(table).select('nope').collect(),
      (e: Error) =>
        e instanceof QueryError &&
        /unknown column "nope" in select; available columns: id, i, n, f, b, d, s/.test(e.message),
    );
    await assert.rejects(
      fromArrow(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])).collect(),
      /fromArrow: the bytes are not an Arrow IPC file or stream/,
    );
    const once = fromArrow(batchesOf(table), { name: 'once' }).agg(len());
    assert.deepEqual((await once.collect()).toRows(), [{ len: N }]);
    await assert.rejects(
      once.collect(),
      /Arrow source "once" was a one-shot iterator and has been read already/,
    );
  });
});
