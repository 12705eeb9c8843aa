// table-heavy.lua by hand: Lua's hash tables become Maps, its 1-based sequences arrays, its records objects.
import { print, sizeArg } from './lua-io.mjs';

const N = sizeArg(1500000);
const h = new Map();
for (let i = 1; i <= N; i++) {
  const k = 'k' + (i % 5000);
  h.set(k, (h.get(k) ?? 0) + i);
}
let hsum = 0;
for (const v of h.values()) hsum = hsum + v;
const sparse = new Map();
for (let i = 1; i <= N; i++) sparse.set((i * 7919) % (N * 3), i);
let found = 0;
for (let i = 1; i <= N * 3; i += 3) if (sparse.get(i) !== undefined) found = found + 1;
const arr = [];
for (let i = 1; i <= N; i++) arr.push((i * 2654435761) % 1000003);
const keep = [];
for (const v of arr) if (v % 3 !== 0) keep.push(v);
keep.sort((a, b) => a - b);
let acc = 0;
for (let i = 1; i <= keep.length; i += 97) acc = (acc + keep[i - 1] * i) % 1000000007;
const q = [];
for (let i = 1; i <= Math.floor(N / 10); i++) q.push(i);
let popped = 0;
while (q.length > 0) popped = popped + q.pop();
const records = [];
for (let i = 1; i <= Math.floor(N / 4); i++) records.push({ id: i, score: (i * 37) % 101, name: 'n' + i });
let best = 0;
for (const r of records) if (r.score > best) best = r.score;
print(hsum, found, keep.length, acc, popped, best);
