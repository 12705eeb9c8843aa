// The math library, including lua5.4's xoshiro256** generator so seeded sequences match.
import { DEFAULT_NAN, libmNaN } from '../vm/arith.ts';
import { floatToInt, toInteger } from '../vm/convert.ts';
import { lessThan } from '../vm/meta.ts';
import { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import {
  LFloat,
  mkFloat,
  normInt,
  type LuaValue,
  type NativeFn,
  type NativeResult,
  type NumberKernel,
} from '../vm/value.ts';
import { Args, defineLib, luaError } from './args.ts';
import { log10, mathCompat } from './mathcompat.ts';

const M64 = (1n << 64n) - 1n;

function rotl(x: bigint, n: bigint): bigint {
  return ((x << n) | (x >> (64n - n))) & M64;
}

class Xoshiro {
  s: bigint[] = [0n, 0n, 0n, 0n];
  next(): bigint {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    const res = (rotl((s1 * 5n) & M64, 7n) * 9n) & M64;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ ((s1 << 17n) & M64);
    s[3] = rotl(s3, 45n);
    return res;
  }
  seed(n1: bigint, n2: bigint): void {
    this.s = [n1 & M64, 0xffn, n2 & M64, 0n];
    for (let i = 0; i < 16; i++) this.next();
  }
}

function project(ran: bigint, n: bigint, g: Xoshiro): bigint {
  if ((n & (n + 1n)) === 0n) return ran & n;
  let lim = n;
  for (const sh of [1n, 2n, 4n, 8n, 16n, 32n]) lim |= lim >> sh;
  while ((ran &= lim) > n) ran = g.next();
  return ran;
}

function toF(v: number | bigint | LFloat): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.n;
}

function isIntV(v: number | bigint | LFloat): v is number | bigint {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}

/**
 * An argument that is an integer itself (lua_isinteger): a string converts to a number, but lua5.4
 * takes the float path for it (`math.floor("9007199254740993")` is 9007199254740992).
 */
function isIntArg(raw: LuaValue, v: number | bigint | LFloat): v is number | bigint {
  return typeof raw !== 'string' && isIntV(v);
}

/** floor/ceil result: an integer when it fits, else the float. */
function intOrFloat(f: number): LuaValue {
  const i = floatToInt(f, 'eq');
  return i !== undefined ? i : mkFloat(f);
}

