// string.format as lua5.4 implements it on top of C's printf.
import { flat } from '../vm/flatstr.ts';
import { fmtE, fmtF, fmtG, fmtHexFloat, signBit } from '../vm/numfmt.ts';
import { addressOf, tostringValue } from '../vm/meta.ts';
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaClosure, NativeFunction, type LuaValue } from '../vm/value.ts';
import { Args, luaError } from './args.ts';

export interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  if (s.length >= spec.width) return s;
  if (spec.flags.includes('-')) return s.padEnd(spec.width, ' ');
  if (numeric && spec.flags.includes('0') && /^[-+ ]?(0[xX])?[0-9a-fA-F.]/.test(s) && !/inf|nan/i.test(s)) {
    const m = /^([-+ ]?(?:0[xX])?)(.*)$/.exec(s)!;
    return m[1]! + m[2]!.padStart(spec.width - m[1]!.length, '0');
  }
  return s.padStart(spec.width, ' ');
}

function signed(s: string, neg: boolean, spec: Spec): string {
  if (neg) return '-' + s;
  if (spec.flags.includes('+')) return '+' + s;
  if (spec.flags.includes(' ')) return ' ' + s;
  return s;
}

/** The base %u, %o, %x and %X print an unsigned integer in. */
function radix(conv: string): number {
  return conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
}

/**
 * %d/%i/%u/%x/%X/%o of a safe integer with flags among '-', '0', '+', ' ' and no precision (the common
 * case, "%05d"): printf's result without the general path's regular expressions; else null.
 */
function fmtSmallInt(v: number, conv: string, spec: Spec): string | null {
  const f = spec.flags;
  if (spec.precision !== undefined || f.includes('#')) return null;
  let s: string;
  let sign = '';
  if (conv === 'd' || conv === 'i') {
    s = String(v < 0 ? -v : v);
    sign = v < 0 ? '-' : f.includes('+') ? '+' : f.includes(' ') ? ' ' : '';
  } else {
    if (v < 0) return null;
    s = v.toString(radix(conv));
    if (conv === 'X') s = s.toUpperCase();
  }
  const w = spec.width;
  if (sign.length + s.length >= w) return sign + s;
  if (f.includes('-')) return (sign + s).padEnd(w, ' ');
  if (f.includes('0')) return sign + s.padStart(w - sign.length, '0');
  return (sign + s).padStart(w, ' ');
}

function fmtInt(v: number | bigint, conv: string, spec: Spec): string {
  if (typeof v === 'number') {
    const fast = fmtSmallInt(v, conv, spec);
    if (fast !== null) return fast;
  }
  let s: string;
  const neg = v < 0;
  // Safe integers convert without BigInt; negative ones print in hex/octal as 64-bit two's complement.
  if (conv === 'd' || conv === 'i') {
    s = typeof v === 'number' ? String(Math.abs(v)) : (neg ? -v : v).toString();
  } else {
    const u = typeof v === 'number' && v >= 0 ? v : BigInt.asUintN(64, BigInt(v));
    s = u.toString(radix(conv));
    if (conv === 'X') s = s.toUpperCase();
  }
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && s === '0') s = '';
    s = s.padStart(spec.precision, '0');
  }
  if (spec.flags.includes('#') && (conv === 'x' || conv === 'X') && v !== 0 && v !== 0n)
    s = (conv === 'x' ? '0x' : '0X') + s;
  if (spec.flags.includes('#') && conv === 'o' && !s.startsWith('0')) s = '0' + s;
  if (conv === 'd' || conv === 'i') s = signed(s, neg, spec);
  const noZeroPad = spec.precision !== undefined;
  return pad(s, noZeroPad ? { ...spec, flags: spec.flags.replace('0', '') } : spec, true);
}

function fmtFloat(x: number, conv: string, spec: Spec): string {
  const upper = conv === conv.toUpperCase();
  const neg = x < 0 || Object.is(x, -0) || (x !== x && signBit(x));
  const ax = Math.abs(x);
  let s: string;
  if (x !== x) s = upper ? 'NAN' : 'nan';
  else if (ax === Infinity) s = upper ? 'INF' : 'inf';
  else {
    const p = spec.precision ?? 6;
    switch (conv.toLowerCase()) {
      case 'f':
        s = fmtF(ax, p);
        if (spec.flags.includes('#') && p === 0) s += '.';
        break;
      case 'e':
        s = fmtE(ax, p, upper);
        if (spec.flags.includes('#') && p === 0) s = s.replace(/[eE]/, '.$&');
        break;
      case 'a':
        s = fmtHexFloat(ax, upper, spec.precision, spec.flags.includes('#'));
        break;
      default:
        s = fmtG(ax, p, spec.flags.includes('#'), upper);
    }
  }
  return pad(
    signed(s, neg, spec),
    x === x && ax !== Infinity ? spec : { ...spec, flags: spec.flags.replace('0', '') },
    true,
  );
}

/** lua_topointer, as %p prints it: an address, or NULL, which glibc prints as "(null)". */
function pointerOf(L: LuaState, v: LuaValue): string {
  if (
    v instanceof LuaTable ||
    v instanceof LuaClosure ||
    v instanceof NativeFunction ||
    typeof v === 'string'
  )
    return addressOf(L, v);
  return '(null)';
}

function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\\n';
    else if (c === '\0' || code < 32 || code === 127) {
      const next = s[i + 1] ?? '';
      out += next >= '0' && next <= '9' ? '\\' + String(code).padStart(3, '0') : '\\' + code;
    } else out += c;
  }
  return out + '"';
}

