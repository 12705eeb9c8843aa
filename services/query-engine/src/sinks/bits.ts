// Bitmap helpers in Arrow's layout (LSB first, 1 = valid / true).

export function countNulls(validity: Uint8Array | undefined, length: number): number {
  if (!validity) return 0;
  let valid = 0;
  const full = length >> 3;
  for (let b = 0; b < full; b++) valid += POPCOUNT[validity[b]!]!;
  for (let i = full << 3; i < length; i++) valid += (validity[i >> 3]! >> (i & 7)) & 1;
  return length - valid;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

/** Bits [offset, offset + length) of `bits` as a new bitmap starting at bit 0 (a view when byte-aligned). */
export function sliceBits(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const nbytes = (length + 7) >> 3;
  if ((offset & 7) === 0) return bits.subarray(offset >> 3, (offset >> 3) + nbytes);
  const out = new Uint8Array(nbytes);
  for (let i = 0; i < length; i++) {
    const j = offset + i;
    if ((bits[j >> 3]! >> (j & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

/** Writes `length` bits of `src` (from bit 0) into `dst` starting at bit `at`. */
export function copyBits(dst: Uint8Array, at: number, src: Uint8Array | undefined, length: number): void {
  for (let i = 0; i < length; i++) {
    const j = at + i;
    if (!src || (src[i >> 3]! >> (i & 7)) & 1) dst[j >> 3]! |= 1 << (j & 7);
    else dst[j >> 3]! &= ~(1 << (j & 7));
  }
}

export function packBools(values: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (values[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

export function unpackBits(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const j = offset + i;
    out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}
