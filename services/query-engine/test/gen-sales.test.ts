import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { salesCsvChunks, writeSalesCsv } from '../src/gen';
import { readCsv, withOracle } from './support/duckdb-oracle';

const sha = (chunks: Iterable<Uint8Array>) => {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

test('gen-sales: same seed gives the same bytes, whatever the chunk size', () => {
  const a = sha(salesCsvChunks({ rows: 50_000, seed: 7 }));
  const b = sha(salesCsvChunks({ rows: 50_000, seed: 7, chunkBytes: 4096 }));
  const c = sha(salesCsvChunks({ rows: 50_000, seed: 8 }));
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('gen-sales: the file matches the generator and DuckDB reads it as intended', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gen-'));
  try {
    const path = join(dir, 'sales.csv');
    writeSalesCsv(path, { rows: 20_000, seed: 3, nullRate: 0.1 });
    assert.equal(
      createHash('sha256').update(readFileSync(path)).digest('hex'),
      sha(salesCsvChunks({ rows: 20_000, seed: 3, nullRate: 0.1 })),
    );
    const cols = { date: 'DATE', store: 'INTEGER', amount: 'DOUBLE', product: 'VARCHAR' };
    const [stats] = await withOracle((db) =>
      db.query(`SELECT count(*) AS n, min(store) AS lo, max(store) AS hi, count(amount) AS amounts,
          min(amount) AS amin, max(amount) AS amax, min(date) AS first, max(date) AS last,
          bool_and(date >= lag_date OR lag_date IS NULL) AS sorted,
          count(*) FILTER (WHERE product = 'Widget, large') AS comma, count(*) FILTER (WHERE product = '6" ruler') AS quote
        FROM (SELECT *, lag(date) OVER (ORDER BY rowid) AS lag_date FROM (SELECT *, row_number() OVER () AS rowid FROM ${readCsv(path, cols)}))`),
    );
    assert.equal(stats!.n, 20_000);
    assert.ok((stats!.lo as number) >= 1 && (stats!.hi as number) <= 1000);
    const amounts = stats!.amounts as number;
    assert.ok(amounts > 17_000 && amounts < 19_000, `about 10% nulls, got ${20_000 - amounts}`);
    assert.ok((stats!.amin as number) >= 0.01 && (stats!.amax as number) <= 999.99);
    assert.equal(stats!.first, '2021-01-01');
    assert.equal(stats!.last, '2024-12-31');
    assert.equal(stats!.sorted, true);
    assert.ok((stats!.comma as number) > 0 && (stats!.quote as number) > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gen-sales: nulls change only the nulls; no quoting means no quote characters', () => {
  const text = (o: object) => Buffer.concat([...salesCsvChunks({ rows: 2000, seed: 5, ...o })]).toString();
  const plain = text({}).split('\n');
  const holes = text({ nullRate: 0.3 }).split('\n');
  let nulls = 0;
  plain.forEach((line, i) => {
    if (line === holes[i]) return;
    nulls++;
    assert.equal(holes[i], line.replace(/,[0-9]+\.[0-9]{2},/, ',,'));
  });
  assert.ok(nulls > 400 && nulls < 800);
  assert.ok(!text({ quoting: false }).includes('"'));
  assert.equal(text({ rows: 0 }), 'date,store,amount,product\n');
});
