// The math functions lua5.4 keeps under LUA_COMPAT_MATHLIB, which Debian's lua5.4 is built with (the
// reference these programs are checked against): pow, log10, cosh, sinh, tanh, frexp, ldexp; and atan2,
// which is math.atan itself (math.ts).
import { libmNaN, luaPow } from '../vm/arith.ts';
import { ldexp } from '../vm/ldexp.ts';
import { mkFloat, type NativeFn } from '../vm/value.ts';
import { Args } from './args.ts';

const bits = new DataView(new ArrayBuffer(8));
/** The smallest normal double: below it frexp scales by 2^64 first to reach the exponent bits. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** glibc's log10: a NaN without the sign bit for a negative number, where its log's has it. */
export function log10(x: number): number {
  return x === x && x < 0 ? Math.abs(Math.log10(x)) : libmNaN(Math.log10(x), x);
}

/** C's frexp: x = m * 2^e with 0.5 <= |m| < 1 (x itself and 0 for zeros, infinities and NaNs). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const scaled = Math.abs(x) < MIN_NORMAL;
  bits.setFloat64(0, scaled ? x * 2 ** 64 : x);
  const hi = bits.getUint32(0);
  const e = ((hi >>> 20) & 0x7ff) - 1022 - (scaled ? 64 : 0);
  bits.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [bits.getFloat64(0), e];
}

export function mathCompat(): Record<string, NativeFn> {
  const f1 =
    (name: string, fn: (x: number) => number): NativeFn =>
    (L, args) => {
      const x = new Args(L, name, args).float(1);
      return mkFloat(libmNaN(fn(x), x));
    };
  return {
    pow(L, args) {
      const A = new Args(L, 'math.pow', args);
      return mkFloat(luaPow(A.float(1), A.float(2)));
    },
    log10: (L, args) => mkFloat(log10(new Args(L, 'math.log10', args).float(1))),
    cosh: f1('math.cosh', Math.cosh),
    sinh: f1('math.sinh', Math.sinh),
    tanh: f1('math.tanh', Math.tanh),
    frexp(L, args) {
      const [m, e] = frexp(new Args(L, 'math.frexp', args).float(1));
      return [mkFloat(m), e];
    },
    ldexp(L, args) {
      const A = new Args(L, 'math.ldexp', args);
      const m = A.float(1);
      const e = A.int(2);
      // lua5.4 casts the exponent to a C int, keeping its low 32 bits
      return mkFloat(ldexp(m, typeof e === 'bigint' ? Number(BigInt.asIntN(32, e)) : e | 0));
    },
  };
}
