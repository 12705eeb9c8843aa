// table.sort without a comparator on an array part holding only numbers (no NaN) or only strings.
// Such values have one sorted order, whatever the algorithm and however ties fall (equal numbers or
// strings are the same Lua value; integers and non-integral floats are never equal), and comparing
// them cannot raise or call a metamethod, so a native sort gives exactly what ltablib's quicksort
// gives, several times faster.
import type { LuaValue } from '../vm/value.ts';

/** Sorts a in place and returns true, or returns false (untouched) when a needs Lua's comparisons. */
export function sortPlain(a: LuaValue[]): boolean {
  const n = a.length;
  const first = a[0];
  if (typeof first === 'string') {
    for (let j = 1; j < n; j++) if (typeof a[j] !== 'string') return false;
    // The default order compares UTF-16 code units: for latin1 strings, bytes, as lessThan's `<`.
    a.sort();
    return true;
  }
  let int32 = true;
  for (let j = 0; j < n; j++) {
    const v = a[j];
    // Boxed floats (LFloat: 1.0, -0.0) and NaN take the general path.
    if (typeof v !== 'number' || v !== v) return false;
    if ((v | 0) !== v) int32 = false;
  }
  const sorted = int32 ? Int32Array.from(a as number[]) : Float64Array.from(a as number[]);
  sorted.sort();
  for (let j = 0; j < n; j++) a[j] = sorted[j];
  return true;
}
