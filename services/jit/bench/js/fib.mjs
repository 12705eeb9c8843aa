// fib.lua by hand: recursive calls, integer adds and compares.
import { print, sizeArg } from './lua-io.mjs';

const N = sizeArg(37);
function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
print(fib(N));
