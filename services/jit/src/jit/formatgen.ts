// string.format with a constant format string as inline JavaScript, for the conversions whose printf
// result is plain JS string work: %d/%i/%x/%X/%o of integers and %s of strings and numbers, with
// width and the '-', '0', '+', ' ' flags, no precision. Anything else (floats, %q, precision, '#',
// too few arguments) returns null and the call goes through the library (callPure). The library call
// costs an argument array, its Args checks and a format-cache lookup per call: string-heavy's
// `string.format("%05d:%x", i, i * 31)` loop spent a third of its time there.
import { parse, type Spec } from '../lib/format.ts';
import type { NativeCall } from './natives.ts';
import { STRING_TOSTRING } from './natives.ts';
import { TT } from './types.ts';

/** JS expression: s (a digits expression, no sign) with sign and padding as printf's spec asks. */
function padded(digits: string, sign: string | null, spec: Spec): string {
  const w = spec.width;
  const f = spec.flags;
  if (sign === null) {
    if (w <= 1) return digits;
    if (f.includes('-')) return `${digits}.padEnd(${w}, ' ')`;
    return `${digits}.padStart(${w}, '${f.includes('0') ? '0' : ' '}')`;
  }
  // sign: a JS expression of the sign prefix ('' or '-' or '+' or ' ').
  if (w <= 1) return `(${sign} + ${digits})`;
  if (f.includes('-')) return `(${sign} + ${digits}).padEnd(${w}, ' ')`;
  if (f.includes('0')) return `(u = ${sign}, u + ${digits}.padStart(${w} - u.length, '0'))`;
  return `(${sign} + ${digits}).padStart(${w}, ' ')`;
}

/** Inline code for the call, or null for the library call. */
export function formatInline(c: NativeCall): string | null {
  const fmt = c.args[0];
  if (c.targs[0] !== TT.STR || fmt === undefined || !fmt.startsWith('"')) return null;
  if (c.ts[0] !== TT.STR || c.ts.slice(1).some((t) => t !== TT.NIL)) return null;
  const pieces = parse(JSON.parse(fmt) as string);
  const parts: string[] = [];
  const pre: string[] = [];
  let argn = 0;
  for (const p of pieces) {
    if (typeof p === 'string') {
      parts.push(JSON.stringify(p));
      continue;
    }
    if ('error' in p || p.bad !== null) return null;
    argn++;
    const a = c.args[argn];
    const t = c.targs[argn];
    if (a === undefined || t === undefined || p.precision !== undefined || p.flags.includes('#')) return null;
    switch (p.conv) {
      case 'd':
      case 'i': {
        if (t !== TT.INT) return null;
        const pos = p.flags.includes('+') ? "'+'" : p.flags.includes(' ') ? "' '" : "''";
        parts.push(padded(`String(${a} < 0 ? -${a} : ${a})`, `(${a} < 0 ? '-' : ${pos})`, p));
        break;
      }
      case 'x':
      case 'X':
      case 'o': {
        // Negative integers print as 64-bit two's complement, as the library does.
        if (t !== TT.INT) return null;
        const radix = p.conv === 'o' ? 8 : 16;
        let s = `(${a} < 0 ? BigInt.asUintN(64, BigInt(${a})) : ${a}).toString(${radix})`;
        if (p.conv === 'X') s += '.toUpperCase()';
        parts.push(padded(s, null, p));
        break;
      }
      case 's': {
        if (p.flags.replace('-', '') !== '') return null;
        let s: string;
        if (t === TT.STR) {
          s = a;
          pre.push(`if (${STRING_TOSTRING}) ${c.exit}`);
        } else if (t === TT.INT) s = `String(${a})`;
        else if (t === TT.FLT) s = `floatToString(${a})`;
        else return null;
        parts.push(padded(s, null, p));
        break;
      }
      default:
        return null;
    }
  }
  if (parts.length === 0) parts.push("''");
  const nils = c.dsts.slice(1).map((d) => `${d} = undefined;`);
  const store = c.dsts.length === 0 ? '' : `${c.dsts[0]} = flat(${parts.join(' + ')});`;
  return [...pre, store, ...nils].join('\n');
}
