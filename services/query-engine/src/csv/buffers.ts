// Chunk buffers make a round trip: the reader fills one, it is transferred to a worker, and the worker
// transfers it back once the chunk is parsed, to be filled again. Reuse spares the main thread the page
// faults of a fresh multi-megabyte allocation per chunk, and spares the workers' heaps buffers that only
// their garbage collector would free, which is what peak RSS was made of.
const free: ArrayBuffer[] = [];
/** Enough for the chunks in flight (two per worker) plus the one being read. */
const KEEP = 16;

/** A buffer of at least `n` bytes, with whatever it held before (every byte read is overwritten first). */
export function takeChunkBuffer(n: number): Uint8Array {
  for (let i = free.length - 1; i >= 0; i--) {
    const b = free[i]!;
    if (b.byteLength >= n && b.byteLength <= 2 * n) {
      free.splice(i, 1);
      return new Uint8Array(b, 0, n);
    }
  }
  // its own ArrayBuffer (not Node's shared pool), so it can be transferred
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

export function returnChunkBuffer(b: ArrayBuffer): void {
  if (b.byteLength > 0 && free.length < KEEP) free.push(b);
}
