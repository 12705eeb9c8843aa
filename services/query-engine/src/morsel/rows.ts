// Conversions between columns and plain JS values: for results shown to people and for tests, never on the
// hot path. Dates come out as 'YYYY-MM-DD' strings, int64 as number (bigint when the column needs it).
import type { Column, DataType, Field, Morsel, Schema } from './types.ts';
import { bitmapBytes, isValid, normalizeValidity } from './validity.ts';
import { daysFromCivil, formatDate } from './dates.ts';
import { DataError } from '../expr/errors.ts';

export type Value = number | bigint | string | boolean | null;

const decoder = new TextDecoder();
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const encoder = new TextEncoder();

export function utf8At(c: Extract<Column, { type: 'utf8' }>, i: number): string {
  return decoder.decode(c.bytes.subarray(c.offsets[i]!, c.offsets[i + 1]!));
}

export function valueAt(c: Column, i: number): Value {
  if (!isValid(c.validity, i)) return null;
  switch (c.type) {
    case 'int64': {
      const x = c.values[i]!;
      return typeof x === 'bigint' && x >= -MAX_SAFE && x <= MAX_SAFE ? Number(x) : x;
    }
    case 'float64':
      return c.values[i]!;
    case 'bool':
      return c.values[i] === 1;
    case 'date':
      return formatDate(c.values[i]!);
    case 'utf8':
      return utf8At(c, i);
  }
}

export function columnToArray(c: Column): Value[] {
  const out: Value[] = new Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = valueAt(c, i);
  return out;
}

export function morselRows(m: Morsel): Record<string, Value>[] {
  const arrays = m.columns.map(columnToArray);
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < m.length; i++) {
    const r: Record<string, Value> = {};
    m.schema.forEach((f, j) => (r[f.name] = arrays[j]![i]!));
    rows.push(r);
  }
  return rows;
}

/**
 * Builds a column from JS values (null = null). Dates accept days since epoch (number) or 'YYYY-MM-DD'.
 */
export function columnFromValues(type: DataType, values: readonly Value[]): Column {
  const n = values.length;
  const validity = new Uint8Array(bitmapBytes(n));
  for (let i = 0; i < n; i++)
    if (values[i] !== null && values[i] !== undefined) validity[i >> 3]! |= 1 << (i & 7);
  const v = normalizeValidity(validity, n);
  if (type === 'utf8') {
    const parts = values.map((x) =>
      x === null || x === undefined ? new Uint8Array(0) : encoder.encode(String(x)),
    );
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + parts[i]!.length;
    const bytes = new Uint8Array(offsets[n]!);
    parts.forEach((p, i) => bytes.set(p, offsets[i]!));
    return { type, length: n, offsets, bytes, validity: v };
  }
  if (type === 'int64') {
    const exact = values.map(int64Value);
    const big = exact.some((x) => typeof x === 'bigint');
    const arr = big ? new BigInt64Array(n) : new Float64Array(n);
    exact.forEach((x, i) => {
      if (x === null) return;
      if (big) (arr as BigInt64Array)[i] = BigInt(x);
      else (arr as Float64Array)[i] = x as number;
    });
    return { type, length: n, values: arr, validity: v };
  }
  if (type === 'float64') {
    const arr = new Float64Array(n);
    values.forEach((x, i) => (arr[i] = x === null || x === undefined ? 0 : Number(x)));
    return { type, length: n, values: arr, validity: v };
  }
  if (type === 'bool') {
    const arr = new Uint8Array(n);
    values.forEach((x, i) => (arr[i] = x === true ? 1 : 0));
    return { type, length: n, values: arr, validity: v };
  }
  const arr = new Int32Array(n);
  values.forEach((x, i) => {
    if (x === null || x === undefined) return;
    if (typeof x === 'string') {
      const [y, m, d] = x.split('-').map(Number);
      arr[i] = daysFromCivil(y!, m!, d!);
    } else arr[i] = Number(x);
  });
  return { type, length: n, values: arr, validity: v };
}

/**
 * An int64 value as a number when a double holds it exactly, else a bigint; decimal strings (how plans
 * carry big values in JSON) and integral numbers are accepted; anything outside int64 is an error.
 */
function int64Value(x: Value | undefined): number | bigint | null {
  if (x === null || x === undefined) return null;
  let b: bigint;
  if (typeof x === 'number' && Math.abs(x) <= Number(MAX_SAFE) && Number.isInteger(x)) return x;
  try {
    b = BigInt(x);
  } catch {
    throw new DataError(`not an int64 value: ${JSON.stringify(String(x))}`);
  }
  if (b < -(2n ** 63n) || b >= 2n ** 63n) throw new DataError(`value ${b} is out of range for int64`);
  return b >= -MAX_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

export function morselFromRows(schema: Schema, rows: readonly Record<string, Value>[], seq = 0): Morsel {
  return {
    seq,
    length: rows.length,
    schema,
    columns: schema.map((f: Field) =>
      columnFromValues(
        f.type,
        rows.map((r) => r[f.name] ?? null),
      ),
    ),
  };
}
