// fannkuch-redux.lua by hand: permutations and flips on small 1-based integer arrays.
import { sizeArg, write } from './lua-io.mjs';

const N = sizeArg(10);

function fannkuch(n) {
  const p = new Int32Array(n + 2);
  const q = new Int32Array(n + 2);
  const s = new Int32Array(n + 2);
  let sign = 1;
  let maxflips = 0;
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    p[i] = i;
    q[i] = i;
    s[i] = i;
  }
  for (;;) {
    // Copy and flip.
    let q1 = p[1];
    if (q1 !== 1) {
      for (let i = 2; i <= n; i++) q[i] = p[i];
      let flips = 1;
      for (;;) {
        const qq = q[q1];
        if (qq === 1) {
          sum = sum + sign * flips;
          if (flips > maxflips) maxflips = flips;
          break;
        }
        q[q1] = q1;
        if (q1 >= 4) {
          let i = 2;
          let j = q1 - 1;
          do {
            const t = q[i];
            q[i] = q[j];
            q[j] = t;
            i = i + 1;
            j = j - 1;
          } while (!(i >= j));
        }
        q1 = qq;
        flips = flips + 1;
      }
    }
    // Permute.
    if (sign === 1) {
      const t = p[2];
      p[2] = p[1];
      p[1] = t;
      sign = -1;
    } else {
      const t = p[2];
      p[2] = p[3];
      p[3] = t;
      sign = 1;
      for (let i = 3; i <= n; i++) {
        const sx = s[i];
        if (sx !== 1) {
          s[i] = sx - 1;
          break;
        }
        if (i === n) return [sum, maxflips];
        s[i] = i;
        const t = p[1];
        for (let j = 1; j <= i; j++) p[j] = p[j + 1];
        p[i + 1] = t;
      }
    }
  }
}

const [sum, flips] = fannkuch(N);
write(sum, '\nPfannkuchen(', N, ') = ', flips, '\n');