function quoteValue(L: LuaState, A: Args, v: LuaValue, n: number): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'bigint') return v === -0x8000000000000000n ? '0x8000000000000000' : v.toString();
  if (typeof v === 'number' || v instanceof LFloat) {
    const x = typeof v === 'number' ? v : v.n;
    if (x === Infinity) return '1e9999';
    if (x === -Infinity) return '-1e9999';
    if (x !== x) return '(0/0)';
    // Finite floats are written in hex so they read back exactly.
    return fmtHexFloat(x);
  }
  if (v === undefined || v === true || v === false) return String(v ?? 'nil');
  return A.error(n, 'value has no literal form');
}

/**
 * A parsed format: literal text, conversions, and the error a bad conversion raises when reached. A
 * conversion's `bad` is lua5.4's "invalid conversion specification" for flags, width or precision its
 * conversion does not take; it is raised where lua5.4 checks it, after the argument for most.
 */
export type Piece = string | (Spec & { conv: string; whole: string; bad: string | null }) | { error: string };

/** Formats a program uses are few and reused: parse each once. */
const parsed = new Map<string, Piece[]>();
const MAX_PARSED = 256;

/** What lua5.4's getformat takes between '%' and the conversion: flags, width and precision. */
const SPAN = /^[-+ #0-9.]*/;
/** lstrlib's MAX_FORMAT - 10: a longer span is "invalid format string". */
const MAX_SPAN = 21;

/** Flags each conversion takes (lstrlib's L_FMTFLAGS*), and whether it takes a precision. */
const TAKES: Record<string, readonly [string, boolean]> = {
  d: ['-+ 0', true],
  i: ['-+ 0', true],
  u: ['-0', true],
  o: ['-#0', true],
  x: ['-#0', true],
  X: ['-#0', true],
  a: ['-+ #0', true],
  A: ['-+ #0', true],
  e: ['-+ #0', true],
  E: ['-+ #0', true],
  f: ['-+ #0', true],
  g: ['-+ #0', true],
  G: ['-+ #0', true],
  c: ['-', false],
  s: ['-', true],
  p: ['-', false],
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** lstrlib's checkformat: the span is the conversion's flags, a width and a precision of 2 digits at most. */
function specOk(span: string, flags: string, precision: boolean): boolean {
  let i = 0;
  while (i < span.length && flags.includes(span[i]!)) i++;
  if (span[i] !== '0') {
    if (isDigit(span[i])) i++;
    if (isDigit(span[i])) i++;
    if (span[i] === '.' && precision) {
      i++;
      if (isDigit(span[i])) i++;
      if (isDigit(span[i])) i++;
    }
  }
  return i === span.length;
}

export function parse(fmt: string): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      lit += c;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      lit += '%';
      continue;
    }
    if (lit !== '') out.push(lit);
    lit = '';
    const span = SPAN.exec(fmt.slice(i))![0];
    if (span.length >= MAX_SPAN) {
      out.push({ error: "invalid format string to 'format'" });
      return out;
    }
    const conv = fmt[i + span.length] ?? '';
    const whole = span + conv;
    i += whole.length - 1;
    const takes = TAKES[conv];
    const bad =
      takes === undefined || specOk(span, takes[0], takes[1])
        ? null
        : `invalid conversion specification: '%${whole}'`;
    // Width and precision as printf reads them; only a valid span's are used.
    const m = /^([-+ #0]*)(\d*)(?:\.(\d*))?/.exec(span)!;
    out.push({
      flags: m[1]!,
      width: m[2] === '' ? 0 : Number(m[2]),
      precision: m[3] === undefined ? undefined : Number(m[3] === '' ? 0 : m[3]),
      conv,
      whole,
      bad,
    });
  }
  if (lit !== '') out.push(lit);
  return out;
}

export function format(L: LuaState, args: LuaValue[]): LuaValue {
  const A = new Args(L, 'string.format', args);
  const fmt = A.string(1);
  let pieces = parsed.get(fmt);
  if (pieces === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(fmt, (pieces = parse(fmt)));
  }
  let out = '';
  let argn = 1;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    if ('error' in piece) return luaError(L, piece.error);
    const { conv, whole } = piece;
    const spec: Spec = piece;
    argn++;
    if (argn > args.length) A.error(argn, 'no value');
    const bad = (): void => {
      if (piece.bad !== null) luaError(L, piece.bad);
    };
    switch (conv) {
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        const n = A.int(argn);
        bad();
        out += fmtInt(n, conv, spec);
        break;
      }
      case 'c':
        bad();
        out += pad(String.fromCharCode(Number(BigInt.asUintN(8, BigInt(A.int(argn))))), spec, false);
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A': {
        const x = A.float(argn);
        bad();
        out += fmtFloat(x, conv, spec);
        break;
      }
      case 's': {
        A.any(argn);
        let s = tostringValue(L, args[argn - 1]);
        if (whole.length > 1) {
          if (s.includes('\0')) A.error(argn, 'string contains zeros');
          bad();
        }
        if (spec.precision !== undefined) s = s.slice(0, spec.precision);
        out += pad(s, spec, false);
        break;
      }
      case 'p': {
        // lua5.4 formats a NULL pointer with %s, so '-' and a width apply to "(null)" too.
        const v = A.any(argn);
        bad();
        out += pad(pointerOf(L, v), spec, false);
        break;
      }
      case 'q':
        if (whole.length > 1) luaError(L, "specifier '%q' cannot have modifiers");
        out += quoteValue(L, A, A.any(argn), argn);
        break;
      default:
        return luaError(L, `invalid conversion '%${whole}' to 'format'`);
    }
  }
  return flat(out);
}
