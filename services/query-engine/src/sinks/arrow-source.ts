// The Arrow source: RecordBatches (a Table, a reader, any iterable) → morsels of a fixed row count, so the
// engine can scan in-memory or IPC data exactly like a parsed file.
import {
  DateUnit,
  Precision,
  Type,
  type Data,
  type Float,
  type Int,
  type Date_,
  type RecordBatch,
  type Table,
  type Schema as ArrowSchema,
} from 'apache-arrow';
import {
  DEFAULT_MORSEL_ROWS,
  type Column,
  type DataType,
  type Morsel,
  type Schema,
  type Validity,
} from '../morsel/types';
import { sliceBits, unpackBits } from './bits';
import { concatColumns, sliceColumn } from './columns';
import { fullNullColumn, gather as gatherRows } from '../morsel/columns';
import { andValidity, normalizeValidity } from '../morsel/validity';

export type ArrowSource = Table | Iterable<RecordBatch> | AsyncIterable<RecordBatch>;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function validityOf(data: Data): Validity {
  if (data.nullCount <= 0 || !data.nullBitmap || data.nullBitmap.length === 0) return undefined;
  return sliceBits(data.nullBitmap, data.offset, data.length);
}

/**
 * int64 goes out in a Float64Array whenever exact (the morsel contract), decided per morsel so one huge
 * value only widens the morsel it is in.
 */
function narrowInt64(col: Column): Column {
  if (col.type !== 'int64' || col.values instanceof Float64Array) return col;
  const v = col.values;
  for (let i = 0; i < col.length; i++) if (v[i]! > MAX_SAFE || v[i]! < -MAX_SAFE) return col;
  const values = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) values[i] = Number(v[i]!);
  return { ...col, values };
}

function toColumn(data: Data, name: string): Column {
  const length = data.length;
  const validity = validityOf(data);
  const type = data.type;
  switch (type.typeId) {
    case Type.Int: {
      const t = type as Int;
      const v = (
        data.values as ArrayLike<number | bigint> & { subarray(a: number, b: number): unknown }
      ).subarray(0, length);
      if (t.bitWidth < 64)
        return { type: 'int64', length, values: Float64Array.from(v as ArrayLike<number>), validity };
      if (!t.isSigned) {
        const u = v as BigUint64Array;
        for (let i = 0; i < length; i++)
          if (u[i]! >= 1n << 63n) throw new Error(`column ${name}: uint64 beyond int64`);
        return { type: 'int64', length, values: new BigInt64Array(u.buffer, u.byteOffset, length), validity };
      }
      return { type: 'int64', length, values: v as BigInt64Array, validity };
    }
    case Type.Float: {
      const t = type as Float;
      if (t.precision === Precision.HALF) throw new Error(`column ${name}: float16 is not supported`);
      const v = (data.values as Float32Array | Float64Array).subarray(0, length);
      return {
        type: 'float64',
        length,
        values: v instanceof Float64Array ? v : Float64Array.from(v),
        validity,
      };
    }
    case Type.Bool:
      return {
        type: 'bool',
        length,
        values: unpackBits(data.values as Uint8Array, data.offset, length),
        validity,
      };
    case Type.Date: {
      const t = type as Date_;
      if (t.unit === DateUnit.DAY)
        return { type: 'date', length, values: (data.values as Int32Array).subarray(0, length), validity };
      const ms = data.values as BigInt64Array;
      const values = new Int32Array(length);
      for (let i = 0; i < length; i++) values[i] = Math.floor(Number(ms[i]!) / 86_400_000);
      return { type: 'date', length, values, validity };
    }
    case Type.Utf8:
    case Type.LargeUtf8: {
      const raw = data.valueOffsets as Int32Array | BigInt64Array;
      const offsets =
        raw instanceof Int32Array
          ? raw.subarray(0, length + 1)
          : Int32Array.from(raw.subarray(0, length + 1), Number);
      return { type: 'utf8', length, offsets, bytes: data.values as Uint8Array, validity };
    }
    case Type.Dictionary: {
      if (!data.dictionary) throw new Error(`column ${name}: dictionary without values`);
      const dict = concatColumns(data.dictionary.data.map((d) => toColumn(d, name)));
      return gather(dict, data.values as ArrayLike<number>, length, validity);
    }
    default:
      throw new Error(`column ${name}: Arrow type ${String(type)} is not supported`);
  }
}

