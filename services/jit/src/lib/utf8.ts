// The utf8 library as lua5.4.4's lutf8lib.c over byte strings: char (up to 0x7FFFFFFF, six bytes, as
// lua5.4 encodes), charpattern, codes, codepoint, len and offset, strict about surrogates and code
// points past 0x10FFFF unless `lax`, and always about overlong and truncated sequences.
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { argError, Args, defineLib, luaError } from './args.ts';

const MAXUNICODE = 0x10ffff;
const MAXUTF = 0x7fffffff;
/** The smallest code point each count of continuation bytes may encode (shorter is overlong). */
const LIMITS = [Infinity, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/** The byte at i; 0 past the end, as C reads a string's terminating NUL. */
const byteAt = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : 0);
const isCont = (s: string, i: number): boolean => (byteAt(s, i) & 0xc0) === 0x80;

/** u_posrelat: a relative position (negative: from the end), 0 before the start. */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

/** utf8_decode: the code point at i and the index after it, or null for an invalid sequence. */
function decode(s: string, i: number, strict: boolean): [number, number] | null {
  let c = byteAt(s, i);
  let res = 0;
  let count = 0;
  if (c < 0x80) res = c;
  else {
    for (; c & 0x40; c = (c << 1) & 0xff) {
      const cc = byteAt(s, i + ++count);
      if ((cc & 0xc0) !== 0x80) return null;
      res = res * 64 + (cc & 0x3f);
    }
    res += (c & 0x7f) * 2 ** (count * 5);
    if (count > 5 || res > MAXUTF || res < LIMITS[count]!) return null;
  }
  if (strict && (res > MAXUNICODE || (res >= 0xd800 && res <= 0xdfff))) return null;
  return [res, i + count + 1];
}

/** luaO_utf8esc: x (at most 0x7FFFFFFF) in up to six bytes. */
function encode(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  const bytes: number[] = [];
  let mfb = 0x3f;
  do {
    bytes.push(0x80 | (x & 0x3f));
    x = Math.floor(x / 64);
    mfb >>= 1;
  } while (x > mfb);
  bytes.push(((~mfb << 1) | x) & 0xff);
  return String.fromCharCode(...bytes.reverse());
}

function char(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'utf8.char', args);
  let out = '';
  for (let n = 1; n <= args.length; n++) {
    const code = A.intN(n);
    if (code < 0 || code > MAXUTF) A.error(n, 'value out of range');
    out += encode(code);
  }
  return out;
}

function len(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'utf8.len', args);
  const s = A.string(1);
  let posi = posrelat(A.optIntN(2, 1), s.length);
  let posj = posrelat(A.optIntN(3, -1), s.length);
  const lax = args[3] !== undefined && args[3] !== false;
  if (!(posi >= 1 && --posi <= s.length)) argError(L, 'utf8.len', 2, 'initial position out of bounds');
  if (!(--posj < s.length)) argError(L, 'utf8.len', 3, 'final position out of bounds');
  let n = 0;
  while (posi <= posj) {
    const d = decode(s, posi, !lax);
    if (d === null) return [undefined, posi + 1];
    posi = d[1];
    n++;
  }
  return n;
}

function codepoint(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'utf8.codepoint', args);
  const s = A.string(1);
  const posi = posrelat(A.optIntN(2, 1), s.length);
  const pose = posrelat(A.optIntN(3, posi), s.length);
  const lax = args[3] !== undefined && args[3] !== false;
  if (posi < 1) argError(L, 'utf8.codepoint', 2, 'out of bounds');
  if (pose > s.length) argError(L, 'utf8.codepoint', 3, 'out of bounds');
  if (posi > pose) return [];
  if (!L.hasRoom(pose - posi + 1)) luaError(L, 'string slice too long');
  const out: LuaValue[] = [];
  for (let i = posi - 1; i < pose;) {
    const d = decode(s, i, !lax);
    if (d === null) return luaError(L, 'invalid UTF-8 code');
    out.push(d[0]);
    i = d[1];
  }
  return out;
}

function offset(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'utf8.offset', args);
  const s = A.string(1);
  let n = A.intN(2);
  let posi = posrelat(A.optIntN(3, n >= 0 ? 1 : s.length + 1), s.length);
  if (!(posi >= 1 && --posi <= s.length)) argError(L, 'utf8.offset', 3, 'position out of bounds');
  if (n === 0) {
    while (posi > 0 && isCont(s, posi)) posi--;
  } else {
    if (isCont(s, posi)) luaError(L, 'initial position is a continuation byte');
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do posi--;
        while (posi > 0 && isCont(s, posi));
        n++;
      }
    } else {
      n--;
      while (n > 0 && posi < s.length) {
        do posi++;
        while (isCont(s, posi));
        n--;
      }
    }
  }
  return n === 0 ? posi + 1 : undefined;
}

/** The iterator codes returns (lua5.4.4's iter_aux): skips continuation bytes, then decodes. */
function iterator(strict: boolean): NativeFunction {
  return new NativeFunction('for iterator', (L, args) => {
    const A = new Args(L, 'for iterator', args);
    const s = A.string(1);
    let n = A.intN(2);
    if (n < 0) return undefined;
    while (n < s.length && isCont(s, n)) n++;
    if (n >= s.length) return undefined;
    const d = decode(s, n, strict);
    if (d === null) return luaError(L, 'invalid UTF-8 code');
    return [n + 1, d[0]];
  });
}

const STRICT = iterator(true);
const LAX = iterator(false);

export function openUtf8(L: LuaState): void {
  const U = new LuaTable();
  defineLib(L, U, 'utf8.', {
    char,
    len,
    codepoint,
    offset,
    codes(L, args) {
      new Args(L, 'utf8.codes', args).string(1);
      const lax = args[1] !== undefined && args[1] !== false;
      return [lax ? LAX : STRICT, args[0], 0];
    },
  });
  U.set('charpattern', '[\0-\x7F\xC2-\xFD][\x80-\xBF]*');
  L.globals.set('utf8', U);
}
