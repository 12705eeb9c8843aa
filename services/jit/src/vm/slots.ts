// The arrays holding a table's string-keyed fields (`LuaTable.slots`, laid out by its shape). A table
// whose fields all hold numbers keeps them in a Float64Array: a float store then writes 8 bytes
// instead of allocating a HeapNumber, and a trace reads a raw double (n-body's `advance` stores six
// floats per body per step). Other tables use a generic array.
//
// Why a typed array rather than V8's own unboxed-double arrays (PACKED_DOUBLE_ELEMENTS): V8 turns
// such an array into generic elements, for good, whenever an inline cache that has also seen generic
// arrays stores into it (it generalises maps it has seen together), and the interpreter's field
// stores see every table of the program. A typed array has no elements kinds to move between.
//
// A Float64Array holds any number, NaN included: V8 stores a double into a typed array as its bits
// and reads them back so (it canonicalises NaNs only in its own unboxed-double arrays, whose hole is
// a NaN), and a NaN's sign must survive (lua5.4 prints `-nan`). Integers (safe, never -0) and
// non-integral floats read back as the same JS numbers, so readers need not know which kind they
// read, except in a float slot (shape.ts). Anything else stored makes the table convert to a generic
// array first (LuaTable.setSlot), and marks its shape so that tables following it start generic.
import type { LuaValue } from './value.ts';

export type Slots = LuaValue[] | Float64Array;

/**
 * Fields a Float64Array may hold: V8 keeps a typed array of up to 64 bytes on the heap, where making
 * one is about as cheap as making an array; a larger one gets a separately allocated backing store.
 */
export const MAX_UNBOXED = 8;

/** May v go into a Float64Array of slots (a number)? */
export function unboxable(v: LuaValue): v is number {
  return typeof v === 'number';
}

/** A generic slots array of `size` holding `n` values of `from`, nil after them. */
export function genericSlots(size: number, from: Slots, n: number): LuaValue[] {
  const s = new Array<LuaValue>(size);
  // Generic elements before the values: a NaN copied into a fresh array that V8 had made one of
  // unboxed doubles (it holds only numbers so far) might lose its sign bit.
  for (let j = 0; j < size; j++) s[j] = undefined;
  for (let j = 0; j < n; j++) s[j] = from[j];
  return s;
}
