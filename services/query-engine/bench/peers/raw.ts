// The raw-read floor: read the whole file and count newlines, nothing else. No engine can beat this.
import { open } from 'node:fs/promises';
import { args, report } from './common';

const { csv } = args();
const t0 = performance.now();
const fh = await open(csv, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
let lines = 0;
for (;;) {
  const { bytesRead } = await fh.read(buf, 0, buf.length, null);
  if (bytesRead === 0) break;
  const chunk = bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
}
await fh.close();
report({ lines }, t0);
