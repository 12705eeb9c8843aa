import { openSync, readSync } from 'node:fs';
import { parseCsvChunk, type ParseSpec } from '../src/csv/parse.ts';
const buf = Buffer.alloc(32 << 20);
const fd = openSync('/tmp/lightswitch-bench/sales-10000000-seed42.csv', 'r');
readSync(fd, buf, 0, buf.length, 26);
const end = buf.lastIndexOf(10) + 1;
const chunk = new Uint8Array(buf.buffer, 0, end);
const names = ['date', 'store', 'amount', 'product'];
const specs: Record<string, ParseSpec['columns']> = {
  q1: [
    { index: 0, name: 'date', type: 'date', format: '%Y-%m-%d' },
    { index: 2, name: 'amount', type: 'float64' },
  ],
  q2: [
    { index: 1, name: 'store', type: 'int64' },
    { index: 2, name: 'amount', type: 'float64' },
  ],
  all: [
    { index: 0, name: 'date', type: 'utf8' },
    { index: 1, name: 'store', type: 'int64' },
    { index: 2, name: 'amount', type: 'float64' },
    { index: 3, name: 'product', type: 'utf8' },
  ],
  none: [],
};
for (const [k, columns] of Object.entries(specs)) {
  const spec = { fieldCount: 4, names, columns, delimiter: 44, quote: 34 };
  let best = Infinity,
    rows = 0;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    rows = 0;
    for (let o = 0; o < end;) {
      const e = Math.min(end, chunk.indexOf(10, o + 3_000_000) + 1 || end);
      rows += parseCsvChunk(chunk.subarray(o, e), spec, o, 0).length;
      o = e;
    }
    best = Math.min(best, performance.now() - t);
  }
  console.log(`${k.padEnd(5)} ${((best * 1e6) / rows).toFixed(1)} ns/row  (${rows} rows)`);
}
