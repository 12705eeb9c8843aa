// String positions as the string library takes them (lstrlib.c's posrelatI and getendpos).

/** lua5.4's posrelat for start positions: negative counts from the end, clamped to 1. */
export function startPos(pos: number, len: number): number {
  if (pos > 0) return pos;
  if (pos === 0) return 1;
  if (pos < -len) return 1;
  return len + pos + 1;
}

export function endPos(pos: number, len: number): number {
  if (pos > len) return len;
  if (pos >= 0) return pos;
  if (pos < -len) return 0;
  return len + pos + 1;
}
