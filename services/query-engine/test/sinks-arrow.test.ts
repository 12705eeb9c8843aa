import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  DateDay,
  Dictionary,
  Int32,
  Int64,
  RecordBatchReader,
  tableFromIPC,
  Utf8,
  vectorFromArray,
  Table,
} from 'apache-arrow';
import { arrowToMorsels, morselsToRows, morselToRecordBatch, writeArrowIpc } from '../src/sinks';
import type { Morsel } from '../src/morsel/types';
import { morselsOf } from './support/sink-morsels';
import { columns, expectedRows, schema } from './support/sink-cases';

const N = 250;

async function ipcBytes(morsels: Iterable<Morsel>, opts = {}): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeArrowIpc(morsels, out, opts);
  return Buffer.concat(chunks);
}

/** Arrow's own reading of a table, as the in-memory sink would present it. */
function arrowRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.toJSON())) {
      if (typeof v === 'bigint') o[k] = v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n ? Number(v) : v;
      else if (k === 'day' && v !== null) o[k] = new Date(v as number).toISOString().slice(0, 10);
      else o[k] = v;
    }
    return o;
  });
}

test('arrow sink: the IPC stream reads back through apache-arrow, for any morsel size', async () => {
  for (const size of [1, 9, 100, N]) {
    const table = tableFromIPC(await ipcBytes(morselsOf(schema, columns(N), size)));
    assert.equal(table.batches.length, Math.ceil(N / size));
    assert.deepEqual(
      table.schema.fields.map((f) => [f.name, String(f.type)]),
      [
        ['id', 'Int64'],
        ['x', 'Float64'],
        ['ok', 'Bool'],
        ['day', 'Date32<DAY>'],
        ['s', 'Utf8'],
        ['big', 'Int64'],
      ],
    );
    // Arrow's toJSON gives the date as epoch ms, and years before 1 are not in the data set.
    assert.deepEqual(arrowRows(table), expectedRows(N), `morsels of ${size}`);
  }
});

test('arrow sink: buffers are the morsel arrays where layouts match', () => {
  const [m] = morselsOf(schema, columns(40), 40);
  const batch = morselToRecordBatch(m!);
  const x = m!.columns[1]!;
  const s = m!.columns[4]!;
  assert.equal(batch.getChildAt(1)!.data[0]!.values.buffer, (x as { values: Float64Array }).values.buffer);
  assert.equal(batch.getChildAt(4)!.data[0]!.values.buffer, (s as { bytes: Uint8Array }).bytes.buffer);
  assert.equal(
    batch.getChildAt(4)!.data[0]!.valueOffsets.buffer,
    (s as { offsets: Int32Array }).offsets.buffer,
  );
});

test('arrow sink: empty input is a valid stream with the given schema', async () => {
  const table = tableFromIPC(await ipcBytes([], { schema }));
  assert.equal(table.numRows, 0);
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    schema.map((f) => f.name),
  );
  assert.equal(tableFromIPC(await ipcBytes([])).numRows, 0);
});

test('arrow source: round trip through IPC and regrouping into morsels', async () => {
  const bytes = await ipcBytes(morselsOf(schema, columns(N), 33));
  for (const size of [1, 10, 33, 64, 1000]) {
    const morsels: Morsel[] = [];
    for await (const m of arrowToMorsels(tableFromIPC(bytes), size)) morsels.push(m);
    assert.deepEqual(
      morsels.map((m) => m.seq),
      [...morsels.keys()],
    );
    assert.ok(morsels.slice(0, -1).every((m) => m.length === size));
    assert.deepEqual(await morselsToRows(morsels), expectedRows(N), `morsels of ${size}`);
  }
  // A streaming reader works as a source too.
  const rows = await morselsToRows(arrowToMorsels(RecordBatchReader.from(bytes), 50));
  assert.deepEqual(rows, expectedRows(N));
});

test('arrow source: same-size batches pass through without copying', async () => {
  const table = tableFromIPC(await ipcBytes(morselsOf(schema, columns(N), 50)));
  const morsels: Morsel[] = [];
  for await (const m of arrowToMorsels(table, 50)) morsels.push(m);
  const x = morsels[1]!.columns[1] as { values: Float64Array };
  assert.equal(x.values.buffer, table.batches[1]!.getChildAt(1)!.data[0]!.values.buffer);
});

test('arrow source: narrower ints, sliced tables, dictionaries, safe int64 become numbers', async () => {
  const table = new Table({
    a: vectorFromArray([1, -2, 3, 4, 5], new Int32()),
    w: vectorFromArray(['x', 'y', null, 'x', 'z'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1n, null, 3n, 4n, 2n ** 60n], new Int64()),
    d: vectorFromArray(
      ['1970-01-01', '1969-12-31', '1970-01-02', null, '2022-01-08'].map((d) => d && new Date(d)),
      new DateDay(),
    ),
  });
  const sliced = new Table({ a: table.getChild('a')!.slice(1, 5), w: table.getChild('w')!.slice(1, 5) });
  assert.deepEqual(await morselsToRows(arrowToMorsels(sliced, 3)), [
    { a: -2, w: 'y' },
    { a: 3, w: null },
    { a: 4, w: 'x' },
    { a: 5, w: 'z' },
  ]);
  const morsels: Morsel[] = [];
  for await (const m of arrowToMorsels(table, 2)) morsels.push(m);
  assert.deepEqual(
    morsels.map((m) => m.schema.map((f) => f.type)),
    [
      ['int64', 'utf8', 'int64', 'date'],
      ['int64', 'utf8', 'int64', 'date'],
      ['int64', 'utf8', 'int64', 'date'],
    ],
  );
  assert.ok(
    morsels[0]!.columns[2]!.type === 'int64' && morsels[0]!.columns[2]!.values instanceof Float64Array,
  );
  assert.ok(
    morsels[2]!.columns[2]!.type === 'int64' && morsels[2]!.columns[2]!.values instanceof BigInt64Array,
  );
  assert.deepEqual(
    (await morselsToRows(morsels)).map((r) => [r.n, r.d]),
    [
      [1, '1970-01-01'],
      [null, '1969-12-31'],
      [3, '1970-01-02'],
      [4, null],
      [2n ** 60n, '2022-01-08'],
    ],
  );
});

test('arrow source: unsupported types fail with the column name', async () => {
  const bad = new Table({ l: vectorFromArray([[1], [2]]) });
  await assert.rejects(morselsToRows(arrowToMorsels(bad)), /column l/);
});
