// An evaluated expression is a column or a scalar (a literal not yet broadcast): kernels take either, so
// `col('x').gt(5)` never allocates a column of fives.
import type { Column, DataType } from '../../morsel/types.ts';
import { bitmapBytes } from '../../morsel/validity.ts';
import { MAX_SAFE, inInt64, isSafeBig } from './int64.ts';
import { DataError } from '../errors.ts';

export interface Scalar {
  scalar: true;
  type: DataType;
  /** int64/float64: number (or bigint); date: days; bool: boolean; utf8: string; null: null. */
  value: number | bigint | boolean | string | null;
}

export type Val = Column | Scalar;

export const isScalar = (v: Val): v is Scalar => 'scalar' in v;

const encoder = new TextEncoder();

export function broadcast(s: Scalar, n: number): Column {
  const validity = s.value === null && n > 0 ? new Uint8Array(bitmapBytes(n)) : undefined;
  switch (s.type) {
    case 'utf8': {
      const b = s.value === null ? new Uint8Array(0) : encoder.encode(String(s.value));
      const bytes = new Uint8Array(b.length * n);
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) {
        bytes.set(b, i * b.length);
        offsets[i + 1] = (i + 1) * b.length;
      }
      return { type: 'utf8', length: n, offsets, bytes, validity };
    }
    case 'bool':
      return { type: 'bool', length: n, values: new Uint8Array(n).fill(s.value ? 1 : 0), validity };
    case 'date':
      return { type: 'date', length: n, values: new Int32Array(n).fill(Number(s.value ?? 0)), validity };
    case 'float64':
      return { type: 'float64', length: n, values: new Float64Array(n).fill(Number(s.value ?? 0)), validity };
    case 'int64':
      if (!isSmallInt(s)) {
        const b = BigInt(s.value as number | bigint);
        if (!inInt64(b)) throw new DataError(`int64 literal ${s.value} is out of range for int64`);
        return { type: 'int64', length: n, values: new BigInt64Array(n).fill(b), validity };
      }
      return { type: 'int64', length: n, values: new Float64Array(n).fill(Number(s.value ?? 0)), validity };
  }
}

/**
 * True when every int64 value of `v` is a double-exact integer, so the double kernels are exact on it: a
 * Float64Array column, or a literal within ±(2^53 − 1).
 */
export function isSmallInt(v: Val): boolean {
  if (!isScalar(v)) return v.type !== 'int64' || v.values instanceof Float64Array;
  const x = v.value;
  if (typeof x === 'bigint') return isSafeBig(x);
  return typeof x !== 'number' || !Number.isInteger(x) || Math.abs(x) <= MAX_SAFE;
}

/**
 * The values as doubles, for float contexts: a BigInt64Array rounds to the nearest double, as DuckDB's
 * BIGINT → DOUBLE cast does. Exact int64 work goes through ./int64.ts instead.
 */
export function numericArray(c: Column): Float64Array | Int32Array | Uint8Array {
  if (c.type === 'utf8') throw new Error('numericArray of utf8');
  if (c.values instanceof BigInt64Array) return Float64Array.from(c.values, Number);
  return c.values;
}
