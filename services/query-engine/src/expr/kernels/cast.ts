// Casts follow DuckDB where they differ from JS: float -> int rounds to nearest, ties to even; a string that
// does not parse, or a value outside int64, is an error, not a null. int64 -> float64 rounds to nearest.
import type { Column, DataType, Validity } from '../../morsel/types.ts';
import { columnFromValues, utf8At, valueAt, type Value } from '../../morsel/rows.ts';
import { isValid } from '../../morsel/validity.ts';
import { daysFromCivil, daysInMonth } from '../../morsel/dates.ts';
import { DataError } from '../errors.ts';
import { numericArray } from './values.ts';
import { MAX_SAFE, inInt64 } from './int64.ts';

function parseValue(s: string, to: DataType): Value {
  const t = s.trim();
  const fail = (): never => {
    throw new DataError(`cast: cannot convert ${JSON.stringify(s)} to ${to}`);
  };
  switch (to) {
    case 'int64': {
      if (!/^[+-]?\d+$/.test(t)) fail();
      const v = Number(t);
      if (Number.isSafeInteger(v)) return v;
      const big = BigInt(t);
      return inInt64(big) ? big : fail();
    }
    case 'float64': {
      const v = Number(t);
      if (t === '' || (Number.isNaN(v) && t.toLowerCase() !== 'nan')) fail();
      return v;
    }
    case 'bool': {
      const l = t.toLowerCase();
      if (l === 'true' || l === 't' || l === '1') return true;
      if (l === 'false' || l === 'f' || l === '0') return false;
      return fail();
    }
    case 'date': {
      const m = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(t);
      if (!m) return fail();
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) fail();
      return daysFromCivil(y, mo, d);
    }
    case 'utf8':
      return s;
  }
}

export function cast(c: Column, to: DataType): Column {
  if (c.type === to) return c;
  const n = c.length;
  if (c.type === 'utf8') {
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = isValid(c.validity, i) ? parseValue(utf8At(c, i), to) : null;
    return columnFromValues(to, out);
  }
  if (to === 'utf8') {
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = valueAt(c, i);
      out[i] = v === null ? null : String(v);
    }
    return columnFromValues('utf8', out);
  }
  const src = numericArray(c);
  if (to === 'float64')
    return { type: 'float64', length: n, values: Float64Array.from(src), validity: c.validity };
  if (to === 'bool') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) values[i] = src[i] !== 0 ? 1 : 0;
    return { type: 'bool', length: n, values, validity: c.validity };
  }
  if (to === 'date') return { type: 'date', length: n, values: Int32Array.from(src), validity: c.validity };
  return float64ToInt64(src, c.validity, n);
}

/** DuckDB rounds a double to the nearest integer, ties to even, and refuses one outside int64. */
function float64ToInt64(src: Float64Array | Int32Array | Uint8Array, validity: Validity, n: number): Column {
  const values = new Float64Array(n);
  let big = false;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    const r = Math.round(x);
    const v = r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    values[i] = v;
    if (!(v >= -MAX_SAFE && v <= MAX_SAFE) && isValid(validity, i)) {
      // 2^63 is a double, int64's largest value is not: the bound is exclusive above
      if (!(v >= -(2 ** 63) && v < 2 ** 63))
        throw new DataError(`cast: value ${x} of float64 is out of range for int64`);
      big = true;
    }
  }
  if (!big) return { type: 'int64', length: n, values, validity };
  const exact = new BigInt64Array(n);
  for (let i = 0; i < n; i++) if (isValid(validity, i)) exact[i] = BigInt(values[i]!);
  return { type: 'int64', length: n, values: exact, validity };
}