/** Materialises dictionary-encoded values (indices into `dict`) column-wise: one gather, no per-row objects. */
function gather(
  dict: Column,
  indices: ArrayLike<number | bigint>,
  length: number,
  validity: Validity,
): Column {
  if (dict.length === 0) return fullNullColumn(dict.type, length);
  const idx = new Uint32Array(length);
  for (let i = 0; i < length; i++)
    if (!validity || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) idx[i] = Number(indices[i]);
  const col = gatherRows(dict, idx, length);
  // a null index, or an index to a null dictionary entry, is null
  return {
    ...col,
    validity: normalizeValidity(andValidity(validity, col.validity, length), length),
  } as Column;
}

/** The engine's schema for an Arrow schema (a column of an unsupported type fails when it is read). */
export function schemaFromArrow(schema: ArrowSchema): Schema {
  return schema.fields.map((f) => ({ name: f.name, type: morselType(f.type.typeId, f.type) }));
}

function morselType(id: Type, t: { dictionary?: { typeId: Type } }): DataType {
  switch (id) {
    case Type.Int:
      return 'int64';
    case Type.Float:
      return 'float64';
    case Type.Bool:
      return 'bool';
    case Type.Date:
      return 'date';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'utf8';
    case Type.Dictionary:
      return morselType(t.dictionary!.typeId, {});
    default:
      return 'utf8'; // toColumn rejects it with the column's name
  }
}

function batchesOf(source: ArrowSource): Iterable<RecordBatch> | AsyncIterable<RecordBatch> {
  return 'batches' in source && Array.isArray(source.batches)
    ? source.batches
    : (source as Iterable<RecordBatch>);
}

/**
 * Regroups the source's rows into morsels of `morselRows` rows (the last may be shorter), numbered from 0.
 * Batches that already have the right size pass through without copying. `columns` picks (and orders)
 * the columns to convert; the others are never touched.
 */
export async function* arrowToMorsels(
  source: ArrowSource,
  morselRows = DEFAULT_MORSEL_ROWS,
  columns?: readonly string[],
): AsyncGenerator<Morsel> {
  if (!(morselRows > 0)) throw new Error(`morselRows must be positive: ${morselRows}`);
  let schema: Schema | undefined;
  let picks: number[] | undefined;
  const pending: { columns: Column[]; length: number }[] = [];
  let pendingRows = 0;
  let seq = 0;

  const take = (n: number): Column[] => {
    const pieces: Column[][] = schema!.map(() => []);
    let need = n;
    while (need > 0) {
      const head = pending[0]!;
      const k = Math.min(need, head.length);
      head.columns.forEach((c, j) => pieces[j]!.push(k === head.length ? c : sliceColumn(c, 0, k)));
      if (k === head.length) pending.shift();
      else
        pending[0] = {
          columns: head.columns.map((c) => sliceColumn(c, k, head.length)),
          length: head.length - k,
        };
      need -= k;
    }
    pendingRows -= n;
    return pieces.map((p) => narrowInt64(concatColumns(p)));
  };

  for await (const batch of batchesOf(source)) {
    if (picks === undefined) {
      const all = schemaFromArrow(batch.schema);
      picks = columns
        ? columns.map((name) => {
            const j = all.findIndex((f) => f.name === name);
            if (j < 0) throw new Error(`no column ${JSON.stringify(name)} in the Arrow data`);
            return j;
          })
        : all.map((_, j) => j);
      schema = picks.map((j) => all[j]!);
    }
    if (batch.numRows === 0) continue;
    const children = batch.data.children;
    const converted = picks.map((j, k) => toColumn(children[j]!, schema![k]!.name));
    pending.push({ columns: converted, length: batch.numRows });
    pendingRows += batch.numRows;
    while (pendingRows >= morselRows)
      yield { seq: seq++, length: morselRows, schema: schema!, columns: take(morselRows) };
  }
  if (pendingRows > 0) yield { seq, length: pendingRows, schema: schema!, columns: take(pendingRows) };
}
