// The fused scan + group-by (csv/row-fold.ts): rows folded into the group state inside the CSV row loop.
// When it applies, and that it answers exactly as DuckDB does over the awkward values the general path
// parses (nulls, quoted and exponent numbers, keys outside the dense range and beyond 2^53, CRLF, blank
// lines), in every worker and morsel configuration; and that a bad value still names its line and column.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { col, len, scanCsv } from '../src/index.ts';
import { foldPlan } from '../src/exec/fold.ts';
import type { StageSpec } from '../src/exec/protocol.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { CONFIGS, assertRowsEqual, rng, sortRows, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 60_000 };
const c = (name: string) => ({ kind: 'col' as const, name });
const csv = (columns: { name: string; type: 'int64' | 'float64' | 'utf8' | 'date'; format?: string }[]) => ({
  fieldCount: 4,
  names: ['k', 'x', 'i', 's'],
  columns: columns.map((col, index) => ({ index, ...col })),
  delimiter: 44,
  quote: 34,
});

describe('fused scan + group-by: when it applies', () => {
  const base: StageSpec = {
    csv: csv([
      { name: 'k', type: 'int64' },
      { name: 'x', type: 'float64' },
    ]),
    ops: [],
    agg: {
      key: 'a',
      keys: [{ name: 'k', expr: c('k') }],
      aggs: [
        { name: 's', fn: 'sum', expr: c('x') },
        { name: 'n', fn: 'len' },
        { name: 'm', fn: 'mean', expr: c('x') },
        { name: 'lo', fn: 'min', expr: c('x') },
        { name: 'hi', fn: 'max', expr: c('x') },
        { name: 'kc', fn: 'count', expr: c('k') },
      ],
    },
  };

  it('one int64 key read from the scan, aggregates of float64 columns, len and counts', () => {
    assert.deepEqual(foldPlan(base), {
      key: 0,
      aggs: [
        { fn: 'sum', col: 1 },
        { fn: 'len', col: -1 },
        { fn: 'mean', col: 1 },
        { fn: 'min', col: 1 },
        { fn: 'max', col: 1 },
        { fn: 'count', col: 0 },
      ],
    });
  });

  it('not when an int64 sum or extreme needs its exact path, or the key is not a plain int64 column', () => {
    const agg = base.agg!;
    const cases: StageSpec[] = [
      { ...base, agg: { ...agg, aggs: [{ name: 's', fn: 'sum', expr: c('k') }] } },
      { ...base, agg: { ...agg, aggs: [{ name: 'hi', fn: 'max', expr: c('k') }] } },
      { ...base, agg: { ...agg, keys: [{ name: 'x', expr: c('x') }] } },
      { ...base, agg: { ...agg, keys: [...agg.keys, { name: 'x', expr: c('x') }] } },
      {
        ...base,
        agg: {
          ...agg,
          keys: [{ name: 'k2', expr: { kind: 'binary', op: '+', left: c('k'), right: c('k') } }],
        },
      },
      {
        ...base,
        ops: [
          {
            op: 'filter',
            predicate: { kind: 'binary', op: '>', left: c('x'), right: { kind: 'lit', value: 0 } },
          },
        ],
      },
      {
        ...base,
        csv: csv([
          { name: 'k', type: 'int64' },
          { name: 'x', type: 'float64' },
          { name: 's', type: 'utf8' },
        ]),
      },
      {
        ...base,
        csv: csv([
          { name: 'k', type: 'date' },
          { name: 'x', type: 'float64' },
        ]),
      },
      { ...base, csv: undefined },
      { ...base, agg: undefined },
    ];
    for (const s of cases) assert.equal(foldPlan(s), undefined, JSON.stringify(s));
  });

  it('explain() says which stage is fused', T, async () => {
    const dir = tmpDir();
    const path = join(dir, 'e.csv');
    writeFileSync(path, 'store,amount,name\n1,2.5,a\n');
    assert.match(
      await scanCsv(path).groupBy('store').agg(col('amount').sum(), len()).explain(),
      /partial groupBy \[store\]: sum\(col\("amount"\)\), len \(fused into the CSV row loop\)/,
    );
    assert.doesNotMatch(
      await scanCsv(path).filter(col('amount').gt(1)).groupBy('store').agg(col('amount').sum()).explain(),
      /fused/,
    );
  });
});

