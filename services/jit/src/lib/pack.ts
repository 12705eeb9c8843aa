// string.pack, string.unpack and string.packsize as lua5.4.4's lstrlib.c, on byte strings (one char
// per byte). Native layout is x86-64's: little-endian, int 4 bytes, long, size_t and lua_Integer 8,
// and '!' aligns to at most 8 by default.
import type { LuaState } from '../vm/state.ts';
import { mkFloat, normInt, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, luaError } from './args.ts';

const enum K {
  Int,
  Uint,
  Float,
  Number,
  Double,
  Char,
  String,
  Zstr,
  Padding,
  Paddalign,
  Nop,
}

/** lstrlib's MAXINTSIZE, and the integer and alignment sizes of the native ABI. */
const MAXINTSIZE = 16;
const SZINT = 8;
const MAXALIGN = 8;
const MAXSIZE = 0x7fffffff;

/** Options of a fixed kind and size. */
const FIXED: Record<string, [K, number]> = {
  b: [K.Int, 1],
  B: [K.Uint, 1],
  h: [K.Int, 2],
  H: [K.Uint, 2],
  l: [K.Int, 8],
  j: [K.Int, 8],
  L: [K.Uint, 8],
  J: [K.Uint, 8],
  T: [K.Uint, 8],
  f: [K.Float, 4],
  n: [K.Number, 8],
  d: [K.Double, 8],
  x: [K.Padding, 1],
};

class Header {
  little = true;
  maxalign = 1;
  pos = 0;
  constructor(
    readonly L: LuaState,
    readonly a: Args,
    readonly fmt: string,
  ) {}

  done(): boolean {
    return this.pos >= this.fmt.length;
  }

  private digit(): boolean {
    const c = this.fmt.charCodeAt(this.pos);
    return c >= 48 && c <= 57;
  }

  private getnum(df: number): number {
    if (!this.digit()) return df;
    let a = 0;
    do a = a * 10 + (this.fmt.charCodeAt(this.pos++) - 48);
    while (this.digit() && a <= (MAXSIZE - 9) / 10);
    return a;
  }

  private getnumlimit(df: number): number {
    const sz = this.getnum(df);
    if (sz > MAXINTSIZE || sz <= 0) luaError(this.L, `integral size (${sz}) out of limits [1,${MAXINTSIZE}]`);
    return sz;
  }

  /** getoption: the next option and its size. */
  option(): [K, number] {
    const opt = this.fmt[this.pos++]!;
    const fixed = FIXED[opt];
    if (fixed !== undefined) return fixed;
    switch (opt) {
      case 'i':
        return [K.Int, this.getnumlimit(4)];
      case 'I':
        return [K.Uint, this.getnumlimit(4)];
      case 's':
        return [K.String, this.getnumlimit(8)];
      case 'c': {
        const size = this.getnum(-1);
        if (size === -1) luaError(this.L, "missing size for format option 'c'");
        return [K.Char, size];
      }
      case 'z':
        return [K.Zstr, 0];
      case 'X':
        return [K.Paddalign, 0];
      case ' ':
        break;
      case '<':
      case '=':
        this.little = true;
        break;
      case '>':
        this.little = false;
        break;
      case '!':
        this.maxalign = this.getnumlimit(MAXALIGN);
        break;
      default:
        luaError(this.L, `invalid format option '${opt}'`);
    }
    return [K.Nop, 0];
  }

  /** getdetails: the next option, its size, and the padding that aligns it at totalsize. */
  details(totalsize: number): [K, number, number] {
    const [opt, size] = this.option();
    let align = size;
    if (opt === K.Paddalign) {
      if (this.done()) this.a.error(1, "invalid next option for option 'X'");
      const [next, nsize] = this.option();
      align = nsize;
      if (next === K.Char || align === 0) this.a.error(1, "invalid next option for option 'X'");
    }
    if (align <= 1 || opt === K.Char) return [opt, size, 0];
    if (align > this.maxalign) align = this.maxalign;
    if ((align & (align - 1)) !== 0) this.a.error(1, 'format asks for alignment not power of 2');
    return [opt, size, (align - (totalsize & (align - 1))) & (align - 1)];
  }
}

/** packint: n's low `size` bytes (sign-extended past 8 when neg). */
function packInt(n: bigint, little: boolean, size: number, neg: boolean): string {
  const bytes: number[] = new Array<number>(size);
  let u = BigInt.asUintN(64, n);
  for (let i = 0; i < size; i++) {
    bytes[little ? i : size - 1 - i] = i >= SZINT && neg ? 0xff : Number(u & 0xffn);
    u >>= 8n;
  }
  return String.fromCharCode(...bytes);
}

function packFloat(v: number, size: 4 | 8, little: boolean): string {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 4) view.setFloat32(0, v, little);
  else view.setFloat64(0, v, little);
  return String.fromCharCode(...new Uint8Array(view.buffer));
}

function unpackFloat(data: string, pos: number, size: 4 | 8, little: boolean): number {
  const view = new DataView(new ArrayBuffer(size));
  for (let i = 0; i < size; i++) view.setUint8(i, data.charCodeAt(pos + i));
  return size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little);
}

