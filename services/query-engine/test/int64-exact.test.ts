// int64 beyond 2^53 (where doubles stop being exact) and near ±2^63, against DuckDB: arithmetic,
// comparisons, casts, filters, group-by keys, aggregates and cumSum, from memory and from CSV, in every
// worker/morsel configuration; and the overflow errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, col, fromColumns, len, lit, scanCsv, type LazyFrame, type Value } from '../src/index.ts';
import { openOracle, readCsv, type Oracle } from './support/duckdb-oracle.ts';
import { CONFIGS, assertRowsEqual, rng, sortRows, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 120_000 };
const P53 = 2n ** 53n;
const P63 = 2n ** 63n;
const N = 240;

const KEYS = [1n, 2n, P53, P53 + 1n, -(P53 + 1n), P63 - 1n, P63 - 2n, -P63, null];
const Z = [P63 - 1n, -P63, P63 - 2n, -P63 + 1n, P53, P53 + 1n, -(P53 - 1n), 0n, 5n, null];
const F = [1.5, 2.5, -2.5, 9007199254740992, 9007199254740994, 2 ** 60, -(2 ** 62), 0, 123.25, null];

function data(): Record<string, Value[]> {
  const r = rng(53);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const big = (bits: number) => {
    const hi = BigInt(Math.floor(r() * 2 ** (bits - 32)));
    return (hi << 32n) | BigInt(Math.floor(r() * 2 ** 32));
  };
  const cols: Record<string, Value[]> = { id: [], k: [], m: [], y: [], z: [], f: [], w: [], s: [] };
  for (let i = 0; i < N; i++) {
    const u = r();
    // |m| < 2^55, so sums of all N rows still fit int64 while passing 2^53 early
    const m =
      u < 0.1
        ? null
        : u < 0.3
          ? BigInt(Math.floor(r() * 2001) - 1000)
          : u < 0.45
            ? P53 + BigInt(Math.floor(r() * 7) - 3)
            : (r() < 0.5 ? -1n : 1n) * big(55);
    cols.id!.push(i);
    cols.k!.push(pick(KEYS));
    cols.m!.push(m);
    cols.y!.push(r() < 0.1 ? null : Math.floor(r() * 7) - 3);
    cols.z!.push(pick(Z));
    cols.f!.push(pick(F));
    // every value safe, the sums are not: the double accumulators must notice
    cols.w!.push(
      r() < 0.05 ? null : 2 ** 49 + Math.floor(r() * 2 ** 17) * 2 ** 32 + Math.floor(r() * 2 ** 32),
    );
    cols.s!.push(m === null ? null : ` ${m} `);
  }
  return cols;
}

const SCHEMA = {
  id: 'int64',
  k: 'int64',
  m: 'int64',
  y: 'int64',
  z: 'int64',
  f: 'float64',
  w: 'int64',
  s: 'utf8',
} as const;
const DUCK = {
  id: 'BIGINT',
  k: 'BIGINT',
  m: 'BIGINT',
  y: 'BIGINT',
  z: 'BIGINT',
  f: 'DOUBLE',
  w: 'BIGINT',
  s: 'VARCHAR',
};

function writeCsv(path: string, cols: Record<string, Value[]>): void {
  const names = Object.keys(cols);
  const lines = [names.join(',')];
  for (let i = 0; i < N; i++)
    lines.push(
      names
        .map((c) => {
          const v = cols[c]![i];
          return v === null || v === undefined ? '' : typeof v === 'string' ? `"${v}"` : String(v);
        })
        .join(','),
    );
  writeFileSync(path, lines.join('\n') + '\n');
}

const cum = (c: string) =>
  `CASE WHEN ${c} IS NULL THEN NULL ELSE sum(${c}) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) END`;

interface Case {
  name: string;
  q: (lf: LazyFrame) => LazyFrame;
  sql: string;
  unordered?: boolean;
}