describe('fused scan + group-by: answers as DuckDB does', () => {
  let db: Oracle;
  const dir = tmpDir();
  const files: Record<string, string> = {};

  /** Keys and amounts chosen to leave the fast path: nulls, quotes, exponents, big and negative keys. */
  function write(name: string, rows: number, seed: number, crlf = false): string {
    const r = rng(seed);
    const keys = [
      '0',
      '1',
      '7',
      '65535',
      '65536',
      '-3',
      '123456789',
      '9007199254740993',
      '-9223372036854775808',
      '',
    ];
    const lines = ['k,x,i,s'];
    for (let i = 0; i < rows; i++) {
      // blank lines only with LF: DuckDB's sniffer gives up on empty CRLF rows
      if (!crlf && r() < 0.02) lines.push('');
      const k = keys[Math.floor(r() * r() * keys.length)]!;
      const u = r();
      const x =
        u < 0.05
          ? ''
          : u < 0.1
            ? `"${(r() * 100).toFixed(2)}"`
            : u < 0.15
              ? `${Math.floor(r() * 9)}e${Math.floor(r() * 3)}`
              : u < 0.2
                ? `-${(r() * 50).toFixed(3)}`
                : (r() * 1000).toFixed(2);
      const k2 = r() < 0.05 ? `"${k}"` : k;
      lines.push(`${k2},${x},${i},${r() < 0.1 ? `"a, ""quoted""${crlf ? '\r\n' : '\n'}note"` : `n${i}`}`);
    }
    const path = join(dir, name);
    const nl = crlf ? '\r\n' : '\n';
    writeFileSync(path, lines.join(nl) + nl);
    return path;
  }

  before(async () => {
    db = await openOracle();
    files.lf = write('lf.csv', 3000, 1);
    files.crlf = write('crlf.csv', 1000, 2, true);
    files.header = join(dir, 'header.csv');
    writeFileSync(files.header, 'k,x,i,s\n');
  });
  after(() => db.close());

  const schema = { k: 'int64', x: 'float64', i: 'int64', s: 'utf8' } as const;
  const q = (path: string) =>
    scanCsv(path, { schema: { ...schema } })
      .groupBy('k')
      .agg(
        col('x').sum().alias('sx'),
        len().alias('n'),
        col('x').mean().alias('mx'),
        col('x').min().alias('lo'),
        col('x').max().alias('hi'),
        col('x').count().alias('cx'),
        col('k').count().alias('ck'),
      );
  const sql = (path: string) => `
    SELECT k, sum(x) AS sx, count(*) AS n, avg(x) AS mx, min(x) AS lo, max(x) AS hi, count(x) AS cx, count(k) AS ck
    FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"',
      columns = {'k': 'BIGINT', 'x': 'DOUBLE', 'i': 'BIGINT', 's': 'VARCHAR'}) GROUP BY k`;

  for (const name of ['lf', 'crlf', 'header'])
    for (const cfg of CONFIGS)
      it(`${name} workers=${cfg.workers} morselRows=${cfg.morselRows}`, T, async () => {
        const got = (await q(files[name]!).collect(cfg)).toRows();
        assertRowsEqual(sortRows(got), sortRows(await db.query(sql(files[name]!))), name);
      });

  it('a bad value stops the query with its line and column, in every configuration', T, async () => {
    const path = join(dir, 'bad.csv');
    const good = Array.from({ length: 400 }, (_, i) => `${i % 5},${i}.5,${i},n`);
    writeFileSync(path, ['k,x,i,s', ...good, '3,12x,400,n', '4,1.0,401,n'].join('\n') + '\n');
    for (const workers of [0, 2])
      await assert.rejects(
        scanCsv(path, { schema: { ...schema } })
          .groupBy('k')
          .agg(col('x').sum())
          .collect({ workers, morselRows: 50 }),
        /bad\.csv: line 402, column 2 \("x"\): cannot parse "12x" as float64/,
      );
    const big = join(dir, 'big-key.csv');
    writeFileSync(big, 'k,x,i,s\n1,1,1,a\n9223372036854775808,2,2,b\n');
    await assert.rejects(
      scanCsv(big, { schema: { ...schema } })
        .groupBy('k')
        .agg(len())
        .collect({ workers: 0 }),
      /big-key\.csv: line 3, column 1 \("k"\): cannot parse "9223372036854775808" as int64/,
    );
  });
});
