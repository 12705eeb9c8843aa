// The string library over byte strings (one char per byte). find, match, gmatch and gsub take Lua
// patterns (patternlib.ts).
import { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import type { LuaValue } from '../vm/value.ts';
import { Args, defineLib, luaError } from './args.ts';
import { format } from './format.ts';
import { find, gmatch, gsub, match } from './patternlib.ts';
import { pack, packsize, unpack } from './pack.ts';
import { endPos, startPos } from './strpos.ts';

// The pure kernels below are shared with the JIT, whose traces call them directly (jit/natives.ts).

export function strSub(s: string, i0: number, j0: number): string {
  const i = startPos(i0, s.length);
  const j = endPos(j0, s.length);
  return i > j ? '' : s.slice(i - 1, j);
}

// Only ASCII letters change case (the C locale). JS's own case mapping agrees on ASCII but not on
// bytes above 127 (e.g. 0xB5, 0xFF, 0xDF), so only pure-ASCII strings use it.
const NON_ASCII = /[\x80-\xff]/;

export const strUpper = (s: string): string =>
  NON_ASCII.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.toUpperCase();
export const strLower = (s: string): string =>
  NON_ASCII.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();

/** string.rep, or null when the result would be too large (an error). */
export function strRep(s: string, n: number, sep: string): string | null {
  if (n <= 0) return '';
  if ((s.length + sep.length) * n > 0x7fffffff) return null;
  return sep === '' ? s.repeat(n) : (s + sep).repeat(n - 1) + s;
}

export function openString(L: LuaState): void {
  const S = new LuaTable();
  defineLib(L, S, 'string.', {
    pack,
    packsize,
    unpack,
    len(L, args) {
      return new Args(L, 'string.len', args).string(1).length;
    },
    sub(L, args) {
      const A = new Args(L, 'string.sub', args);
      return strSub(A.string(1), A.intN(2), A.optIntN(3, -1));
    },
    upper(L, args) {
      return strUpper(new Args(L, 'string.upper', args).string(1));
    },
    lower(L, args) {
      return strLower(new Args(L, 'string.lower', args).string(1));
    },
    rep(L, args) {
      const A = new Args(L, 'string.rep', args);
      const s = A.string(1);
      const n = A.intN(2);
      const r = strRep(s, n, A.optString(3, ''));
      return r ?? luaError(L, 'resulting string too large');
    },
    reverse(L, args) {
      return new Args(L, 'string.reverse', args).string(1).split('').reverse().join('');
    },
    byte(L, args) {
      const A = new Args(L, 'string.byte', args);
      const s = A.string(1);
      const i0 = A.optIntN(2, 1);
      const i = startPos(i0, s.length);
      const j = endPos(A.optIntN(3, i0), s.length);
      if (!L.hasRoom(j - i)) luaError(L, 'stack overflow (string slice too long)');
      const out: LuaValue[] = [];
      for (let p = i; p <= j; p++) out.push(s.charCodeAt(p - 1));
      return out;
    },
    char(L, args) {
      const A = new Args(L, 'string.char', args);
      let out = '';
      for (let n = 1; n <= args.length; n++) {
        const c = A.intN(n);
        if (c < 0 || c > 255) A.error(n, 'value out of range');
        out += String.fromCharCode(c);
      }
      return out;
    },
    format,
    find,
    match,
    gmatch,
    gsub,
  });
  L.globals.set('string', S);
  const meta = new LuaTable();
  meta.set('__index', S);
  L.stringMeta = meta;
}
