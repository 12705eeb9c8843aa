// C's ldexp: m * 2^e rounded once. 2^e alone overflows past 1023 and loses bits below -1022, so large
// exponents go in steps that keep every intermediate product exact (math.ldexp, hexadecimal floats).

export function ldexp(m: number, e: number): number {
  let x = m;
  // beyond these the result is 0 or infinite whatever m is (a double's exponents span 2,098)
  let k = Math.max(-2200, Math.min(2200, e));
  while (k > 1023) {
    x *= 2 ** 1023;
    k -= 1023;
  }
  // 2^-969 keeps a 53-bit m normal, so only the last product rounds
  while (k < -1022) {
    x *= 2 ** -969;
    k += 969;
  }
  return x * 2 ** k;
}
