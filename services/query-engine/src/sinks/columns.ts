// Slicing and concatenating columns, for regrouping rows of arbitrary sizes into morsels of a set size.
import type { Column, Utf8Column, Validity } from '../morsel/types';
import { copyBits, sliceBits } from './bits';

export function sliceColumn(col: Column, start: number, end: number): Column {
  const length = end - start;
  const validity = col.validity && sliceBits(col.validity, start, length);
  if (col.type === 'utf8') {
    return {
      type: 'utf8',
      length,
      offsets: col.offsets.subarray(start, end + 1),
      bytes: col.bytes,
      validity,
    };
  }
  // The switch keeps each values array paired with its own column type.
  switch (col.type) {
    case 'int64':
      return { type: 'int64', length, values: col.values.subarray(start, end), validity };
    case 'float64':
      return { type: 'float64', length, values: col.values.subarray(start, end), validity };
    case 'bool':
      return { type: 'bool', length, values: col.values.subarray(start, end), validity };
    case 'date':
      return { type: 'date', length, values: col.values.subarray(start, end), validity };
  }
}

function concatValidity(parts: readonly Column[], length: number): Validity {
  if (parts.every((p) => !p.validity)) return undefined;
  const out = new Uint8Array((length + 7) >> 3);
  let at = 0;
  for (const p of parts) {
    copyBits(out, at, p.validity, p.length);
    at += p.length;
  }
  return out;
}

function concatUtf8(parts: readonly Utf8Column[], length: number, validity: Validity): Utf8Column {
  let nbytes = 0;
  for (const p of parts) nbytes += p.offsets[p.length]! - p.offsets[0]!;
  const offsets = new Int32Array(length + 1);
  const bytes = new Uint8Array(nbytes);
  let row = 0;
  let pos = 0;
  for (const p of parts) {
    const base = p.offsets[0]!;
    bytes.set(p.bytes.subarray(base, p.offsets[p.length]), pos);
    for (let i = 1; i <= p.length; i++) offsets[row + i] = pos + p.offsets[i]! - base;
    row += p.length;
    pos = offsets[row]!;
  }
  return { type: 'utf8', length, offsets, bytes, validity };
}

/** One column of all parts' rows in order; parts must share a type. int64 widens to bigint if any part has. */
export function concatColumns(parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const length = parts.reduce((n, p) => n + p.length, 0);
  const validity = concatValidity(parts, length);
  if (first.type === 'utf8') return concatUtf8(parts as Utf8Column[], length, validity);
  if (first.type === 'int64' && parts.some((p) => p.type === 'int64' && p.values instanceof BigInt64Array)) {
    const values = new BigInt64Array(length);
    let at = 0;
    for (const p of parts) {
      const v = (p as typeof first).values;
      if (v instanceof BigInt64Array) values.set(v.subarray(0, p.length), at);
      else for (let i = 0; i < p.length; i++) values[at + i] = Number.isInteger(v[i]) ? BigInt(v[i]!) : 0n;
      at += p.length;
    }
    return { type: 'int64', length, values, validity };
  }
  const Ctor = (first as { values: Float64Array | Uint8Array | Int32Array }).values.constructor as
    Float64ArrayConstructor | Uint8ArrayConstructor | Int32ArrayConstructor;
  const values = new Ctor(length);
  let at = 0;
  for (const p of parts) {
    values.set((p as { values: Float64Array | Uint8Array | Int32Array }).values.subarray(0, p.length), at);
    at += p.length;
  }
  return { ...first, length, values, validity } as Column;
}
