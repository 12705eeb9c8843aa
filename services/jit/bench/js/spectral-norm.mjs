// spectral-norm.lua by hand: float arithmetic, calls and 1-based arrays (index 0 unused, as in Lua).
import { fixed, print, sizeArg } from './lua-io.mjs';

const N = sizeArg(800);
function A(i, j) {
  const ij = i + j - 1;
  return 1.0 / (ij * (ij - 1) * 0.5 + i);
}
function Av(x, y, n) {
  for (let i = 1; i <= n; i++) {
    let a = 0;
    for (let j = 1; j <= n; j++) a = a + x[j] * A(i, j);
    y[i] = a;
  }
}
function Atv(x, y, n) {
  for (let i = 1; i <= n; i++) {
    let a = 0;
    for (let j = 1; j <= n; j++) a = a + x[j] * A(j, i);
    y[i] = a;
  }
}
function AtAv(x, y, t, n) {
  Av(x, t, n);
  Atv(t, y, n);
}
const u = [0];
const v = [0];
const t = [0];
for (let i = 1; i <= N; i++) u[i] = 1;
for (let k = 1; k <= 10; k++) {
  AtAv(u, v, t, N);
  AtAv(v, u, t, N);
}
let vBv = 0;
let vv = 0;
for (let i = 1; i <= N; i++) {
  const ui = u[i];
  const vi = v[i];
  vBv = vBv + ui * vi;
  vv = vv + vi * vi;
}
print(fixed(Math.sqrt(vBv / vv), 9));
