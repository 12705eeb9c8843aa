import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryError, col, fromColumns, lit, scanCsv, type Expr } from '../src/index.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { assertRowsEqual, rng, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 30_000 };

function makeData(n: number): string {
  const r = rng(7);
  const lines = ['id,i,j,f,b,s,d'];
  const maybe = (v: string) => (r() < 0.15 ? '' : v);
  for (let id = 0; id < n; id++) {
    const day = new Date(Date.UTC(2023, 11, 1 + Math.floor(r() * 120))).toISOString().slice(0, 10);
    lines.push(
      [
        id,
        maybe(String(Math.floor(r() * 21) - 10)),
        maybe(String(Math.floor(r() * 7) - 3)),
        maybe((Math.round(r() * 2000 - 1000) / 8).toString()),
        maybe(r() < 0.5 ? 'true' : 'false'),
        maybe(['apple', 'Banana', 'cherry', 'ä', 'apple pie', '10', '2'][Math.floor(r() * 7)]!),
        maybe(day),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

describe('expressions against DuckDB', () => {
  let db: Oracle;
  const path = join(tmpDir(), 'e.csv');
  const schema = {
    id: 'int64',
    i: 'int64',
    j: 'int64',
    f: 'float64',
    b: 'bool',
    s: 'utf8',
    d: 'date',
  } as const;
  const duck = `read_csv('${path}', header = true, columns = {'id': 'BIGINT', 'i': 'BIGINT', 'j': 'BIGINT', 'f': 'DOUBLE', 'b': 'BOOLEAN', 's': 'VARCHAR', 'd': 'DATE'})`;
  before(async () => {
    writeFileSync(path, makeData(400));
    db = await openOracle();
  });
  after(() => db.close());

  const cases: [string, Expr, string][] = [
    ['add', col('i').add(col('j')), 'i + j'],
    ['sub lit', col('i').sub(3), 'i - 3'],
    ['mul float', col('f').mul(col('i')), 'f * i'],
    ['div', col('i').div(col('j')), 'i / j'],
    ['mod', col('i').mod(col('j')), 'i % j'],
    ['float add lit', col('f').add(0.5), 'f + 0.5'],
    ['eq', col('i').eq(col('j')), 'i = j'],
    ['neq lit', col('i').neq(0), 'i <> 0'],
    ['lt mixed', col('f').lt(col('i')), 'f < i'],
    ['gte', col('i').gte(-2), 'i >= -2'],
    ['str eq', col('s').eq('apple'), "s = 'apple'"],
    ['str lt', col('s').lt('b'), "s < 'b'"],
    ['str gt col', col('s').gt(lit('apple')), "s > 'apple'"],
    ['date gt str', col('d').gt('2024-01-15'), "d > DATE '2024-01-15'"],
    ['and', col('b').and(col('i').gt(0)), 'b AND i > 0'],
    ['or', col('b').or(col('i').lt(0)), 'b OR i < 0'],
    ['not', col('b').not(), 'NOT b'],
    ['isNull', col('s').isNull(), 's IS NULL'],
    ['isNotNull', col('f').isNotNull(), 'f IS NOT NULL'],
    ['cast f->i', col('f').cast('int64'), 'CAST(f AS BIGINT)'],
    ['cast i->f', col('i').cast('float64'), 'CAST(i AS DOUBLE)'],
    ['cast i->str', col('i').cast('utf8'), 'CAST(i AS VARCHAR)'],
    ['cast b->i', col('b').cast('int64'), 'CAST(b AS BIGINT)'],
    ['cast d->str', col('d').cast('utf8'), 'CAST(d AS VARCHAR)'],
    ['weekday', col('d').dt.weekday(), 'isodow(d)'],
    ['day', col('d').dt.day(), 'day(d)'],
    ['month', col('d').dt.month(), 'month(d)'],
    ['year', col('d').dt.year(), 'year(d)'],
    [
      'toDate roundtrip',
      col('d').cast('utf8').str.toDate('%Y-%m-%d'),
      "strptime(CAST(d AS VARCHAR), '%Y-%m-%d')::DATE",
    ],
    ['null lit', col('i').add(lit(null)), 'i + NULL'],
    [
      'nested',
      col('i').mul(2).add(col('f')).gt(col('j').sub(1)).and(col('s').isNotNull()),
      '(i * 2 + f > j - 1) AND s IS NOT NULL',
    ],
  ];
  for (const [name, expr, sql] of cases)
    it(name, T, async () => {
      for (const cfg of [
        { workers: 0, morselRows: 100_000 },
        { workers: 2, morselRows: 33 },
      ]) {
        const got = (
          await scanCsv(path, { schema: { ...schema } })
            .select('id', expr.alias('v'))
            .collect(cfg)
        ).toRows();
        const want = await db.query(`SELECT id, ${sql} AS v FROM ${duck} ORDER BY id`);
        assertRowsEqual(got, want, name);
      }
    });

  it('filter keeps rows whose predicate is true (not null)', T, async () => {
    const got = (
      await scanCsv(path, { schema: { ...schema } })
        .filter(col('b').or(col('i').gt(3)))
        .select('id')
        .collect({ workers: 2, morselRows: 50 })
    ).toRows();
    assertRowsEqual(got, await db.query(`SELECT id FROM ${duck} WHERE b OR i > 3 ORDER BY id`));
  });

  it('str.toDate formats', T, async () => {
    const df = await fromColumns({ s: ['05/03/2024', '31/12/1999', null] })
      .select(col('s').str.toDate('%d/%m/%Y').alias('a'))
      .collect({ workers: 0 });
    assert.deepEqual(df.column('a'), ['2024-03-05', '1999-12-31', null]);
    const df2 = await fromColumns({ s: ['Mar 5 24', 'dec 31 99'] })
      .select(col('s').str.toDate('%b %d %y'))
      .collect();
    assert.deepEqual(df2.column('s'), ['2024-03-05', '1999-12-31']);
  });
});

describe('expression errors', () => {
  const df = fromColumns({ a: [1, 2], s: ['x', 'y'] });
  it('unknown column lists what exists', T, async () => {
    await assert.rejects(
      df.select(col('nope')).collect(),
      (e: Error) =>
        e instanceof QueryError && /unknown column "nope" in select; available columns: a, s/.test(e.message),
    );
  });
  it('type errors name the expression', T, async () => {
    await assert.rejects(
      df.select(col('a').add(col('s'))).collect(),
      /type error in select: '\+' needs numeric operands, got int64 and utf8 in \(col\("a"\) \+ col\("s"\)\)/,
    );
    await assert.rejects(df.filter(col('a')).collect(), /predicate col\("a"\) is int64, not bool/);
    await assert.rejects(
      df.select(col('a').str.toDate()).collect(),
      /str\.toDate needs a utf8 column, got int64/,
    );
    await assert.rejects(df.select(col('a').sum()).collect(), /only allowed in groupBy\(\)\.agg\(\)/);
  });
  it('bad date formats are rejected before running', T, async () => {
    await assert.rejects(
      df.select(col('s').str.toDate('%Q')).collect(),
      /bad date format "%Q": unsupported specifier %Q/,
    );
    await assert.rejects(
      df.select(col('s').str.toDate('%Y-%m')).collect(),
      /needs a year .* a month .* and a day/,
    );
  });
  it('a failing cast names the value', T, async () => {
    await assert.rejects(
      df.select(col('s').cast('int64')).collect({ workers: 1 }),
      /cast: cannot convert "x" to int64/,
    );
  });
});
