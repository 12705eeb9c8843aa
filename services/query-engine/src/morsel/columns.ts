// Column construction, selection (gather by row indices), slicing and concatenation. All of these produce
// fresh typed arrays so a morsel never aliases another's buffers: that keeps transfer-by-move safe.
import type { Column, DataType, Morsel, Schema, Validity } from './types.ts';
import { bitmapBytes, isValid, normalizeValidity, setBit } from './validity.ts';

export function emptyColumn(type: DataType): Column {
  return fullNullColumn(type, 0);
}

export function fullNullColumn(type: DataType, length: number): Column {
  const validity = length === 0 ? undefined : new Uint8Array(bitmapBytes(length));
  switch (type) {
    case 'int64':
      return { type, length, values: new Float64Array(length), validity };
    case 'float64':
      return { type, length, values: new Float64Array(length), validity };
    case 'bool':
      return { type, length, values: new Uint8Array(length), validity };
    case 'date':
      return { type, length, values: new Int32Array(length), validity };
    case 'utf8':
      return { type, length, offsets: new Int32Array(length + 1), bytes: new Uint8Array(0), validity };
  }
}

function gatherValidity(v: Validity, idx: Uint32Array, n: number): Validity {
  if (v === undefined) return undefined;
  const out = new Uint8Array(bitmapBytes(n));
  for (let i = 0; i < n; i++) if (isValid(v, idx[i]!)) out[i >> 3]! |= 1 << (i & 7);
  return normalizeValidity(out, n);
}

/** Rows idx[0..n) of c, in that order. */
export function gather(c: Column, idx: Uint32Array, n: number): Column {
  const validity = gatherValidity(c.validity, idx, n);
  if (c.type === 'utf8') {
    let total = 0;
    for (let i = 0; i < n; i++) total += c.offsets[idx[i]! + 1]! - c.offsets[idx[i]!]!;
    const offsets = new Int32Array(n + 1);
    const bytes = new Uint8Array(total);
    let p = 0;
    for (let i = 0; i < n; i++) {
      const s = c.offsets[idx[i]!]!;
      const e = c.offsets[idx[i]! + 1]!;
      if (e - s < 16) for (let k = s; k < e; k++) bytes[p++] = c.bytes[k]!;
      else {
        bytes.set(c.bytes.subarray(s, e), p);
        p += e - s;
      }
      offsets[i + 1] = p;
    }
    return { type: 'utf8', length: n, offsets, bytes, validity };
  }
  const src = c.values;
  const values = new (src.constructor as new (n: number) => typeof src)(n);
  for (let i = 0; i < n; i++) values[i] = src[idx[i]!]!;
  return { ...c, length: n, values, validity } as Column;
}

export function slice(c: Column, start: number, end: number): Column {
  const n = end - start;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = start + i;
  return gather(c, idx, n);
}

export function concatColumns(type: DataType, cols: Column[]): Column {
  const length = cols.reduce((s, c) => s + c.length, 0);
  const hasNulls = cols.some((c) => c.validity !== undefined);
  let validity: Validity;
  if (hasNulls) {
    validity = new Uint8Array(bitmapBytes(length));
    let r = 0;
    for (const c of cols) for (let i = 0; i < c.length; i++) setBit(validity, r++, isValid(c.validity, i));
  }
  if (type === 'utf8') {
    const us = cols as Extract<Column, { type: 'utf8' }>[];
    const total = us.reduce((s, c) => s + c.offsets[c.length]! - c.offsets[0]!, 0);
    const bytes = new Uint8Array(total);
    const offsets = new Int32Array(length + 1);
    let p = 0;
    let r = 0;
    for (const c of us) {
      const base = c.offsets[0]!;
      bytes.set(c.bytes.subarray(base, c.offsets[c.length]), p);
      for (let i = 1; i <= c.length; i++) offsets[r + i] = p + c.offsets[i]! - base;
      p += c.offsets[c.length]! - base;
      r += c.length;
    }
    return { type, length, offsets, bytes, validity };
  }
  const big = type === 'int64' && cols.some((c) => c.type === 'int64' && c.values instanceof BigInt64Array);
  const values =
    type === 'bool'
      ? new Uint8Array(length)
      : type === 'date'
        ? new Int32Array(length)
        : big
          ? new BigInt64Array(length)
          : new Float64Array(length);
  let r = 0;
  for (const c of cols) {
    const v = (c as { values: ArrayLike<number | bigint> }).values;
    if (big && !(v instanceof BigInt64Array))
      // slots under a null bit may hold anything (NaN); BigInt() would throw on those
      for (let i = 0; i < c.length; i++) values[r + i] = Number.isInteger(v[i]) ? BigInt(v[i]!) : 0n;
    else (values as Float64Array).set(v as Float64Array, r);
    r += c.length;
  }
  return { type, length, values, validity } as Column;
}

export function concatMorsels(schema: Schema, morsels: Morsel[], seq = 0): Morsel {
  const columns = schema.map((f, j) =>
    concatColumns(
      f.type,
      morsels.map((m) => m.columns[j]!),
    ),
  );
  return { seq, length: columns[0]?.length ?? morsels.reduce((s, m) => s + m.length, 0), schema, columns };
}

export function sliceMorsel(m: Morsel, start: number, end: number): Morsel {
  return { ...m, length: end - start, columns: m.columns.map((c) => slice(c, start, end)) };
}

/** Buffers to list in postMessage's transfer list so a morsel moves between threads without a copy. */
export function transferList(m: Morsel): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of m.columns) {
    if (c.validity) out.add(c.validity.buffer as ArrayBuffer);
    if (c.type === 'utf8') {
      out.add(c.offsets.buffer as ArrayBuffer);
      out.add(c.bytes.buffer as ArrayBuffer);
    } else out.add(c.values.buffer as ArrayBuffer);
  }
  return [...out].filter((b) => b.byteLength > 0);
}

/**
 * A copy of `m` in fresh, exactly sized buffers: for morsels that are views into memory the engine does not
 * own (an Arrow table's), which must not be transferred (that would detach the owner's data) and must not
 * be structured-cloned whole (a view clones its entire underlying buffer).
 */
export function ownedCopy(m: Morsel): Morsel {
  const columns = m.columns.map((c): Column => {
    const validity = c.validity?.slice(0, bitmapBytes(c.length));
    if (c.type !== 'utf8') return { ...c, values: c.values.slice(0, c.length), validity } as Column;
    const start = c.offsets[0]!;
    return {
      ...c,
      offsets: c.offsets.slice(0, c.length + 1).map((o) => o - start),
      bytes: c.bytes.slice(start, c.offsets[c.length]),
      validity,
    };
  });
  return { ...m, columns };
}
