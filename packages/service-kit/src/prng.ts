// Seeded pseudo-random numbers (mulberry32: one 32-bit state, four multiplies a draw). Benchmarks,
// generated data and generated test programs draw from it so that every run sees the same inputs.
// Not for anything secret.

/** Uniform 32-bit unsigned integers from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform numbers in [0, 1) from a seed: mulberry32's draws over 2^32. */
export function prng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
