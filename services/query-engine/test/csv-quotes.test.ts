// The reader's quote parity (src/csv/quotes.ts) decides where chunks may be cut: one wrong bit splits a
// quoted field between two workers. Checked against a plain count on random bytes, at every alignment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quoteParity } from '../src/csv/quotes.ts';
import { wasmQuoteParity } from '../src/csv/quote-parity-wasm.ts';

const naive = (b: Uint8Array, from: number, to: number, q: number) => {
  let n = 0;
  for (let k = from; k < to; k++) if (b[k] === q) n++;
  return n & 1;
};

describe('csv: quote parity', () => {
  it('equals a plain count for any bytes, range, alignment and quote byte', () => {
    fc.assert(
      fc.property(
        // bytes drawn mostly from a few values, so quotes are dense in some cases and absent in others
        fc.array(
          fc.oneof(fc.constantFrom(34, 39, 10, 44, 0x22 ^ 0x80, 0xa2), fc.integer({ min: 0, max: 255 })),
          {
            maxLength: 300,
          },
        ),
        fc.integer({ min: 0, max: 7 }),
        fc.nat(),
        fc.nat(),
        (bytes, pad, x, y) => {
          // a view at byte offset `pad` into a larger buffer: words are aligned to the buffer, not the view
          const buf = new Uint8Array(new ArrayBuffer(bytes.length + pad + 5)).fill(34);
          buf.set(bytes, pad);
          const view = buf.subarray(pad, pad + bytes.length);
          const from = bytes.length ? x % (bytes.length + 1) : 0;
          const to = from + (bytes.length - from ? y % (bytes.length - from + 1) : 0);
          for (const q of [34, 39, 0xa2])
            assert.equal(quoteParity(view, from, to, q), naive(view, from, to, q), `q=${q} [${from}, ${to})`);
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  // ranges of 4 KiB and more go to WebAssembly SIMD (quote-parity-wasm.ts), 64 bytes at a time
  it('equals a plain count on long ranges, at every length around a 64-byte step', () => {
    const rnd = fc.sample(fc.integer({ min: 0, max: 255 }), { numRuns: 20_000, seed: 3 });
    const bytes = Uint8Array.from(rnd, (v) => (v < 12 ? 34 : v === 12 ? 0xa2 : v));
    for (const from of [0, 1, 5, 63]) {
      for (let to = 4096 + from; to < 4096 + from + 130; to++)
        for (const q of [34, 0xa2]) assert.equal(quoteParity(bytes, from, to, q), naive(bytes, from, to, q));
      for (const to of [8191, 8192, 12_345, 20_000])
        assert.equal(quoteParity(bytes, from, to, 34), naive(bytes, from, to, 34), `[${from}, ${to})`);
    }
    // and the SIMD path is really taken where WebAssembly SIMD exists (Node 20 has it)
    assert.ok(wasmQuoteParity(bytes, 0, 8192, 34) >= 0);
  });

  it('counts every quote of a long run, whatever its length', () => {
    for (let n = 0; n < 70; n++) {
      const b = new Uint8Array(n + 3).fill(34);
      assert.equal(quoteParity(b, 1, n + 1, 34), n & 1, `${n} quotes`);
    }
  });
});
