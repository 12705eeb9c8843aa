// Builds morsels from plain JS values for the sink tests (dates given as YYYY-MM-DD).
import type { Column, DataType, Morsel, Schema } from '../../src/morsel/types';

export type JsValue = number | bigint | string | boolean | null;

const encoder = new TextEncoder();

export function daysOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export function columnOf(type: DataType, values: readonly JsValue[]): Column {
  const length = values.length;
  const hasNull = values.some((v) => v === null);
  const validity = hasNull ? new Uint8Array((length + 7) >> 3) : undefined;
  if (validity) values.forEach((v, i) => v !== null && (validity[i >> 3]! |= 1 << (i & 7)));
  switch (type) {
    case 'int64': {
      const big = values.some((v) => typeof v === 'bigint' && (v > 2n ** 53n - 1n || v < 1n - 2n ** 53n));
      const out = big
        ? BigInt64Array.from(values, (v) => BigInt(v ?? 0))
        : Float64Array.from(values, (v) => Number(v ?? 0));
      return { type, length, values: out, validity };
    }
    case 'float64':
      return {
        type,
        length,
        values: Float64Array.from(values, (v) => (v === null ? 0 : Number(v))),
        validity,
      };
    case 'bool':
      return { type, length, values: Uint8Array.from(values, (v) => (v ? 1 : 0)), validity };
    case 'date':
      return {
        type,
        length,
        values: Int32Array.from(values, (v) => (v === null ? 0 : daysOf(String(v)))),
        validity,
      };
    case 'utf8': {
      const parts = values.map((v) => encoder.encode(v === null ? '' : String(v)));
      const offsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
      const bytes = new Uint8Array(offsets[length]!);
      parts.forEach((p, i) => bytes.set(p, offsets[i]!));
      return { type, length, offsets, bytes, validity };
    }
  }
}

/** Splits `columns` (by name, in schema order) into morsels of `morselRows` rows. */
export function morselsOf(
  schema: Schema,
  columns: Record<string, readonly JsValue[]>,
  morselRows: number,
): Morsel[] {
  const total = columns[schema[0]?.name ?? '']?.length ?? 0;
  const out: Morsel[] = [];
  for (let start = 0, seq = 0; start < total; start += morselRows, seq++) {
    const end = Math.min(total, start + morselRows);
    out.push({
      seq,
      length: end - start,
      schema,
      columns: schema.map((f) => columnOf(f.type, columns[f.name]!.slice(start, end))),
    });
  }
  return out;
}
