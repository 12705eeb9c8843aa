import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvError, col, scanCsv } from '../src/index.ts';
import { openOracle, type Oracle } from './support/duckdb-oracle.ts';
import { CONFIGS, assertRowsEqual, tmpDir } from './support/engine-fixtures.ts';

const T = { timeout: 30_000 };
const dir = tmpDir();
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('csv: parsing against DuckDB', () => {
  let db: Oracle;
  before(async () => (db = await openOracle()));
  after(() => db.close());

  const cases: { name: string; text: string; duck: string }[] = [
    {
      name: 'quoted.csv',
      text: 'a,b,c\n1,"x,y",2.5\n2,"multi\nline ""q""",\n,"",-3e2\n4,plain,0.125\n',
      duck: `{'a': 'BIGINT', 'b': 'VARCHAR', 'c': 'DOUBLE'}`,
    },
    {
      name: 'crlf.csv',
      text: 'a,b,c\r\n1,"x\r\ny",1.5\r\n2,z,2\r\n3,,\r\n',
      duck: `{'a': 'BIGINT', 'b': 'VARCHAR', 'c': 'DOUBLE'}`,
    },
    {
      name: 'noeol.csv',
      text: 'a,b,c\n1,x,1\n2,y,2',
      duck: `{'a': 'BIGINT', 'b': 'VARCHAR', 'c': 'DOUBLE'}`,
    },
    { name: 'header-only.csv', text: 'a,b,c\n', duck: `{'a': 'VARCHAR', 'b': 'VARCHAR', 'c': 'VARCHAR'}` },
    {
      name: 'types.csv',
      text: 'i,f,b,s\n-12,1.25,true,héllo\n9007199254740991,-0.5,FALSE,"a""b"\n0,1e-3,,c\n',
      duck: `{'i': 'BIGINT', 'f': 'DOUBLE', 'b': 'BOOLEAN', 's': 'VARCHAR'}`,
    },
  ];
  for (const c of cases)
    for (const cfg of CONFIGS)
      it(`${c.name} workers=${cfg.workers} morselRows=${cfg.morselRows}`, T, async () => {
        const path = file(c.name, c.text);
        const got = (await scanCsv(path).collect(cfg)).toRows();
        const want = await db.query(
          `SELECT * FROM read_csv('${path}', header = true, quote = '"', escape = '"', columns = ${c.duck})`,
        );
        assertRowsEqual(got, want, c.name);
      });

  it('infers types (dates only when asked) and honours explicit ones', T, async () => {
    const path = file('infer.csv', 'n,x,d,s\n1,1.5,2024-01-02,a\n2,2,2024-02-03,b\n');
    assert.deepEqual(await scanCsv(path).schema(), [
      { name: 'n', type: 'int64' },
      { name: 'x', type: 'float64' },
      { name: 'd', type: 'utf8' },
      { name: 's', type: 'utf8' },
    ]);
    const s2 = await scanCsv(path, { tryParseDates: true, schema: { n: 'float64' } }).schema();
    assert.deepEqual(
      s2.map((f) => f.type),
      ['float64', 'float64', 'date', 'utf8'],
    );
  });

  it('no header, other delimiter', T, async () => {
    const path = file('semi.csv', '1;a\n2;"b;c"\n');
    const rows = (await scanCsv(path, { hasHeader: false, delimiter: ';' }).collect({ workers: 1 })).toRows();
    assert.deepEqual(rows, [
      { column_1: 1, column_2: 'a' },
      { column_1: 2, column_2: 'b;c' },
    ]);
  });

  it('parses only the columns a query reads (projection push-down)', T, async () => {
    // column b would not parse as int64: a query that does not read it must not fail
    const path = file('proj.csv', 'a,b\n1,x\n2,y\n');
    const rows = (
      await scanCsv(path, { schema: { b: 'int64' } })
        .select('a')
        .collect({ workers: 1 })
    ).toRows();
    assert.deepEqual(rows, [{ a: 1 }, { a: 2 }]);
    assert.match(await scanCsv(path).select('a').explain(), /"projection":\["a"\]/);
  });
});

