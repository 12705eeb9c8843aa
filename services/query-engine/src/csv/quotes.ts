// Quote parity of a byte range, for cutting a CSV on row boundaries: a newline ends a row only when an
// even number of quote bytes precede it in the chunk. The reader runs on the main thread, which every
// byte of the file passes through, so this counts four bytes per step (SWAR) instead of one.

const ONES = 0x01010101;
const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;

/** Parity (0 or 1) of the number of bytes equal to `q` in b[from, to). */
export function quoteParity(b: Uint8Array, from: number, to: number, q: number): number {
  let parity = 0;
  let p = from;
  // bytewise up to a 4-byte boundary of the underlying buffer
  while (p < to && (b.byteOffset + p) & 3) if (b[p++] === q) parity ^= 1;
  const words = (to - p) >> 2;
  if (words > 0) {
    const w = new Uint32Array(b.buffer, b.byteOffset + p, words);
    const pattern = Math.imul(q, ONES);
    let bits = 0;
    for (let i = 0; i < words; i++) {
      const x = w[i]! ^ pattern;
      // high bit of each byte set exactly where x's byte is zero, i.e. where the byte equals q
      const z = ~(((x & LOW7) + LOW7) | x | LOW7) & HIGH;
      bits ^= z;
    }
    // parity of the set bits of the XOR = parity of all matches
    bits ^= bits >>> 16;
    bits ^= bits >>> 8;
    parity ^= (bits >>> 7) & 1;
    p += words << 2;
  }
  while (p < to) if (b[p++] === q) parity ^= 1;
  return parity;
}
