// Arrow validity bitmaps: one bit per row, LSB first, 1 = valid. `undefined` means "no nulls", which lets
// kernels skip all null handling on the common path.
import type { Validity } from './types.ts';

export function bitmapBytes(length: number): number {
  return (length + 7) >> 3;
}

export function isValid(v: Validity, i: number): boolean {
  return v === undefined || ((v[i >> 3]! >> (i & 7)) & 1) === 1;
}

export function allValid(length: number): Uint8Array {
  return new Uint8Array(bitmapBytes(length)).fill(0xff);
}

export function setBit(v: Uint8Array, i: number, valid: boolean): void {
  if (valid) v[i >> 3]! |= 1 << (i & 7);
  else v[i >> 3]! &= ~(1 << (i & 7));
}

/** Row-wise AND of two validities: a result is null where either input is. */
export function andValidity(a: Validity, b: Validity, length: number): Validity {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const n = bitmapBytes(length);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Drops a bitmap that turned out to have no null bits, so later kernels take the fast path. */
export function normalizeValidity(v: Validity, length: number): Validity {
  if (v === undefined) return undefined;
  const full = length >> 3;
  for (let i = 0; i < full; i++) if (v[i] !== 0xff) return v;
  for (let i = full << 3; i < length; i++) if (!isValid(v, i)) return v;
  return undefined;
}

export function nullCount(v: Validity, length: number): number {
  if (v === undefined) return 0;
  let n = 0;
  for (let i = 0; i < length; i++) if (!isValid(v, i)) n++;
  return n;
}
