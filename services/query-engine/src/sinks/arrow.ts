// Arrow IPC stream sink: each morsel becomes one RecordBatch whose buffers are the morsel's own typed
// arrays wherever Arrow's layout matches (float64, date32, utf8 offsets/bytes, validity bitmaps).
import type { Writable } from 'node:stream';
import {
  AsyncByteQueue,
  Bool,
  DateDay,
  Field as ArrowField,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema as ArrowSchema,
  Struct,
  Utf8,
  type Data,
  type DataType as ArrowType,
} from 'apache-arrow';
import type { Column, DataType, Morsel, Schema } from '../morsel/types';
import { countNulls, packBools } from './bits';
import type { TextSinkOptions } from './csv';
import { finish, writeAll } from './write';

function arrowType(t: DataType): ArrowType {
  switch (t) {
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'utf8':
      return new Utf8();
  }
}

export function toArrowSchema(schema: Schema): ArrowSchema {
  return new ArrowSchema(schema.map((f) => new ArrowField(f.name, arrowType(f.type), true)));
}

function toBigInt64(values: Float64Array, length: number): BigInt64Array {
  const out = new BigInt64Array(length);
  // Slots under a null bit may hold anything (NaN, fractions); BigInt() would throw on those.
  for (let i = 0; i < length; i++) {
    const x = values[i]!;
    out[i] = Number.isInteger(x) ? BigInt(x) : 0n;
  }
  return out;
}

function columnData(col: Column, type: ArrowType): Data {
  const length = col.length;
  const nullBitmap = col.validity?.subarray(0, (length + 7) >> 3);
  const nullCount = countNulls(nullBitmap, length);
  const base = { length, nullCount, nullBitmap: nullCount > 0 ? nullBitmap : undefined };
  switch (col.type) {
    case 'int64': {
      const v = col.values;
      const data = v instanceof BigInt64Array ? v.subarray(0, length) : toBigInt64(v, length);
      return makeData({ ...base, type: type as Int64, data });
    }
    case 'float64':
      return makeData({ ...base, type: type as Float64, data: col.values.subarray(0, length) });
    case 'bool':
      return makeData({ ...base, type: type as Bool, data: packBools(col.values, length) });
    case 'date':
      return makeData({ ...base, type: type as DateDay, data: col.values.subarray(0, length) });
    case 'utf8': {
      const start = col.offsets[0]!;
      if (start === 0) {
        return makeData({
          ...base,
          type: type as Utf8,
          valueOffsets: col.offsets.subarray(0, length + 1),
          data: col.bytes.subarray(0, col.offsets[length]),
        });
      }
      // Arrow allows a non-zero first offset, but some readers do not; rebasing costs one small copy.
      const offsets = col.offsets.subarray(0, length + 1).map((o) => o - start);
      return makeData({
        ...base,
        type: type as Utf8,
        valueOffsets: offsets,
        data: col.bytes.subarray(start, start + offsets[length]!),
      });
    }
  }
}

export function morselToRecordBatch(m: Morsel, schema: ArrowSchema = toArrowSchema(m.schema)): RecordBatch {
  const children = m.columns.map((col, c) => columnData(col, schema.fields[c]!.type));
  const data = makeData({ type: new Struct(schema.fields), length: m.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/** Collects what the Arrow writer emits so the sink can hand it on at its own pace. */
class ChunkCollector extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }
  take(): Uint8Array[] {
    const c = this.chunks;
    this.chunks = [];
    return c;
  }
}

/**
 * Writes an Arrow IPC stream (schema, one record batch per morsel, end-of-stream marker). Without morsels
 * the stream still carries `opts.schema` (or an empty schema) so readers see a valid, empty table.
 */
export async function writeArrowIpc(
  morsels: AsyncIterable<Morsel> | Iterable<Morsel>,
  out: Writable,
  opts: TextSinkOptions = {},
): Promise<{ rows: number; batches: number }> {
  const sink = new ChunkCollector();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink);
  let schema: ArrowSchema | undefined;
  let rows = 0;
  let batches = 0;
  for await (const m of morsels) {
    schema ??= toArrowSchema(m.schema);
    writer.write(morselToRecordBatch(m, schema));
    await writeAll(out, sink.take());
    rows += m.length;
    batches++;
  }
  if (!schema) writer.reset(sink, toArrowSchema(opts.schema ?? []));
  writer.finish();
  await writeAll(out, sink.take());
  await finish(out, opts.end ?? true);
  return { rows, batches };
}
