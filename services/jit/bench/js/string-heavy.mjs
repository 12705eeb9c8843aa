// string-heavy.lua by hand: formatting, concatenation, join, charCodeAt/fromCharCode/repeat/toUpperCase/includes.
import { fixed, print, sizeArg } from './lua-io.mjs';

const N = sizeArg(1500000);
const parts = [];
for (let i = 1; i <= N; i++) parts.push(String(i).padStart(5, '0') + ':' + (i * 31).toString(16));
const joined = parts.join(',');
let checksum = 0;
for (let i = 1; i <= joined.length; i += 7)
  checksum = (checksum * 31 + joined.charCodeAt(i - 1)) % 1000000007;
const words = [];
for (let i = 1; i <= Math.floor(N / 4); i++) {
  const w = String.fromCharCode(97 + (i % 26), 97 + ((i * 7) % 26), 97 + ((i * 13) % 26));
  words.push(w.toUpperCase() + w.repeat(2) + String(i % 100));
}
let total = 0;
for (const w of words) {
  total = total + w.length;
  if (w.includes('AB')) total = total + 1;
}
let s = '';
for (let i = 1; i <= Math.floor(N / 100); i++) s = s + (i % 10);
let sub = 0;
for (let i = 1; i <= s.length - 3; i += 5) sub = sub + Number(s.slice(i - 1, i + 2));
print(joined.length, checksum, total, s.length, sub, fixed(total / words.length, 3));
