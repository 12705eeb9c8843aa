// Random pipelines over random data, each run by the engine (in several worker/morsel configurations)
// and by DuckDB as SQL; the results must agree.
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { col, fromColumns, len, lit, type Expr, type LazyFrame } from '../src/index.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { assertRowsEqual, sortRows } from './support/engine-fixtures.ts';

interface E {
  e: Expr;
  sql: string;
}
type Step =
  | { kind: 'filter'; p: E }
  | { kind: 'with'; name: string; v: E; cum: boolean }
  | { kind: 'limit'; n: number };

const intCol = fc.constantFrom('a', 'b');
const numExpr: fc.Arbitrary<E> = fc.letrec<{ n: E }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    intCol.map((c) => ({ e: col(c), sql: c })),
    fc.constant({ e: col('f'), sql: 'f' }),
    fc.integer({ min: -5, max: 5 }).map((k) => ({ e: lit(k), sql: `(${k})` })),
    fc.tuple(tie('n'), fc.constantFrom('+', '-', '*'), tie('n')).map(([x, op, y]) => ({
      e: op === '+' ? x.e.add(y.e) : op === '-' ? x.e.sub(y.e) : x.e.mul(y.e),
      sql: `(${x.sql} ${op} ${y.sql})`,
    })),
  ),
})).n;

const boolExpr: fc.Arbitrary<E> = fc.letrec<{ b: E }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(numExpr, fc.constantFrom('==', '<', '>=', '!='), numExpr).map(([x, op, y]) => ({
      e: op === '==' ? x.e.eq(y.e) : op === '<' ? x.e.lt(y.e) : op === '>=' ? x.e.gte(y.e) : x.e.neq(y.e),
      sql: `(${x.sql} ${op === '==' ? '=' : op === '!=' ? '<>' : op} ${y.sql})`,
    })),
    fc.constantFrom('a', 'b', 'f', 's').map((c) => ({ e: col(c).isNull(), sql: `(${c} IS NULL)` })),
    fc.constantFrom('x', 'y', 'zz').map((v) => ({ e: col('s').lt(v), sql: `(s < '${v}')` })),
    fc.tuple(tie('b'), fc.constantFrom('and', 'or'), tie('b')).map(([x, op, y]) => ({
      e: op === 'and' ? x.e.and(y.e) : x.e.or(y.e),
      sql: `(${x.sql} ${op.toUpperCase()} ${y.sql})`,
    })),
    tie('b').map((x) => ({ e: x.e.not(), sql: `(NOT ${x.sql})` })),
  ),
})).b;

const step: fc.Arbitrary<Step> = fc.oneof(
  boolExpr.map((p) => ({ kind: 'filter' as const, p })),
  fc.tuple(fc.constantFrom('a', 'b', 'f', 'n1', 'n2'), numExpr, fc.boolean()).map(([name, v, cum]) => ({
    kind: 'with' as const,
    name,
    v,
    cum,
  })),
  fc.integer({ min: 0, max: 40 }).map((n) => ({ kind: 'limit' as const, n })),
);

const row = fc.record({
  a: fc.option(fc.integer({ min: -20, max: 20 }), { freq: 6 }),
  b: fc.option(fc.integer({ min: -3, max: 3 }), { freq: 6 }),
  f: fc.option(
    fc.integer({ min: -400, max: 400 }).map((x) => x / 8),
    { freq: 6 },
  ),
  s: fc.option(fc.constantFrom('x', 'xy', 'y', 'z', 'é'), { freq: 6 }),
});

const sqlLit = (v: unknown, type: string) =>
  v === null ? `NULL::${type}` : typeof v === 'string' ? `'${v}'` : `${v}::${type}`;

