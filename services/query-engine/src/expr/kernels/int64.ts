// Exact int64: the helpers every kernel uses when a value may lie beyond ±(2^53 − 1), where doubles stop
// being exact. The fast paths stay on doubles; these run only when a BigInt64Array, a big literal or a
// result beyond 2^53 shows up.
import type { Int64Column, Validity } from '../../morsel/types.ts';
import { DataError } from '../errors.ts';

/** 2^53 − 1: every integer up to this is a double, so double arithmetic on them is exact below it. */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

export const isSafeBig = (x: bigint): boolean => x <= MAX_SAFE_BIG && x >= -MAX_SAFE_BIG;

export const inInt64 = (x: bigint): boolean => x >= INT64_MIN && x <= INT64_MAX;

/** A bigint that fits a double exactly comes back as a number (the form results and keys use). */
export function normalizeBig(x: bigint): number | bigint {
  return isSafeBig(x) ? Number(x) : x;
}

/** x + y exactly, as a number while that is exact. */
export function addExact(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === 'number' && typeof y === 'number') {
    const r = x + y;
    // both safe integers and a safe result: the double sum is the exact sum
    if (Math.abs(r) <= MAX_SAFE && Number.isSafeInteger(x) && Number.isSafeInteger(y)) return r;
  }
  return normalizeBig(BigInt(x) + BigInt(y));
}

export function overflow(what: string): never {
  throw new DataError(`int64 overflow in ${what}`);
}

/**
 * A column from exact values (entries under a null bit are ignored): a Float64Array when every value is
 * safe, else a BigInt64Array. Values must already be checked to fit int64.
 */
export function int64Column(values: readonly bigint[], validity: Validity): Int64Column {
  const n = values.length;
  let safe = true;
  for (let i = 0; i < n; i++) if (!isSafeBig(values[i]!)) safe = false;
  if (safe) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(values[i]!);
    return { type: 'int64', length: n, values: out, validity };
  }
  return { type: 'int64', length: n, values: BigInt64Array.from(values), validity };
}

/** The sum of |x| over the valid entries: it bounds every partial sum, so below 2^53 doubles are exact. */
export function sumAbs(values: Float64Array, validity: Validity, n: number): number {
  let s = 0;
  if (validity === undefined) for (let i = 0; i < n; i++) s += Math.abs(values[i]!);
  else for (let i = 0; i < n; i++) if ((validity[i >> 3]! >> (i & 7)) & 1) s += Math.abs(values[i]!);
  return s;
}
