import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { formatDate, morselsToRows, writeCsv, writeNdjson } from '../src/sinks';
import { readCsv, readNdjson, withOracle } from './support/duckdb-oracle';
import { daysOf, morselsOf } from './support/sink-morsels';
import { columns, duckTypes, expectedRows, schema } from './support/sink-cases';

const N = 250;

test('sinks: morselsToRows gives plain JS values, the same for any morsel size', async () => {
  for (const size of [1, 7, 64, N]) {
    assert.deepEqual(
      await morselsToRows(morselsOf(schema, columns(N), size)),
      expectedRows(N),
      `morsels of ${size}`,
    );
  }
  assert.deepEqual(await morselsToRows([]), []);
});

test('sinks: formatDate is exact far from 1970', () => {
  for (const d of [
    '0001-01-01',
    '1600-02-29',
    '1899-12-31',
    '1969-12-31',
    '1970-01-01',
    '2000-02-29',
    '2100-03-01',
    '9999-12-31',
  ]) {
    assert.equal(formatDate(daysOf(d)), d);
  }
  assert.equal(formatDate(-1), '1969-12-31');
});

test('sinks: CSV and NDJSON read back through DuckDB unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sinks-'));
  try {
    await withOracle(async (db) => {
      for (const size of [1, 17, 100, N]) {
        const csv = join(dir, `out-${size}.csv`);
        const json = join(dir, `out-${size}.ndjson`);
        assert.deepEqual(await writeCsv(morselsOf(schema, columns(N), size), createWriteStream(csv)), {
          rows: N,
        });
        assert.deepEqual(await writeNdjson(morselsOf(schema, columns(N), size), createWriteStream(json)), {
          rows: N,
        });
        const fromCsv = await db.query(`SELECT * FROM ${readCsv(csv, duckTypes)}`);
        assert.deepEqual(fromCsv, expectedRows(N), `CSV, morsels of ${size}`);
        const fromJson = await db.query(`SELECT * FROM ${readNdjson(json, duckTypes)}`);
        assert.deepEqual(fromJson, expectedRows(N), `NDJSON, morsels of ${size}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sinks: non-finite doubles survive CSV and NDJSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sinks-'));
  try {
    const s = [{ name: 'x', type: 'float64' as const }];
    const xs = [NaN, Infinity, -Infinity, 1];
    await writeCsv(morselsOf(s, { x: xs }, 2), createWriteStream(join(dir, 'a.csv')));
    await writeNdjson(morselsOf(s, { x: xs }, 2), createWriteStream(join(dir, 'a.ndjson')));
    await withOracle(async (db) => {
      const csv = await db.query(`SELECT * FROM ${readCsv(join(dir, 'a.csv'), { x: 'DOUBLE' })}`);
      const json = await db.query(`SELECT * FROM ${readNdjson(join(dir, 'a.ndjson'), { x: 'DOUBLE' })}`);
      assert.deepEqual(
        csv.map((r) => r.x),
        xs,
      );
      assert.deepEqual(
        json.map((r) => r.x),
        xs,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await run(out);
  return Buffer.concat(chunks).toString();
}

test('sinks: empty input writes a header only when the schema is known', async () => {
  assert.equal(await collect((out) => writeCsv([], out)), '');
  assert.equal(await collect((out) => writeCsv([], out, { schema })), 'id,x,ok,day,s,big\n');
  assert.equal(await collect((out) => writeNdjson([], out)), '');
  assert.equal(await collect((out) => writeCsv([], out, { schema, header: false })), '');
});

test('sinks: a one-column CSV writes null as an empty line and the empty string as ""', async () => {
  const s = [{ name: 'v', type: 'utf8' as const }];
  const text = await collect((out) => writeCsv(morselsOf(s, { v: ['a', null, ''] }, 2), out));
  assert.equal(text, 'v\na\n\n""\n');
});

test('sinks: the writer waits for a slow consumer instead of buffering everything', async () => {
  let maxBuffered = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, cb) {
      setImmediate(cb);
    },
  });
  const morsels = morselsOf(schema, columns(2000), 100);
  async function* watched() {
    for (const m of morsels) {
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
      yield m;
    }
  }
  await writeCsv(watched(), slow);
  const oneMorsel = 100 * 200; // 100 rows of well under 200 bytes
  assert.ok(maxBuffered <= oneMorsel, `buffered ${maxBuffered} bytes before the next morsel`);
});