const CASES: Case[] = [
  {
    name: 'arithmetic + - * % / exact beyond 2^53',
    q: (lf) =>
      lf.select(
        'id',
        col('m').add(col('y')).alias('a'),
        col('m').sub(col('y')).alias('b'),
        col('m').mul(col('y')).alias('c'),
        col('m').mod(col('y')).alias('d'),
        col('m').div(col('y')).alias('e'),
        col('m').add(col('m')).alias('g'),
        col('m').add(lit(P53)).alias('h'),
        col('z').mod(7).alias('i'),
        col('w').mul(col('w').mod(64)).alias('j'),
        col('m').add(col('f')).alias('l'),
      ),
    sql: `SELECT id, m + y AS a, m - y AS b, m * y AS c, m % y AS d, m / y AS e, m + m AS g,
      m + 9007199254740992 AS h, z % 7 AS i, w * (w % 64) AS j, m + f AS l FROM t ORDER BY id`,
  },
  {
    name: 'comparisons: int64 exactly, int64 with float64 as doubles (as DuckDB)',
    q: (lf) =>
      lf.select(
        'id',
        col('m').lt(col('z')).alias('a'),
        col('z')
          .eq(lit(P63 - 1n))
          .alias('b'),
        col('k')
          .eq(lit(P53 + 1n))
          .alias('c'),
        col('m').gt(col('f')).alias('d'),
        col('z').gte(col('m')).alias('e'),
        col('k').neq(col('z')).alias('g'),
        col('k').lte(lit(P53)).alias('h'),
        col('z').eq(col('f')).alias('i'),
      ),
    sql: `SELECT id, m < z AS a, z = 9223372036854775807 AS b, k = 9007199254740993 AS c, m > f AS d,
      z >= m AS e, k <> z AS g, k <= 9007199254740992 AS h, z = f AS i FROM t ORDER BY id`,
  },
  {
    name: 'casts int64 <-> float64 <-> utf8',
    q: (lf) =>
      lf.select(
        'id',
        col('m').cast('float64').alias('a'),
        col('m').cast('utf8').alias('b'),
        col('z').cast('utf8').alias('c'),
        col('f').cast('int64').alias('d'),
        col('s').cast('int64').alias('e'),
        col('z').cast('float64').alias('g'),
        col('k').cast('utf8').cast('int64').alias('h'),
      ),
    sql: `SELECT id, CAST(m AS DOUBLE) AS a, CAST(m AS VARCHAR) AS b, CAST(z AS VARCHAR) AS c,
      CAST(f AS BIGINT) AS d, CAST(s AS BIGINT) AS e, CAST(z AS DOUBLE) AS g, CAST(CAST(k AS VARCHAR) AS BIGINT) AS h
      FROM t ORDER BY id`,
  },
  {
    name: 'filters on values beyond 2^53',
    q: (lf) =>
      lf
        .filter(
          col('m')
            .gt(lit(P53))
            .or(col('z').lt(lit(-P53)))
            .or(col('k').eq(lit(P53 + 1n))),
        )
        .select('id', 'm', 'z', 'k'),
    sql: `SELECT id, m, z, k FROM t WHERE m > 9007199254740992 OR z < -9007199254740992 OR k = 9007199254740993
      ORDER BY id`,
  },
  {
    name: 'group-by int64 keys that round to the same double stay apart; exact aggregates',
    q: (lf) =>
      lf
        .groupBy('k')
        .agg(
          col('m').sum().alias('sm'),
          col('m').min().alias('lo'),
          col('m').max().alias('hi'),
          col('m').mean().alias('av'),
          col('m').count().alias('cm'),
          len().alias('n'),
          col('z').min().alias('zlo'),
          col('z').max().alias('zhi'),
          col('w').sum().alias('sw'),
        ),
    sql: `SELECT k, sum(m) AS sm, min(m) AS lo, max(m) AS hi, avg(m) AS av, count(m) AS cm, count(*) AS n,
      min(z) AS zlo, max(z) AS zhi, sum(w) AS sw FROM t GROUP BY k`,
    unordered: true,
  },
  {
    name: 'group-by on two keys and on extreme keys',
    q: (lf) => lf.groupBy('z', 'y').agg(col('m').sum().alias('sm'), len().alias('n')),
    sql: `SELECT z, y, sum(m) AS sm, count(*) AS n FROM t GROUP BY z, y`,
    unordered: true,
  },
  {
    name: 'group-by one extreme key',
    q: (lf) => lf.groupBy('z').agg(col('w').sum().alias('sw'), col('m').max().alias('hi')),
    sql: `SELECT z, sum(w) AS sw, max(m) AS hi FROM t GROUP BY z`,
    unordered: true,
  },
  {
    name: 'aggregates over all rows',
    q: (lf) =>
      lf.agg(
        col('m').sum().alias('sm'),
        col('w').sum().alias('sw'),
        col('z').min().alias('zlo'),
        col('z').max().alias('zhi'),
        col('w').mean().alias('aw'),
        col('z').count().alias('cz'),
      ),
    sql: `SELECT sum(m) AS sm, sum(w) AS sw, min(z) AS zlo, max(z) AS zhi, avg(w) AS aw, count(z) AS cz FROM t`,
  },
  {
    name: 'cumSum past 2^53 (local sums and the ordered fix-up)',
    q: (lf) => lf.select('id', col('m').cumSum().alias('cm'), col('w').cumSum().alias('cw')),
    sql: `SELECT id, ${cum('m')} AS cm, ${cum('w')} AS cw FROM t ORDER BY id`,
  },
  {
    name: 'cumSum then a filter on it',
    q: (lf) =>
      lf
        .withColumns(col('w').cumSum().alias('cw'))
        .filter(col('cw').gt(lit(20n * P53)))
        .select('id', 'cw'),
    sql: `SELECT id, cw FROM (SELECT id, ${cum('w')} AS cw FROM t) WHERE cw > ${20n * P53} ORDER BY id`,
  },
];

