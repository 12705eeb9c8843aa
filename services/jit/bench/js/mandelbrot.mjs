// mandelbrot.lua by hand: N x N bitmap, 50 iterations, checksum of the bytes.
import { print, sizeArg } from './lua-io.mjs';

const N = sizeArg(1500);
const iter = 50;
let checksum = 0;
let bytes = 0;
for (let y = 0; y <= N - 1; y++) {
  const Ci = (2.0 * y) / N - 1.0;
  let bits = 0;
  let nbits = 0;
  for (let x = 0; x <= N - 1; x++) {
    const Cr = (2.0 * x) / N - 1.5;
    let Zr = 0.0;
    let Zi = 0.0;
    let Zrq = 0.0;
    let Ziq = 0.0;
    let escaped = false;
    for (let k = 1; k <= iter; k++) {
      Zi = 2.0 * Zr * Zi + Ci;
      Zr = Zrq - Ziq + Cr;
      Zrq = Zr * Zr;
      Ziq = Zi * Zi;
      if (Zrq + Ziq > 4.0) {
        escaped = true;
        break;
      }
    }
    bits = bits * 2 + (escaped ? 0 : 1);
    nbits = nbits + 1;
    if (nbits === 8 || x === N - 1) {
      if (nbits < 8) bits = bits << (8 - nbits);
      checksum = (checksum * 31 + bits) % 1000000007;
      bytes = bytes + 1;
      bits = 0;
      nbits = 0;
    }
  }
}
print(N, bytes, checksum);
