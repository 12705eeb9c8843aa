// add64.lua by hand: the tightest numeric for loop.
import { print, sizeArg } from './lua-io.mjs';

const R = sizeArg(600);
let total = 0;
for (let r = 1; r <= R; r++) {
  let x = 0;
  for (let i = 1; i <= 500000; i++) x = x + 64;
  total = total + x;
}
print(total);
