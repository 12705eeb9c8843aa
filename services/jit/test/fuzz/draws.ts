// The seeded draws every generator makes from one prng: a number in [0, 1), an integer in lo..hi,
// one element of a list, and yes with probability p. The same seed gives the same program.
import { prng } from '@lightswitch/service-kit/prng';

export interface Draws {
  r: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  chance: (p: number) => boolean;
}

export function draws(seed: number): Draws {
  const r = prng(seed);
  return {
    r,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    chance: (p) => r() < p,
  };
}
