import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approxEqual, openOracle, readCsv, readNdjson, withOracle } from './support/duckdb-oracle';

test('oracle: values come back normalised for comparison', async () => {
  const rows = await withOracle((db) =>
    db.query(`SELECT 42::BIGINT AS a, 9007199254740993::BIGINT AS b, DATE '1969-12-31' AS d, 1.5::DOUBLE AS f,
      'x''y' AS s, NULL::INTEGER AS n, true AS t, 12.34::DECIMAL(10, 2) AS dc, 7::INTEGER AS i`),
  );
  assert.deepEqual(rows, [
    { a: 42, b: 9007199254740993n, d: '1969-12-31', f: 1.5, s: "x'y", n: null, t: true, dc: 12.34, i: 7 },
  ]);
});

test('oracle: reads CSV and NDJSON with explicit types', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oracle-'));
  try {
    const csv = join(dir, "it's.csv");
    writeFileSync(csv, 'd,x,s\n2024-01-01,1.25,"a,b"\n2024-01-02,,"say ""hi"""\n');
    const json = join(dir, 'a.ndjson');
    writeFileSync(json, '{"d":"2024-01-01","x":1.25}\n{"d":null,"x":"2"}\n');
    await withOracle(async (db) => {
      assert.deepEqual(
        await db.query(`SELECT * FROM ${readCsv(csv, { d: 'DATE', x: 'DOUBLE', s: 'VARCHAR' })}`),
        [
          { d: '2024-01-01', x: 1.25, s: 'a,b' },
          { d: '2024-01-02', x: null, s: 'say "hi"' },
        ],
      );
      assert.deepEqual(await db.query(`SELECT * FROM ${readNdjson(json, { d: 'DATE', x: 'BIGINT' })}`), [
        { d: '2024-01-01', x: 1 },
        { d: null, x: 2 },
      ]);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('oracle: SQL errors reject and close still works', async () => {
  const db = await openOracle();
  await assert.rejects(db.query('SELECT * FROM no_such_table'), /no_such_table/);
  db.close();
});

test('oracle: approxEqual tolerates float noise only', () => {
  assert.ok(approxEqual({ a: [1, 0.1 + 0.2] }, { a: [1, 0.3] }));
  assert.ok(!approxEqual({ a: 1 }, { a: 1.001 }));
  assert.ok(!approxEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(approxEqual(NaN, NaN));
});
