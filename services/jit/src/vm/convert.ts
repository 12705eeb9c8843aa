// Conversions between numbers and strings, following lua5.4's l_str2int / l_str2d / tostringbuff.
import { LFloat, mkFloat, wrapInt, type LuaValue } from './value.ts';
import { floatToString } from './numfmt.ts';
import { ldexp } from './ldexp.ts';

const WS = /^[ \f\n\r\t\v]*|[ \f\n\r\t\v]*$/g;
const DEC_INT = /^[-+]?\d+$/;
const HEX_INT = /^([-+]?)0[xX]([0-9a-fA-F]+)$/;
const DEC_FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const HEX_FLOAT = /^([-+]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?\d+))?$/;

/** Parses a numeral as Lua does (decimal integers that overflow become floats; hex integers wrap). */
export function str2number(s: string): number | bigint | LFloat | undefined {
  const t = s.replace(WS, '');
  if (t.length === 0) return undefined;
  if (DEC_INT.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n + 0;
    const b = BigInt(t);
    if (b >= -0x8000000000000000n && b <= 0x7fffffffffffffffn) return wrapInt(b);
    return mkFloat(n);
  }
  let m = HEX_INT.exec(t);
  if (m !== null) {
    let b = BigInt('0x' + m[2]!);
    if (m[1] === '-') b = -b;
    return wrapInt(b);
  }
  if (DEC_FLOAT.test(t)) return mkFloat(Number(t));
  m = HEX_FLOAT.exec(t);
  if (m !== null) {
    const ip = m[2] ?? '';
    const fp = m[3] ?? '';
    if (ip === '' && fp === '') return undefined;
    let v = 0;
    for (const c of ip + fp) v = v * 16 + parseInt(c, 16);
    v = ldexp(v, (m[4] !== undefined ? Number(m[4]) : 0) - 4 * fp.length);
    return mkFloat(m[1] === '-' ? -v : v);
  }
  return undefined;
}

export function numberToString(v: number | bigint | LFloat): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatToString(v);
  if (typeof v === 'bigint') return v.toString();
  return floatToString(v.n);
}

/** Coerces a value to a number for arithmetic (strings convert), or undefined. */
export function toNumber(v: LuaValue): number | bigint | LFloat | undefined {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof LFloat) return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

/** Float-to-integer conversion with mode 'eq' (exact only), 'floor' or 'ceil'. */
export function floatToInt(f: number, mode: 'eq' | 'floor' | 'ceil'): number | bigint | undefined {
  let g = f;
  if (mode === 'floor') g = Math.floor(f);
  else if (mode === 'ceil') g = Math.ceil(f);
  else if (!Number.isInteger(f)) return undefined;
  if (!Number.isFinite(g)) return undefined;
  if (Number.isSafeInteger(g)) return g + 0;
  if (g >= -9223372036854775808 && g < 9223372036854775808) return BigInt(g);
  return undefined;
}

/** The integer value of a number or numeric string, if it has an exact one (lua_tointeger). */
export function toInteger(v: LuaValue): number | bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'bigint') return v;
  if (v instanceof LFloat) return floatToInt(v.n, 'eq');
  if (typeof v === 'string') {
    const n = str2number(v);
    return n === undefined ? undefined : toInteger(n);
  }
  return undefined;
}
