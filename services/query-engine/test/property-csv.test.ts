// Random CSV files — every column type, nulls, text with delimiters, quotes, CR and LF inside, optional
// quoting of plain values, LF or CRLF rows, with or without a last newline — read by the engine with a
// random projection and by DuckDB's read_csv; the rows must agree. The engine's row loop is generated
// per file shape, so every shape here is a different parser.
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanCsv } from '../src/index.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { assertRowsEqual, tmpDir } from './support/engine-fixtures.ts';

type Kind = 'int64' | 'float64' | 'date' | 'bool' | 'utf8';
const DUCK: Record<Kind, string> = {
  int64: 'BIGINT',
  float64: 'DOUBLE',
  date: 'DATE',
  bool: 'BOOLEAN',
  utf8: 'VARCHAR',
};

const day = 86_400_000;
const valueOf: Record<Kind, fc.Arbitrary<string>> = {
  int64: fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  ),
  float64: fc.oneof(
    fc.integer({ min: -100_000, max: 100_000 }).map((x) => (x / 100).toFixed(2)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.integer({ min: -999, max: 999 }).map((x) => `${x}e-3`),
  ),
  date: fc
    .integer({ min: Date.UTC(1900, 0, 1) / day, max: Date.UTC(2100, 11, 31) / day })
    .map((d) => new Date(d * day).toISOString().slice(0, 10)),
  bool: fc.constantFrom('true', 'false'),
  // no empty text: an empty field is null for the engine and for DuckDB alike, quoted or not
  utf8: fc.oneof(
    fc.constantFrom('a', 'plain', 'café crème', 'Zürich', '6" ruler', 'x,y', 'two\nlines', 'cr\r\nlf', '"q"'),
    fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s.length > 0),
  ),
};

function field(v: string | null, quoteAnyway: boolean): string {
  if (v === null) return '';
  const needs = /[",\r\n]/.test(v);
  return needs || quoteAnyway ? `"${v.replaceAll('"', '""')}"` : v;
}

const shape = fc
  .array(fc.constantFrom<Kind>('int64', 'float64', 'date', 'bool', 'utf8'), { minLength: 1, maxLength: 6 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(
        fc.tuple(...kinds.map((k) => fc.option(valueOf[k], { freq: 5 }))).map((r) => r as (string | null)[]),
        { maxLength: 40 },
      ),
      quoteAnyway: fc.array(fc.boolean(), { minLength: kinds.length, maxLength: kinds.length }),
      projection: fc.subarray(
        kinds.map((_, i) => i),
        { minLength: 1 },
      ),
      crlf: fc.boolean(),
      lastNewline: fc.boolean(),
      cfg: fc.constantFrom(
        { workers: 0, morselRows: 3 },
        { workers: 2, morselRows: 1 },
        { workers: 1, morselRows: 1000 },
      ),
    }),
  );

describe('property: random CSV files read the same as DuckDB reads them', () => {
  let db: Oracle;
  const dir = tmpDir();
  before(async () => (db = await openOracle()));
  after(() => db.close());

  it('every type, quoting, CRLF, nulls, projections', { timeout: 240_000 }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        // a one-column file cannot tell a null row from a blank line: give it no nulls
        const rows = s.kinds.length === 1 ? s.rows.filter((r) => r[0] !== null) : s.rows;
        const names = s.kinds.map((k, i) => `c${i}_${k}`);
        const nl = s.crlf ? '\r\n' : '\n';
        const lines = [
          names.join(','),
          ...rows.map((r) => r.map((v, i) => field(v, s.quoteAnyway[i]!)).join(',')),
        ];
        const path = join(dir, `p${n++}.csv`);
        writeFileSync(path, lines.join(nl) + (s.lastNewline || rows.length === 0 ? nl : ''));
        const schema = Object.fromEntries(names.map((c, i) => [c, s.kinds[i]!]));
        const picked = s.projection.map((i) => names[i]!);
        const got = (
          await scanCsv(path, { schema })
            .select(...picked)
            .collect(s.cfg)
        ).toRows();
        const columns = `{${names.map((c, i) => `'${c}': '${DUCK[s.kinds[i]!]}'`).join(', ')}}`;
        const want = await db.query(
          `SELECT ${picked.join(', ')} FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', new_line = '${s.crlf ? '\\r\\n' : '\\n'}', columns = ${columns})`,
        );
        assertRowsEqual(got, want, `${path} ${JSON.stringify(s.cfg)}`);
      }),
      { numRuns: 60 },
    );
  });
});
