// A stage's filters and projections compiled into the CSV row loop (src/exec/fuse-ops.ts). Which stages
// compile, and that a compiled stage answers exactly as the column-at-a-time path does (same rows, same
// bits) on random pipelines over awkward data, and as DuckDB does on Q1's shape.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { col, lit, scanCsv, type Expr } from '../src/index.ts';
import { fuseOps } from '../src/exec/fuse-ops.ts';
import type { OpSpec } from '../src/exec/protocol.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { assertRowsEqual, rng, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 240_000 };
type ColType = 'float64' | 'date' | 'int64' | 'utf8';
const parse = (types: ColType[]) => ({
  fieldCount: types.length,
  names: types.map((_, i) => `c${i}`),
  columns: types.map((type, index) => ({ index, name: `c${index}`, type })),
  delimiter: 44,
  quote: 34,
});
const project = (exprs: Record<string, Expr>, append = true): OpSpec => ({
  op: 'project',
  append,
  exprs: Object.entries(exprs).map(([name, e]) => ({ name, expr: e.node })),
});
const filter = (e: Expr): OpSpec => ({ op: 'filter', predicate: e.node });

describe('fused ops: which stages compile', () => {
  it("Q1's stage: running sum, weekday filter, select", () => {
    const ops = [
      project({ c1: col('c1'), cum: col('c0').cumSum() }),
      filter(col('c1').dt.weekday().eq(1)),
      project({ cum: col('cum') }, false),
    ];
    assert.deepEqual(fuseOps(parse(['float64', 'date']), ops)?.outputs, [{ name: 'cum', type: 'float64' }]);
  });

  it('not with an int64 or text column, int arithmetic, casts, typed or text literals', () => {
    const cases: [ColType[], OpSpec[]][] = [
      [['int64', 'float64'], [filter(col('c1').gt(1))]],
      [['utf8', 'float64'], [filter(col('c1').gt(1))]],
      [['date', 'float64'], [project({ w: col('c0').dt.weekday().add(1) })]],
      [['date', 'float64'], [project({ w: col('c1').cast('int64') })]],
      [['date', 'float64'], [filter(col('c1').gt(lit(1, 'float64')))]],
      [['date', 'float64'], [filter(col('c0').gt(lit('2024-01-01')))]],
      [['date', 'float64'], [project({ s: col('c0').dt.month().cumSum() })]],
      [['date', 'float64'], [filter(col('nope').gt(1))]],
    ];
    for (const [types, ops] of cases)
      assert.equal(fuseOps(parse(types), ops), undefined, JSON.stringify(ops));
  });
});

describe('fused ops: the same answers as column at a time', () => {
  let db: Oracle;
  const dir = tmpDir();
  let path = '';

  before(async () => {
    db = await openOracle();
    const r = rng(11);
    const num = () => {
      const u = r();
      if (u < 0.08) return '';
      if (u < 0.12) return `"${(r() * 20 - 10).toFixed(2)}"`;
      if (u < 0.16) return `${Math.floor(r() * 9)}e${Math.floor(r() * 3)}`;
      if (u < 0.18) return '-0';
      return (r() * 200 - 100).toFixed(Math.floor(r() * 4));
    };
    const lines = ['f,d,g'];
    for (let i = 0; i < 4000; i++) {
      const day =
        r() < 0.05
          ? ''
          : new Date(Date.UTC(2020, 0, 1) + Math.floor(r() * 1500) * 864e5).toISOString().slice(0, 10);
      lines.push(`${num()},${day},${num()}`);
    }
    path = join(dir, 'fd.csv');
    writeFileSync(path, lines.join('\n') + '\n');
  });
  after(() => db.close());

  const schema = { f: 'float64', d: 'date', g: 'float64' } as const;
  const num = fc.constantFrom(
    col('f'),
    col('g'),
    col('f').add(col('g')),
    col('f').mul(2.5),
    col('g').div(col('f')),
    col('f').mod(7),
    col('d').dt.weekday(),
    col('d').dt.month(),
    col('d').dt.day(),
  );
  const pred = fc.oneof(
    fc
      .tuple(num, fc.constantFrom('lt', 'gte', 'eq', 'neq'), fc.integer({ min: -20, max: 20 }))
      .map(([a, op, k]) => a[op as 'lt'](k)),
    fc.constantFrom(
      col('f').isNull(),
      col('g').isNotNull(),
      col('d').isNull(),
      col('d').lt(col('d')).not(),
      col('f').gt(0).and(col('g').lt(0)),
      col('f').gt(10).or(col('g').isNull()),
      col('d').dt.weekday().eq(1),
    ),
  );
  const step = fc.oneof(
    pred.map((p) => ({ kind: 'filter' as const, p })),
    fc
      .tuple(num, fc.boolean())
      .map(([e, cum]) => ({ kind: 'with' as const, e: cum ? col('f').cumSum() : e })),
    // a predicate as a column: null and false differ there, unlike in a filter
    pred.map((e) => ({ kind: 'with' as const, e })),
  );

  it('random filters and projections: identical rows, fused or not, in any configuration', T, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 2),
        fc.constantFrom(37, 500, 100_000),
        async (steps, workers, morselRows) => {
          let q = scanCsv(path, { schema: { ...schema } });
          steps.forEach((s, i) => {
            q = s.kind === 'filter' ? q.filter(s.p) : q.withColumns(s.e.alias(`x${i}`));
          });
          const fused = (await q.collect({ workers, morselRows })).toRows();
          const plain = (await q.collect({ workers, morselRows, fuse: false })).toRows();
          assert.deepStrictEqual(fused, plain, JSON.stringify(q.toJSON()));
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it("Q1's shape against DuckDB, and explain() says the stage is compiled", T, async () => {
    const q = scanCsv(path, { schema: { ...schema } })
      .withColumns(col('f').cumSum().alias('cum'))
      .filter(col('d').dt.weekday().eq(1))
      .select(col('d'), col('cum'));
    assert.match(await q.explain(), /\(compiled into the CSV row loop\)/);
    // file order through row_number(): DuckDB keeps insertion order for one file
    const sql = `WITH t AS (SELECT row_number() OVER () AS id, * FROM read_csv('${path}', header = true,
        delim = ',', quote = '"', escape = '"', columns = {'f': 'DOUBLE', 'd': 'DATE', 'g': 'DOUBLE'}))
      SELECT d, cum FROM (
        SELECT id, d, CASE WHEN f IS NULL THEN NULL ELSE sum(f) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) END AS cum FROM t)
      WHERE isodow(d) = 1 ORDER BY id`;
    for (const workers of [0, 2])
      assertRowsEqual(
        (await q.collect({ workers, morselRows: 300 })).toRows(),
        await db.query(sql),
        'Q1 shape',
      );
  });
});
