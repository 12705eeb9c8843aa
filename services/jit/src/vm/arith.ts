// Lua 5.4 arithmetic on numbers (already converted from strings): integer ops wrap at 64 bits,
// `//` and `%` floor, `/` and `^` are always float. Integers are JS numbers when safe, else bigint.
import { Fault } from '../errors/index.ts';
import { floatToInt } from './convert.ts';
import { LFloat, MAX_SAFE, mkFloat, normInt, wrapInt } from './value.ts';

export type Num = number | bigint | LFloat;
type Int = number | bigint;

export enum ArithOp {
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  IDIV,
  BAND,
  BOR,
  BXOR,
  SHL,
  SHR,
  UNM,
  BNOT,
}

export const EVENTS = [
  '__add',
  '__sub',
  '__mul',
  '__div',
  '__mod',
  '__pow',
  '__idiv',
  '__band',
  '__bor',
  '__bxor',
  '__shl',
  '__shr',
  '__unm',
  '__bnot',
];

function isInt(v: Num): v is Int {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}

function flt(v: Num): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.n;
}

export function intAdd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrapInt(BigInt(a) + BigInt(b));
}

export function intSub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrapInt(BigInt(a) - BigInt(b));
}

export function intMul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r + 0;
  }
  return wrapInt(BigInt(a) * BigInt(b));
}

export function intIdiv(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw new Fault('attempt to divide by zero');
    return Math.floor(a / b) + 0;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  if (y === 0n) throw new Fault('attempt to divide by zero');
  let q = x / y;
  if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
  return wrapInt(q);
}

export function intMod(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw new Fault("attempt to perform 'n%0'");
    let r = a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
    return r + 0;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  if (y === 0n) throw new Fault("attempt to perform 'n%0'");
  let r = x % y;
  if (r !== 0n && r < 0n !== y < 0n) r += y;
  return normInt(r);
}

/** The x86 "default NaN" that C's invalid operations produce: its sign bit is set (printed "-nan"). */
export const DEFAULT_NAN = new Float64Array(new Uint32Array([0, 0xfff80000]).buffer)[0]!;

/**
 * A libm result as C gives it when it is NaN: a NaN argument comes back unchanged (first one first),
 * an invalid operation gives the default NaN. V8's own Math functions return other NaN bits.
 */
export function libmNaN(r: number, x: number, y = 0): number {
  if (r === r) return r;
  if (x !== x) return x;
  if (y !== y) return y;
  return DEFAULT_NAN;
}

export function floatMod(a: number, b: number): number {
  let m = a % b;
  if (m !== m) return libmNaN(m, a, b);
  if (m > 0 ? b < 0 : m < 0 && b > 0) m += b;
  return m;
}

export function floatIdiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** C's pow differs from JS ** on a few special cases. */
export function luaPow(a: number, b: number): number {
  if (b === 2) return a * a; // luai_numpow
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  const r = a ** b;
  if (r === r) return r;
  // glibc's pow on a NaN base clears its sign for odd integer exponents and keeps it otherwise.
  if (a !== a) return Number.isInteger(b) && b % 2 !== 0 ? Math.abs(a) : a;
  return libmNaN(r, a, b);
}

/** Integer value for bitwise ops, or a Fault "number has no integer representation". */
export function toIntStrict(v: Num): Int {
  if (isInt(v)) return v;
  const i = floatToInt(flt(v), 'eq');
  if (i === undefined) throw new Fault('number has no integer representation');
  return i;
}

function isInt32(v: Int): v is number {
  return typeof v === 'number' && (v | 0) === v;
}

export function shiftLeft(x: Int, n: Int): Int {
  if (typeof n === 'bigint') return 0;
  if (n < 0) return shiftRight(x, -n);
  if (n >= 64) return 0;
  if (typeof x === 'number' && x >= 0 && n < 53) {
    const r = x * 2 ** n;
    if (r <= MAX_SAFE) return r;
  }
  return wrapInt(BigInt.asUintN(64, BigInt(x)) << BigInt(n));
}

export function shiftRight(x: Int, n: Int): Int {
  if (typeof n === 'bigint') return 0;
  if (n < 0) return shiftLeft(x, -n);
  if (n >= 64) return 0;
  if (typeof x === 'number' && x >= 0) return Math.floor(x / 2 ** n);
  return wrapInt(BigInt.asUintN(64, BigInt(x)) >> BigInt(n));
}

/** Arithmetic on two numbers; unary ops ignore b. */
export function arithNum(op: ArithOp, a: Num, b: Num): Num {
  switch (op) {
    case ArithOp.ADD:
      return isInt(a) && isInt(b) ? intAdd(a, b) : mkFloat(flt(a) + flt(b));
    case ArithOp.SUB:
      return isInt(a) && isInt(b) ? intSub(a, b) : mkFloat(flt(a) - flt(b));
    case ArithOp.MUL:
      return isInt(a) && isInt(b) ? intMul(a, b) : mkFloat(flt(a) * flt(b));
    case ArithOp.DIV:
      return mkFloat(flt(a) / flt(b));
    case ArithOp.MOD:
      return isInt(a) && isInt(b) ? intMod(a, b) : mkFloat(floatMod(flt(a), flt(b)));
    case ArithOp.POW:
      return mkFloat(luaPow(flt(a), flt(b)));
    case ArithOp.IDIV:
      return isInt(a) && isInt(b) ? intIdiv(a, b) : mkFloat(floatIdiv(flt(a), flt(b)));
    case ArithOp.UNM:
      return isInt(a) ? intSub(0, a) : mkFloat(-flt(a));
    default:
      return bitwise(op, toIntStrict(a), toIntStrict(b));
  }
}

function bitwise(op: ArithOp, x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) {
    switch (op) {
      case ArithOp.BAND:
        return x & y;
      case ArithOp.BOR:
        return x | y;
      case ArithOp.BXOR:
        return x ^ y;
      case ArithOp.BNOT:
        return ~x;
      default:
        break;
    }
  }
  switch (op) {
    case ArithOp.BAND:
      return wrapInt(BigInt(x) & BigInt(y));
    case ArithOp.BOR:
      return wrapInt(BigInt(x) | BigInt(y));
    case ArithOp.BXOR:
      return wrapInt(BigInt(x) ^ BigInt(y));
    case ArithOp.BNOT:
      return wrapInt(~BigInt(x));
    case ArithOp.SHL:
      return shiftLeft(x, y);
    default:
      return shiftRight(x, y);
  }
}
