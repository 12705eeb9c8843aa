// The local half of a streaming cumulative sum: a running sum inside one morsel, plus the morsel's total,
// so an ordered pass can later add the sum of everything before it. int64 sums stay exact: doubles while
// the sum of |x| proves every partial sum below 2^53, BigInt otherwise; a running sum that leaves int64 is
// an error (DuckDB's would widen to HUGEINT).
import type { Column, Int64Column } from '../../morsel/types.ts';
import { numericArray } from './values.ts';
import { MAX_SAFE, addExact, inInt64, int64Column, normalizeBig, overflow } from './int64.ts';

export function localCumSum(c: Column): { column: Column; total: number | bigint } {
  if (c.type === 'int64') return localIntCumSum(c);
  const n = c.length;
  const src = numericArray(c);
  const out = new Float64Array(n);
  const v = c.validity;
  let acc = 0;
  if (v === undefined)
    for (let i = 0; i < n; i++) {
      acc += src[i]!;
      out[i] = acc;
    }
  else
    for (let i = 0; i < n; i++) {
      if ((v[i >> 3]! >> (i & 7)) & 1) acc += src[i]!;
      out[i] = acc;
    }
  return { column: { type: 'float64', length: n, values: out, validity: v }, total: acc };
}

function localIntCumSum(c: Int64Column): { column: Column; total: number | bigint } {
  const n = c.length;
  const v = c.validity;
  const src = c.values;
  if (src instanceof Float64Array) {
    const out = new Float64Array(n);
    let acc = 0;
    let abs = 0;
    if (v === undefined)
      for (let i = 0; i < n; i++) {
        const x = src[i]!;
        acc += x;
        abs += Math.abs(x);
        out[i] = acc;
      }
    else
      for (let i = 0; i < n; i++) {
        if ((v[i >> 3]! >> (i & 7)) & 1) {
          const x = src[i]!;
          acc += x;
          abs += Math.abs(x);
        }
        out[i] = acc;
      }
    if (abs <= MAX_SAFE)
      return { column: { type: 'int64', length: n, values: out, validity: v }, total: acc };
  }
  const out = new Array<bigint>(n);
  let acc = 0n;
  for (let i = 0; i < n; i++) {
    if (v === undefined || (v[i >> 3]! >> (i & 7)) & 1) {
      acc += BigInt(src[i]!);
      if (!inInt64(acc)) overflow(`cumSum: the running sum ${acc} does not fit in int64`);
    }
    out[i] = acc;
  }
  return { column: int64Column(out, v), total: normalizeBig(acc) };
}

/** Running totals of earlier morsels, exact for int64 (`exact`), doubles otherwise. */
export function addTotal(running: number | bigint, t: number | bigint, exact: boolean): number | bigint {
  return exact ? addExact(running, t) : Number(running) + Number(t);
}

/**
 * The ordered fix-up: shift a local running sum by the total of all earlier morsels. With `inPlace` (the
 * caller owns the column's array and nothing else reads it) a float64 column is shifted where it is,
 * which spares a copy per morsel that only the garbage collector would free.
 */
export function addOffset(c: Column, offset: number | bigint, inPlace = false): Column {
  if (offset === 0 || offset === 0n || c.type === 'utf8' || c.type === 'bool' || c.type === 'date') return c;
  const n = c.length;
  if (c.type === 'float64') {
    const d = Number(offset);
    const out = inPlace ? c.values : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c.values[i]! + d;
    return { ...c, values: out };
  }
  const src = c.values;
  if (src instanceof Float64Array && typeof offset === 'number') {
    // both safe integers: the double sum is exact whenever it is itself safe
    const out = new Float64Array(n);
    let big = false;
    for (let i = 0; i < n; i++) {
      const r = src[i]! + offset;
      out[i] = r;
      if (r > MAX_SAFE || r < -MAX_SAFE) big = true;
    }
    if (!big) return { ...c, values: out };
  }
  const off = BigInt(offset);
  const v = c.validity;
  const out = new Array<bigint>(n).fill(0n);
  for (let i = 0; i < n; i++) {
    if (v !== undefined && ((v[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const r = BigInt(src[i]!) + off;
    if (!inInt64(r)) overflow(`cumSum: the running sum ${r} does not fit in int64`);
    out[i] = r;
  }
  return int64Column(out, v);
}