export function openMath(L: LuaState): void {
  const M = new LuaTable();
  const rng = new Xoshiro();
  rng.seed(BigInt(Date.now()), BigInt(process.pid));
  // What sqrt, floor and the like return for a number: the interpreter's fast path for a call with
  // one number argument (NumberKernel), and their library functions after Args has read it.
  // glibc's asin/acos return a NaN without the sign bit for arguments outside [-1, 1].
  const libm =
    (fn: (x: number) => number, invalidNaN = DEFAULT_NAN): NumberKernel =>
    (x) => {
      const r = fn(x);
      return mkFloat(r === r || x !== x ? libmNaN(r, x) : invalidNaN);
    };
  const kernels: Record<string, NumberKernel> = {
    sqrt: libm(Math.sqrt),
    sin: libm(Math.sin),
    cos: libm(Math.cos),
    tan: libm(Math.tan),
    asin: libm(Math.asin, NaN),
    acos: libm(Math.acos, NaN),
    exp: libm(Math.exp),
    // lmathlib.c multiplies by 180/PI and PI/180, constants folded in double as these are
    deg: libm((x) => x * (180 / Math.PI)),
    rad: libm((x) => x * (Math.PI / 180)),
    // a plain integral number is an integer (integral floats are LFloat boxes)
    floor: (x) => (Number.isInteger(x) ? x : intOrFloat(Math.floor(x))),
    ceil: (x) => (Number.isInteger(x) ? x : intOrFloat(Math.ceil(x))),
    abs: (x) => (Number.isInteger(x) ? Math.abs(x) : mkFloat(Math.abs(x))),
  };
  const f1 = (name: string): NativeFn => {
    const kernel = kernels[name]!;
    return (L, args) => kernel(new Args(L, 'math.' + name, args).float(1));
  };
  const fns: Record<string, NativeFn> = {
    abs(L, args) {
      const x = new Args(L, 'math.abs', args).number(1);
      if (!isIntArg(args[0], x)) return mkFloat(Math.abs(toF(x)));
      if (typeof x === 'number') return Math.abs(x);
      return normInt(BigInt.asIntN(64, x < 0n ? -x : x));
    },
    floor(L, args) {
      const x = new Args(L, 'math.floor', args).number(1);
      return isIntArg(args[0], x) ? x : intOrFloat(Math.floor(toF(x)));
    },
    ceil(L, args) {
      const x = new Args(L, 'math.ceil', args).number(1);
      return isIntArg(args[0], x) ? x : intOrFloat(Math.ceil(toF(x)));
    },
    sqrt: f1('sqrt'),
    sin: f1('sin'),
    cos: f1('cos'),
    tan: f1('tan'),
    asin: f1('asin'),
    acos: f1('acos'),
    exp: f1('exp'),
    deg: f1('deg'),
    rad: f1('rad'),
    atan(L, args) {
      const A = new Args(L, 'math.atan', args);
      return mkFloat(Math.atan2(A.float(1), args[1] === undefined ? 1 : A.float(2)));
    },
    log(L, args) {
      const A = new Args(L, 'math.log', args);
      const x = A.float(1);
      const lx = libmNaN(Math.log(x), x);
      if (args[1] === undefined) return mkFloat(lx);
      const b = A.float(2);
      if (b === 2) return mkFloat(libmNaN(Math.log2(x), x));
      if (b === 10) return mkFloat(log10(x));
      return mkFloat(lx / libmNaN(Math.log(b), b));
    },
    fmod(L, args) {
      const A = new Args(L, 'math.fmod', args);
      const a = A.number(1);
      const b = A.number(2);
      if (isIntArg(args[0], a) && isIntArg(args[1], b)) {
        if (b === 0 || b === 0n) A.error(2, 'zero');
        // C's % truncates toward zero, as JS's % does on numbers and bigints.
        if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
        return normInt(BigInt(a) % BigInt(b));
      }
      const fa = toF(a);
      const fb = toF(b);
      return mkFloat(libmNaN(fa % fb, fa, fb));
    },
    modf(L, args) {
      const A = new Args(L, 'math.modf', args);
      const v = A.number(1);
      if (isIntArg(args[0], v)) return [v, mkFloat(0)];
      const x = toF(v);
      const ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
      const frac = x === ip ? 0 : x - ip;
      return [intOrFloat(ip), mkFloat(frac)];
    },
    tointeger(L, args) {
      new Args(L, 'math.tointeger', args).any(1);
      return toInteger(args[0]);
    },
    type(L, args) {
      const v = new Args(L, 'math.type', args).any(1);
      if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
      if (typeof v === 'bigint') return 'integer';
      if (v instanceof LFloat) return 'float';
      return undefined;
    },
    // lua5.4 compares the arguments as `<` does (lua_compare): strings and tables with __lt take
    // part, a single argument of any type comes back, and a mixed pair fails as the comparison would.
    max(L, args) {
      if (args.length === 0) new Args(L, 'math.max', args).error(1, 'value expected');
      let best = 0;
      for (let i = 1; i < args.length; i++) if (lessThan(L, args[best], args[i])) best = i;
      return args[best];
    },
    min(L, args) {
      if (args.length === 0) new Args(L, 'math.min', args).error(1, 'value expected');
      let best = 0;
      for (let i = 1; i < args.length; i++) if (lessThan(L, args[i], args[best])) best = i;
      return args[best];
    },
    ult(L, args) {
      const A = new Args(L, 'math.ult', args);
      return BigInt.asUintN(64, BigInt(A.int(1))) < BigInt.asUintN(64, BigInt(A.int(2)));
    },
    random(L, args): NativeResult {
      const A = new Args(L, 'math.random', args);
      const rv = rng.next();
      let low: bigint;
      let up: bigint;
      if (args.length === 0) return mkFloat(Number(rv >> 11n) * 2 ** -53);
      if (args.length === 1) {
        low = 1n;
        up = BigInt(A.int(1));
        if (up === 0n) return normInt(BigInt.asIntN(64, rv));
      } else if (args.length === 2) {
        low = BigInt(A.int(1));
        up = BigInt(A.int(2));
      } else return luaError(L, 'wrong number of arguments');
      if (low > up) A.error(1, 'interval is empty');
      const r = project(rv, BigInt.asUintN(64, up - low), rng);
      return normInt(BigInt.asIntN(64, r + low));
    },
    randomseed(L, args) {
      const A = new Args(L, 'math.randomseed', args);
      if (args.length === 0) {
        rng.seed(BigInt(Date.now()), 0n);
        return [];
      }
      const n1 = BigInt(A.int(1));
      const n2 = args[1] === undefined ? 0n : BigInt(A.int(2));
      rng.seed(n1, n2);
      return [normInt(n1), normInt(n2)];
    },
  };
  defineLib(L, M, 'math.', { ...fns, ...mathCompat() }, kernels);
  // lmathlib's atan2 (LUA_COMPAT_MATHLIB) is the same C function as atan: math.atan2 == math.atan
  M.set('atan2', M.get('atan'));
  M.set('pi', Math.PI);
  M.set('huge', Infinity);
  M.set('maxinteger', 0x7fffffffffffffffn);
  M.set('mininteger', -0x8000000000000000n);
  L.globals.set('math', M);
}