describe('csv: errors name the file, line and column', () => {
  const expectCsvError = async (text: string, re: RegExp, opts = {}) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.csv`, text);
    for (const cfg of [
      { workers: 0, morselRows: 2 },
      { workers: 2, morselRows: 2 },
    ]) {
      await assert.rejects(scanCsv(path, opts).collect(cfg), (err: Error) => {
        assert.ok(err instanceof CsvError, `${err.name}: ${err.message}`);
        assert.ok(err.message.startsWith(path), err.message);
        assert.match(err.message, re);
        return true;
      });
    }
  };

  it('a value that does not parse', T, () =>
    expectCsvError(
      'a,b\n1,2\n3,4\n5,6\n7,x8\n9,10\n',
      /line 5, column 2 \("b"\): cannot parse "x8" as int64/,
      {
        schema: { a: 'int64', b: 'int64' },
      },
    ),
  );
  it('line numbers count quoted newlines', T, () =>
    expectCsvError('a,b\n"x\ny",2\n"p\nq",zz\n', /line 5, column 2 \("b"\): cannot parse "zz" as float64/, {
      schema: { b: 'float64' },
    }),
  );
  it('too few / too many fields', T, async () => {
    await expectCsvError('a,b,c\n1,2,3\n4,5\n', /line 3: expected 3 fields, found 2/);
    await expectCsvError('a,b\n1,2\n3,4\n5,6,7\n', /line 4: expected 2 fields, found more/);
  });
  it('unterminated quote', T, () =>
    expectCsvError('a,b\n1,"abc\n2,3\n', /line 2, column 2 \("b"\): unterminated quoted field/),
  );
  it('a malformed field in a column the query does not read is still an error', T, async () => {
    for (const [text, re] of [
      ['a,b,c\n1,"abc\n2,3,4\n', /line 2, column 2 \("b"\): unterminated quoted field/],
      ['a,b,c\n1,"x"y,2\n', /line 2, column 2 \("b"\): unexpected character after closing quote/],
      ['a,b\n1,"ok"\n2,"x"y\n', /line 3, column 2 \("b"\): unexpected character after closing quote/],
    ] as const) {
      const path = file(`skip-${Math.random().toString(36).slice(2)}.csv`, text);
      for (const workers of [0, 2])
        await assert.rejects(scanCsv(path).select('a').collect({ workers }), (err: Error) => {
          assert.ok(err instanceof CsvError, `${err.name}: ${err.message}`);
          assert.match(err.message, re);
          return true;
        });
    }
  });
  it('bad date in a date column', T, () =>
    expectCsvError(
      'd\n2024-01-01\n2024-02-30\n',
      /line 3, column 1 \("d"\): cannot parse "2024-02-30" as a date/,
      {
        schema: { d: 'date' },
      },
    ),
  );
  it('missing file', T, async () => {
    await assert.rejects(scanCsv(join(dir, 'nope.csv')).collect(), /nope\.csv: cannot open/);
  });
  it('schema naming a column the file lacks', T, async () => {
    const path = file('s.csv', 'a\n1\n');
    await assert.rejects(scanCsv(path, { schema: { b: 'int64' } }).collect(), /schema names column "b"/);
  });
  it('str.toDate parsed in the scan names the line and column of a bad value', T, async () => {
    const path = file('dl.csv', 'n,d\n1,03/01/2024\n2,2024-01-05\n');
    await assert.rejects(
      scanCsv(path).select(col('d').str.toDate('%d/%m/%Y'), col('n')).collect({ workers: 2 }),
      /dl\.csv: line 3, column 2 \("d"\): str\.toDate: cannot parse "2024-01-05" with format "%d\/%m\/%Y"/,
    );
  });
  it('str.toDate is not moved ahead of a filter that removes the bad value', T, async () => {
    const path = file('df.csv', 'n,d\n1,2024-01-03\n2,not a date\n3,\n');
    for (const workers of [0, 2]) {
      const df = await scanCsv(path)
        .filter(col('n').neq(2))
        .withColumns(col('d').str.toDate('%Y-%m-%d'))
        .collect({ workers });
      assert.deepEqual(df.toRows(), [
        { n: 1, d: '2024-01-03' },
        { n: 3, d: null },
      ]);
    }
  });
  it('str.toDate with a value that does not match', T, async () => {
    const path = file('d.csv', 'd\n2024-01-01\n01/02/2024\n');
    for (const workers of [0, 2])
      await assert.rejects(
        scanCsv(path).select(col('d').str.toDate('%Y-%m-%d')).collect({ workers }),
        /str\.toDate: cannot parse "01\/02\/2024" with format "%Y-%m-%d"/,
      );
  });
});
