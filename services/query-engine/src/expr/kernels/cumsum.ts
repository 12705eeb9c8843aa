// The local half of a streaming cumulative sum: a running sum inside one morsel, plus the morsel's total,
// so an ordered pass can later add the sum of everything before it.
import type { Column } from '../../morsel/types.ts';
import { numericArray } from './values.ts';

export function localCumSum(c: Column): { column: Column; total: number } {
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
  const type = c.type === 'float64' ? 'float64' : 'int64';
  return { column: { type, length: n, values: out, validity: v }, total: acc };
}

/** The ordered fix-up: shift a local running sum by the total of all earlier morsels. */
export function addOffset(c: Column, offset: number): Column {
  if (offset === 0 || c.type === 'utf8' || c.type === 'bool' || c.type === 'date') return c;
  const src = c.values;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = Number(src[i]!) + offset;
  return { ...c, values: out } as Column;
}
