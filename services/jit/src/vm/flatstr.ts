// Strings made of a few short pieces (a string.format result, a key built with `..`) as one flat
// string. V8 represents `a + b` of 13 characters or more as a ConsString pointing at both parts: a
// string of 15 characters kept in a table then costs a 32-byte cons and two strings of their own
// (~80 bytes) instead of one 32-byte string, all of it copied into the old generation when the table
// survives. string-heavy keeps 1.5M `string.format("%05d:%x", ...)` results: 70 MB more heap as cons
// strings, and on machines whose fresh pages fault expensively, 12% more time in that loop.
//
// Reading a character of a cons string makes V8 flatten it (a flat copy, the cons left pointing at
// it with an empty second half), and the next scavenge shortcuts references to such a cons to the
// flat string, so the cons and its parts die young. Longer strings stay cons strings: a string built
// up by repeated `s = s .. x` would be copied at every step.

/** The longest string flattened; V8 makes shorter concatenations than 13 characters flat itself. */
const MAX_FLAT = 64;

/** s, flattened when it may be a short cons string (see above). */
export function flat(s: string): string {
  if (s.length >= 13 && s.length <= MAX_FLAT) s.charCodeAt(0);
  return s;
}
