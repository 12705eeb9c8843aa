// string.format as lua5.4 implements it on top of C's printf.
import { fmtE, fmtF, fmtG, fmtHexFloat, signBit } from '../vm/numfmt.ts';
import { tostringValue } from '../vm/meta.ts';
import type { LuaState } from '../vm/state.ts';
import { LFloat, type LuaValue } from '../vm/value.ts';
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

/**
 * %d/%i/%x/%X/%o of a safe integer with flags among '-', '0', '+', ' ' and no precision (the common
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
    s = v.toString(conv === 'o' ? 8 : 16);
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
    s = u.toString(conv === 'o' ? 8 : 16);
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
        break;
      case 'a':
        s = fmtHexFloat(ax, upper);
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

/** A parsed format: literal text, conversions, and the error a bad conversion raises when reached. */
export type Piece = string | (Spec & { conv: string; whole: string }) | { error: string };

/** Formats a program uses are few and reused: parse each once. */
const parsed = new Map<string, Piece[]>();
const MAX_PARSED = 256;

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
    const m = /^([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z]?)/.exec(fmt.slice(i))!;
    const [whole, flags, width, prec, conv] = m as unknown as [
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    if (flags.length > 5 || width.length > 2 || (prec?.length ?? 0) > 2) {
      out.push({ error: 'invalid conversion' });
      return out;
    }
    i += whole.length - 1;
    out.push({
      flags,
      width: width === '' ? 0 : Number(width),
      precision: prec === undefined ? undefined : Number(prec === '' ? 0 : prec),
      conv,
      whole,
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
    switch (conv) {
      case 'd':
      case 'i':
      case 'x':
      case 'X':
      case 'o': {
        out += fmtInt(A.int(argn), conv, spec);
        break;
      }
      case 'c':
        out += pad(String.fromCharCode(Number(BigInt.asUintN(8, BigInt(A.int(argn))))), spec, false);
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        out += fmtFloat(A.float(argn), conv, spec);
        break;
      case 's': {
        A.any(argn);
        let s = tostringValue(L, args[argn - 1]);
        if (spec.precision !== undefined) s = s.slice(0, spec.precision);
        out += pad(s, spec, false);
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
  return out;
}
