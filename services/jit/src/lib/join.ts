// Array.prototype.join in pieces, for table.concat. V8 (11.3, Node 20) joins one long array of short
// strings more slowly than it joins the same strings a few thousand at a time: string-heavy's 1.5
// million 14-character pieces took ~280 ms as one join and ~190 ms as joins of 2048 whose results are
// joined (median of 5 processes each; BENCHMARKS.md, 2026-12-03 17:20 UTC). The second copy costs one
// pass over the result.

/** Pieces below this many strings are joined at once. */
const CHUNK = 2048;

/** `a.slice(from, to).join(sep)` for an array of strings, joined in pieces when it is long. */
export function joinStrings(a: readonly string[], sep: string, from = 0, to = a.length): string {
  if (to - from <= CHUNK * 2)
    return from === 0 && to === a.length ? a.join(sep) : a.slice(from, to).join(sep);
  const pieces: string[] = [];
  for (let s = from; s < to; s += CHUNK) pieces.push(a.slice(s, Math.min(s + CHUNK, to)).join(sep));
  return pieces.join(sep);
}
