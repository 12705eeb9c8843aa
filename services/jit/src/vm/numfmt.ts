// Number formatting exactly as C's printf does it for lua5.4 (glibc, round-half-even on exact ties).
// JS's toExponential/toFixed round ties away from zero, so exact ties are detected and redone.

/** Exact decimal digits of a finite double: value = 0.digits * 10^point (digits without leading 0s). */
function exactDecimal(x: number): { digits: string; point: number } {
  x = Math.abs(x);
  if (x === 0) return { digits: '0', point: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  let digits: string;
  let point: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    point = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    point = digits.length + e2;
  }
  return { digits: digits.replace(/0+$/, '') || '0', point };
}

/** Rounds exact decimal digits to n significant digits, half-even; returns digits and the new point. */
function roundDigits(digits: string, point: number, n: number): { digits: string; point: number } {
  if (digits.length <= n) return { digits: digits.padEnd(n, '0'), point };
  const keep = digits.slice(0, n);
  const rest = digits.slice(n);
  let up: boolean;
  if (rest[0]! > '5') up = true;
  else if (rest[0]! < '5') up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = n > 0 ? (Number(keep[n - 1]) & 1) === 1 : false;
  if (!up) return { digits: keep || '0', point };
  if (n === 0) return { digits: '1', point: point + 1 };
  const bumped = (BigInt(keep) + 1n).toString();
  if (bumped.length > n) return { digits: bumped.slice(0, n), point: point + 1 };
  return { digits: bumped, point };
}

/** The first dropped digits look like an exact tie ("5000...") - only then is the slow path needed. */
function maybeTie(s: string): boolean {
  return /50{3,}$/.test(s.replace(/e.*$/, '').replace('.', ''));
}

/** printf("%.<prec>e") without sign handling of inf/nan. */
export function fmtE(x: number, prec: number, upper = false): string {
  let s: string;
  const probe = prec + 4 <= 100 ? x.toExponential(prec + 4) : '';
  if (probe !== '' && !maybeTie(probe)) {
    s = x.toExponential(prec);
  } else {
    const d = exactDecimal(x);
    const r = roundDigits(d.digits, d.point, prec + 1);
    const exp = x === 0 ? 0 : r.point - 1;
    s = (x < 0 || Object.is(x, -0) ? '-' : '') + r.digits[0] + (prec > 0 ? '.' + r.digits.slice(1) : '');
    s += 'e' + (exp < 0 ? '-' : '+') + Math.abs(exp);
  }
  // JS writes e+5; C writes e+05.
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  if (Object.is(x, -0) && s[0] !== '-') s = '-' + s;
  return upper ? s.toUpperCase() : s;
}

/** printf("%.<prec>f"). */
export function fmtF(x: number, prec: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let s: string;
  if (ax < 1e21 && prec <= 96 && !maybeTie(ax.toFixed(prec + 4))) {
    s = ax.toFixed(prec);
  } else {
    const d = exactDecimal(ax);
    const n = d.point + prec;
    let digits: string;
    let point: number;
    if (n < 0) {
      digits = '0';
      point = 1;
    } else {
      const r = roundDigits(d.digits, d.point, n);
      digits = r.digits;
      point = r.point;
      if (digits.length < point + prec) digits = digits.padEnd(point + prec, '0');
    }
    if (point <= 0) {
      digits = '0'.repeat(1 - point) + digits;
      point = 1;
    }
    digits = digits.padEnd(point + prec, '0');
    s = digits.slice(0, point) + (prec > 0 ? '.' + digits.slice(point, point + prec) : '');
  }
  return neg ? '-' + s : s;
}

/** printf("%.<prec>g"), with or without the '#' flag (alt keeps trailing zeros). */
export function fmtG(x: number, prec: number, alt = false, upper = false): string {
  if (prec === 0) prec = 1;
  if (x === 0) {
    const z = alt ? '0.' + '0'.repeat(prec - 1) : '0';
    return Object.is(x, -0) ? '-' + z : z;
  }
  const e = fmtE(x, prec - 1);
  const exp = Number(e.slice(e.indexOf('e') + 1));
  let s: string;
  if (exp < -4 || exp >= prec) {
    s = e;
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    else if (!s.includes('.')) s = s.replace('e', '.e');
  } else {
    s = fmtF(x, prec - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
    else if (alt && !s.includes('.')) s += '.';
  }
  return upper ? s.toUpperCase() : s;
}

const signView = new Float64Array(1);
const signWords = new Uint32Array(signView.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word 1

/**
 * The sign bit of a number, read from its bits: printf prints a NaN as "-nan" or "nan" by it. V8 keeps
 * a NaN's bits through arithmetic, negation and boxing (0/0 is the x86 default NaN, sign set, as in C),
 * so this matches lua5.4 as long as the NaN came from the same operations; the literal NaN is positive.
 */
export function signBit(x: number): boolean {
  signView[0] = x;
  return signWords[HI]! >>> 31 !== 0;
}

/** "nan" or "-nan" (upper-cased for %F/%E/%G/%A) by the NaN's sign bit, as glibc's printf. */
export function nanString(x: number, upper = false): string {
  const s = signBit(x) ? '-nan' : 'nan';
  return upper ? s.toUpperCase() : s;
}

/** Lua's tostring for floats: "%.14g", plus ".0" when the result looks like an integer. */
export function floatToString(x: number): string {
  if (x !== x) return nanString(x);
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const s = fmtG(x, 14);
  return /^-?\d+$/.test(s) ? s + '.0' : s;
}

/** printf("%a") as glibc prints it. */
export function fmtHexFloat(x: number, upper = false, precision?: number, alt = false): string {
  if (x !== x) return nanString(x, upper);
  if (!isFinite(x)) return (x < 0 ? '-' : '') + (upper ? 'INF' : 'inf');
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? '-' : '';
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let lead = bexp === 0 ? 0 : 1;
  const exp = bexp === 0 ? (m === 0n ? 0 : -1022) : bexp - 1023;
  let frac: string;
  if (precision === undefined) frac = m.toString(16).padStart(13, '0').replace(/0+$/, '');
  else {
    if (precision < 13) {
      // printf rounds the 52 fraction bits to the digits asked for, half to even; a carry goes into
      // the leading digit (0x1.f8p+0 to one digit is 0x2.0p+0).
      const shift = BigInt(4 * (13 - precision));
      const rem = m & ((1n << shift) - 1n);
      const half = 1n << (shift - 1n);
      m >>= shift;
      // The digit rounded is the leading one when none follow it.
      const odd = precision === 0 ? (lead & 1) === 1 : (m & 1n) === 1n;
      if (rem > half || (rem === half && odd)) m++;
      if (m >> BigInt(4 * precision) !== 0n) {
        m &= (1n << BigInt(4 * precision)) - 1n;
        lead++;
      }
    }
    frac =
      precision === 0 ? '' : m.toString(16).padStart(Math.min(precision, 13), '0').padEnd(precision, '0');
  }
  const point = frac !== '' || alt ? '.' : '';
  const s = `${sign}0x${lead}${point}${frac}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  return upper ? s.toUpperCase() : s;
}