describe('int64: exact beyond 2^53, against DuckDB', () => {
  let db: Oracle;
  const cols = data();
  const path = join(tmpDir(), 'big.csv');
  const sources: [string, () => LazyFrame][] = [
    ['memory', () => fromColumns(cols, { ...SCHEMA })],
    ['csv', () => scanCsv(path, { schema: { ...SCHEMA } })],
  ];
  before(async () => {
    writeCsv(path, cols);
    db = await openOracle();
    await db.query(`CREATE TABLE t AS SELECT * FROM ${readCsv(path, DUCK)}`);
  });
  after(() => db.close());

  for (const c of CASES)
    it(c.name, T, async () => {
      const want = await db.query(c.sql);
      for (const [src, lf] of sources)
        for (const cfg of CONFIGS) {
          const got = (await c.q(lf()).collect(cfg)).toRows();
          const what = `${c.name} / ${src} / ${JSON.stringify(cfg)}`;
          if (c.unordered) assertRowsEqual(sortRows(got), sortRows(want), what);
          else assertRowsEqual(got, want, what);
        }
    });

  it('the data really crosses 2^53 and 2^63 - 1', T, async () => {
    const [row] = await db.query(
      `SELECT max(abs(m)) > 9007199254740992 AS a, max(z) = 9223372036854775807 AS b, sum(w) > 9007199254740992 AS c FROM t`,
    );
    assert.deepEqual(row, { a: true, b: true, c: true });
  });
});

describe('int64: small values stay on doubles', () => {
  it('arithmetic, sums and cumSum of small values give Float64Array columns', T, async () => {
    const df = await fromColumns({ a: [1, 2, 3, null], b: [4, 5, 6, 7] })
      .select(col('a').add(col('b')).mul(3).alias('x'), col('a').cumSum().alias('c'))
      .collect({ workers: 0 });
    for (const c of df.columns) assert.ok(c.type === 'int64' && c.values instanceof Float64Array);
    const g = await fromColumns({ a: [1, 2, 3, null] })
      .agg(col('a').sum())
      .collect({ workers: 0 });
    assert.ok(g.columns[0]!.type === 'int64' && g.columns[0]!.values instanceof Float64Array);
    assert.deepEqual(g.toRows(), [{ a: 6 }]);
  });

  it('a result beyond 2^53 leaves doubles for an exact BigInt64Array', T, async () => {
    const df = await fromColumns({ a: [2 ** 52, 3, -1] })
      .select(col('a').mul(3).add(1).alias('x'))
      .collect({ workers: 0 });
    const x = df.columns[0]!;
    assert.ok(x.type === 'int64' && x.values instanceof BigInt64Array);
    assert.deepEqual(df.column('x'), [3n * 2n ** 52n + 1n, 10, -2]);
  });
});