describe('property: random pipelines agree with DuckDB', () => {
  let db: Oracle;
  before(async () => (db = await openOracle()));
  after(() => db.close());

  it('random data, random steps, optional groupBy', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 60 }),
        fc.array(step, { maxLength: 4 }),
        fc.option(fc.constantFrom('a', 'b', 's'), { freq: 2 }),
        fc.constantFrom(
          { workers: 0, morselRows: 100 },
          { workers: 1, morselRows: 1 },
          { workers: 2, morselRows: 7 },
        ),
        async (rows, steps, groupKey, cfg) => {
          const data = {
            id: rows.map((_, i) => i),
            a: rows.map((r) => r.a),
            b: rows.map((r) => r.b),
            f: rows.map((r) => r.f),
            s: rows.map((r) => r.s),
          };
          let lf: LazyFrame = fromColumns(data, {
            id: 'int64',
            a: 'int64',
            b: 'int64',
            f: 'float64',
            s: 'utf8',
          });
          const values = rows.length
            ? rows
                .map(
                  (r, i) =>
                    `(${i}, ${sqlLit(r.a, 'BIGINT')}, ${sqlLit(r.b, 'BIGINT')}, ${sqlLit(r.f, 'DOUBLE')}, ${sqlLit(r.s, 'VARCHAR')})`,
                )
                .join(', ')
            : '(0, NULL::BIGINT, NULL::BIGINT, NULL::DOUBLE, NULL::VARCHAR)';
          let sql = `SELECT * FROM (VALUES ${values}) v(id, a, b, f, s)${rows.length ? '' : ' WHERE false'}`;
          // numeric column types as they evolve (withColumns can turn an int column into a float one)
          const cols = new Set(['id', 'a', 'b', 'f', 's']);
          for (const st of steps) {
            if (st.kind === 'filter') {
              if (!usesOnly(st.p.sql, cols)) continue;
              lf = lf.filter(st.p.e);
              sql = `SELECT * FROM (${sql}) WHERE ${st.p.sql}`;
            } else if (st.kind === 'limit') {
              lf = lf.limit(st.n);
              sql = `SELECT * FROM (${sql}) ORDER BY id LIMIT ${st.n}`;
            } else {
              if (!usesOnly(st.v.sql, cols)) continue;
              const e = st.cum ? st.v.e.cumSum().alias(st.name) : st.v.e.alias(st.name);
              const v = st.cum
                ? `CASE WHEN (${st.v.sql}) IS NULL THEN NULL ELSE sum(${st.v.sql}) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) END`
                : st.v.sql;
              lf = lf.withColumns(e);
              const others = [...cols].filter((c) => c !== st.name);
              sql = `SELECT ${others.join(', ')}, ${v} AS ${st.name} FROM (${sql})`;
              cols.add(st.name);
              // keep the engine's column order: replaced columns stay in place
              const order = [...cols];
              sql = `SELECT ${order.join(', ')} FROM (${sql})`;
            }
          }
          if (groupKey) {
            const num = [...cols].filter((c) => c !== 's' && c !== 'id' && c !== groupKey);
            const v = num[0] ?? 'id';
            lf = lf
              .groupBy(groupKey)
              .agg(
                col(v).sum().alias('sm'),
                len().alias('n'),
                col(v).min().alias('lo'),
                col(v).max().alias('hi'),
              );
            sql = `SELECT ${groupKey}, sum(${v}) AS sm, count(*) AS n, min(${v}) AS lo, max(${v}) AS hi FROM (${sql}) GROUP BY ${groupKey}`;
            const got = (await lf.collect(cfg)).toRows();
            assertRowsEqual(sortRows(got), sortRows(await db.query(sql)), sql);
          } else {
            const got = (await lf.collect(cfg)).toRows();
            assertRowsEqual(got, await db.query(`SELECT * FROM (${sql}) ORDER BY id`), sql);
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

function usesOnly(sql: string, cols: Set<string>): boolean {
  return (sql.match(/\b[a-z]\w*\b/g) ?? []).every(
    (w) => cols.has(w) || ['and', 'or', 'not', 'is', 'null'].includes(w.toLowerCase()),
  );
}
