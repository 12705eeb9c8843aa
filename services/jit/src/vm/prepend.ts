// The status in front of a protected call's or a resume's results (pcall's true, resume's true).
import type { LuaValue } from './value.ts';

/**
 * [first, ...rest], as a new array. Array.prototype.unshift costs V8 ~100 ns even on a one-element
 * array (a builtin call that moves the elements), where a pcall or a resume and yield cost a few
 * hundred in all; a copy into an array of the final length ~4 ns. `first` goes in before any number,
 * so that the array holds boxed values and a NaN keeps its sign bit (see record/natives.ts).
 */
export function prepend(first: LuaValue, rest: LuaValue[]): LuaValue[] {
  const n = rest.length;
  const out = new Array<LuaValue>(n + 1);
  out[0] = first;
  for (let j = 0; j < n; j++) out[j + 1] = rest[j];
  return out;
}