describe('int64: overflow is an error naming the operation', () => {
  let db: Oracle;
  before(async () => (db = await openOracle()));
  after(() => db.close());
  const max = P63 - 1n;
  const df = () =>
    fromColumns(
      { id: [0, 1, 2], z: [1n, max, -P63], f: [1, 1e19, 2] },
      { id: 'int64', z: 'int64', f: 'float64' },
    );
  const cases: [string, (lf: LazyFrame) => LazyFrame, RegExp, string, RegExp][] = [
    [
      'addition',
      (lf) => lf.select(col('z').add(1)),
      /int64 overflow in addition: 9223372036854775807 \+ 1/,
      'SELECT z + 1 FROM t',
      /Overflow in addition of INT64/,
    ],
    [
      'subtraction',
      (lf) => lf.select(lit(0).sub(col('z'))),
      /int64 overflow in subtraction: 0 - -9223372036854775808/,
      'SELECT 0 - z FROM t',
      /Overflow in subtraction of INT64/,
    ],
    [
      'multiplication',
      (lf) => lf.select(col('z').mul(col('z'))),
      /int64 overflow in multiplication/,
      'SELECT z * z FROM t',
      /Overflow in multiplication of INT64/,
    ],
    [
      'modulo',
      (lf) => lf.select(col('z').mod(-1)),
      /int64 overflow in modulo: -9223372036854775808 % -1/,
      'SELECT z % -1 FROM t',
      /Overflow in division/,
    ],
    [
      'cast',
      (lf) => lf.select(col('f').cast('int64')),
      /cast: value 10000000000000000000 of float64 is out of range for int64/,
      'SELECT CAST(f AS BIGINT) FROM t',
      /out of range for the destination type INT64/,
    ],
  ];
  for (const [name, q, engineErr, sql, duckErr] of cases)
    it(name, T, async () => {
      await db.query(
        `CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES (0, 1::BIGINT, 1::DOUBLE), (1, ${max}::BIGINT, 1e19), (2, (-${P63})::BIGINT, 2)) v(id, z, f)`,
      );
      await assert.rejects(db.query(sql), duckErr);
      for (const cfg of [
        { workers: 0, morselRows: 100 },
        { workers: 2, morselRows: 1 },
      ])
        await assert.rejects(
          q(df()).collect(cfg),
          (e: Error) => e instanceof DataError && engineErr.test(e.message),
        );
    });

  it('a cast from text beyond int64', T, async () => {
    await assert.rejects(
      fromColumns({ s: ['1', '99999999999999999999'] })
        .select(col('s').cast('int64'))
        .collect({ workers: 0 }),
      /cast: cannot convert "99999999999999999999" to int64/,
    );
  });

  it('a sum beyond int64 names the aggregate (DuckDB widens to HUGEINT instead)', T, async () => {
    const [row] = await db.query(`SELECT sum(x) AS s FROM (VALUES (${max}), (${max})) v(x)`);
    assert.equal(row!.s, 2n * max);
    for (const cfg of [
      { workers: 0, morselRows: 100 },
      { workers: 2, morselRows: 1 },
    ]) {
      await assert.rejects(
        fromColumns({ x: [max, max, 3n] })
          .agg(col('x').sum().alias('total'))
          .collect(cfg),
        /int64 overflow in aggregate "total" \(col\("x"\)\.sum\(\)\): the exact sum 18446744073709551617 does not fit in int64/,
      );
      await assert.rejects(
        fromColumns({ x: [max, 1n] })
          .select(col('x').cumSum())
          .collect(cfg),
        /int64 overflow in cumSum: the running sum 9223372036854775808 does not fit in int64/,
      );
    }
    // an intermediate partial sum beyond int64 is fine when the total fits
    const back = await fromColumns({ x: [max, max, -max, -max, 5n] })
      .agg(col('x').sum(), col('x').mean().alias('m'))
      .collect({ workers: 2, morselRows: 1 });
    assert.deepEqual(back.toRows(), [{ x: 5, m: 1 }]);
  });
});