/** unpackint: an integer of `size` bytes at pos (past 8, only if the extra bytes are its sign). */
function unpackInt(
  L: LuaState,
  data: string,
  pos: number,
  little: boolean,
  size: number,
  signed: boolean,
): bigint {
  const byte = (i: number): number => data.charCodeAt(pos + (little ? i : size - 1 - i));
  const limit = Math.min(size, SZINT);
  let res = 0n;
  for (let i = limit - 1; i >= 0; i--) res = (res << 8n) | BigInt(byte(i));
  if (size < SZINT) {
    if (signed) res = BigInt.asIntN(size * 8, res);
  } else {
    res = BigInt.asIntN(64, res);
    if (size > SZINT) {
      const mask = !signed || res >= 0n ? 0 : 0xff;
      for (let i = limit; i < size; i++) {
        if (byte(i) !== mask) luaError(L, `${size}-byte integer does not fit into Lua Integer`);
      }
    }
  }
  return res;
}

export function pack(L: LuaState, args: LuaValue[]): NativeResult {
  // lstrlib pushes a nil after the arguments (a mark before its buffer): a missing value is that nil
  const a = new Args(L, 'string.pack', [...args, undefined]);
  const h = new Header(L, a, a.string(1));
  let out = '';
  let arg = 1;
  while (!h.done()) {
    const [opt, size, ntoalign] = h.details(out.length);
    out += '\0'.repeat(ntoalign);
    arg++;
    switch (opt) {
      case K.Int: {
        const n = BigInt(a.int(arg));
        if (size < SZINT) {
          const lim = 1n << BigInt(size * 8 - 1);
          if (!(-lim <= n && n < lim)) a.error(arg, 'integer overflow');
        }
        out += packInt(n, h.little, size, n < 0n);
        break;
      }
      case K.Uint: {
        const n = BigInt(a.int(arg));
        if (size < SZINT && BigInt.asUintN(64, n) >= 1n << BigInt(size * 8))
          a.error(arg, 'unsigned overflow');
        out += packInt(n, h.little, size, false);
        break;
      }
      case K.Float:
        out += packFloat(a.float(arg), 4, h.little);
        break;
      case K.Number:
      case K.Double:
        out += packFloat(a.float(arg), 8, h.little);
        break;
      case K.Char: {
        const s = a.string(arg);
        if (s.length > size) a.error(arg, 'string longer than given size');
        out += s + '\0'.repeat(size - s.length);
        break;
      }
      case K.String: {
        const s = a.string(arg);
        if (size < 8 && s.length >= 2 ** (size * 8)) a.error(arg, 'string length does not fit in given size');
        out += packInt(BigInt(s.length), h.little, size, false) + s;
        break;
      }
      case K.Zstr: {
        const s = a.string(arg);
        if (s.includes('\0')) a.error(arg, 'string contains zeros');
        out += s + '\0';
        break;
      }
      case K.Padding:
        out += '\0';
        arg--;
        break;
      default:
        arg--;
    }
  }
  return out;
}

export function packsize(L: LuaState, args: LuaValue[]): NativeResult {
  const a = new Args(L, 'string.packsize', args);
  const h = new Header(L, a, a.string(1));
  let total = 0;
  while (!h.done()) {
    const [opt, size, ntoalign] = h.details(total);
    if (opt === K.String || opt === K.Zstr) a.error(1, 'variable-length format');
    if (total > MAXSIZE - (size + ntoalign)) a.error(1, 'format result too large');
    total += size + ntoalign;
  }
  return total;
}

export function unpack(L: LuaState, args: LuaValue[]): NativeResult {
  const a = new Args(L, 'string.unpack', args);
  const h = new Header(L, a, a.string(1));
  const data = a.string(2);
  const ld = data.length;
  // posrelatI
  const init = BigInt(args[2] === undefined ? 1 : a.int(3));
  let pos = init > 0n ? init : init === 0n || init < -BigInt(ld) ? 1n : BigInt(ld) + init + 1n;
  pos -= 1n;
  if (pos > BigInt(ld)) a.error(3, 'initial position out of string');
  let p = Number(pos);
  const results: LuaValue[] = [];
  while (!h.done()) {
    const [opt, size, ntoalign] = h.details(p);
    if (ntoalign + size > ld - p) a.error(2, 'data string too short');
    p += ntoalign;
    switch (opt) {
      case K.Int:
      case K.Uint:
        results.push(normInt(unpackInt(L, data, p, h.little, size, opt === K.Int)));
        break;
      case K.Float:
        results.push(mkFloat(unpackFloat(data, p, 4, h.little)));
        break;
      case K.Number:
      case K.Double:
        results.push(mkFloat(unpackFloat(data, p, 8, h.little)));
        break;
      case K.Char:
        results.push(data.slice(p, p + size));
        break;
      case K.String: {
        const len = unpackInt(L, data, p, h.little, size, false);
        if (BigInt.asUintN(64, len) > BigInt(ld - p - size)) a.error(2, 'data string too short');
        const n = Number(len);
        results.push(data.slice(p + size, p + size + n));
        p += n;
        break;
      }
      case K.Zstr: {
        const end = data.indexOf('\0', p);
        if (end < 0) a.error(2, "unfinished string for format 'z'");
        results.push(data.slice(p, end));
        p = end + 1;
        break;
      }
      default:
        break;
    }
    p += size;
  }
  results.push(p + 1);
  return results;
}
