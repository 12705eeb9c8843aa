// The CSV parser's general path, one field at a time: quoted fields (RFC 4180, doubled quotes, newlines
// inside), empty fields as null, numbers with exponents or long mantissas, other date formats, booleans,
// and every error, named by byte offset and field. The generated row loop (row-parser.ts) handles the
// plain cases itself and calls this for the rest.
import type { DataType } from '../morsel/types.ts';
import { daysFromCivil, daysInMonth } from '../morsel/dates.ts';
import { parseDateWith } from '../morsel/date-format.ts';
import type { Builder } from './builder.ts';
import { CsvParseFailure } from './errors.ts';
import type { ParseSpec } from './parse.ts';

export const KINDS: DataType[] = ['int64', 'float64', 'date', 'bool', 'utf8'];
export const INT = 0;
export const FLOAT = 1;
export const DATE = 2;
export const BOOL = 3;
export const UTF8 = 4;
/** A date in a format other than YYYY-MM-DD. */
export const DATE_FORMAT = 5;

const LF = 10;
const CR = 13;
export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

/** What the parser of one chunk needs besides the bytes. */
export interface ChunkContext {
  spec: ParseSpec;
  /** File offset of the chunk's first byte, for error positions. */
  byteOffset: number;
  builders: Builder[];
  /** slot[f] = output column of file field f, or -1 to skip it. */
  slot: Int32Array;
  /** Per output column: one of the kind constants above. */
  kinds: Int32Array;
  /** Per output column: compiled date format tokens (DATE_FORMAT columns only). */
  formats: (number[] | undefined)[];
}

export function failAt(ctx: ChunkContext, pos: number, field: number, message: string): never {
  throw new CsvParseFailure({
    byteOffset: ctx.byteOffset + pos,
    field,
    column: ctx.spec.names[field],
    message,
  });
}

/** Parses file field `f` of row `row` starting at `p`; returns where it ends (at a delimiter, newline or the end). */
export function slowField(ctx: ChunkContext, bytes: Uint8Array, p: number, f: number, row: number): number {
  const { spec } = ctx;
  const D = spec.delimiter;
  const Q = spec.quote;
  const len = bytes.length;
  const j = ctx.slot[f]!;
  let s = p;
  let e: number;
  let escaped = false;
  if (p < len && bytes[p] === Q) {
    s = ++p;
    for (;;) {
      if (p >= len) failAt(ctx, s - 1, f, 'unterminated quoted field');
      if (bytes[p] === Q) {
        if (p + 1 < len && bytes[p + 1] === Q) {
          escaped = true;
          p += 2;
        } else break;
      } else p++;
    }
    e = p++;
    if (p < len && bytes[p] !== D && bytes[p] !== LF && bytes[p] !== CR)
      failAt(ctx, p, f, `unexpected character after closing quote`);
  } else {
    while (p < len) {
      const c = bytes[p]!;
      if (c === D || c === LF || c === CR) break;
      p++;
    }
    e = p;
  }
  if (j < 0) return p;
  const b = ctx.builders[j]!;
  if (e === s) {
    b.setNull(row);
    return p;
  }
  const kind = ctx.kinds[j]!;
  switch (kind) {
    case INT:
      if (!parseInt64(bytes, s, e, b, row)) failAt(ctx, s, f, `cannot parse ${show(bytes, s, e)} as int64`);
      break;
    case FLOAT:
      if (!parseFloat64(bytes, s, e, b, row))
        failAt(ctx, s, f, `cannot parse ${show(bytes, s, e)} as float64`);
      break;
    case DATE:
    case DATE_FORMAT: {
      const days = kind === DATE ? parseDate(bytes, s, e) : parseDateWith(ctx.formats[j]!, bytes, s, e);
      if (days !== days) {
        const format = spec.columns[j]!.format;
        failAt(
          ctx,
          s,
          f,
          format === undefined
            ? `cannot parse ${show(bytes, s, e)} as a date (expected YYYY-MM-DD)`
            : `str.toDate: cannot parse ${show(bytes, s, e)} with format ${JSON.stringify(format)}`,
        );
      }
      b.i32![row] = days;
      break;
    }
    case BOOL:
      if (!parseBool(bytes, s, e, b, row)) failAt(ctx, s, f, `cannot parse ${show(bytes, s, e)} as bool`);
      break;
    default:
      appendUtf8(bytes, s, e, escaped, Q, b, row);
  }
  return p;
}

function show(b: Uint8Array, s: number, e: number): string {
  return JSON.stringify(utf8.decode(b.subarray(s, Math.min(e, s + 40))));
}

function parseInt64(b: Uint8Array, s: number, e: number, out: Builder, row: number): boolean {
  let p = s;
  let neg = false;
  if (b[p] === 0x2d) {
    neg = true;
    p++;
  } else if (b[p] === 0x2b) p++;
  if (p === e) return false;
  let v = 0;
  const start = p;
  for (; p < e; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  if (p - start > 15 && !Number.isSafeInteger(v)) {
    const big = BigInt(latin1.decode(b.subarray(s, e)));
    if (big > 9223372036854775807n || big < -9223372036854775808n) return false;
    (out.big ??= new Map()).set(row, big);
  }
  out.num![row] = neg ? -v : v;
  return true;
}

function parseFloat64(b: Uint8Array, s: number, e: number, out: Builder, row: number): boolean {
  let p = s;
  let neg = false;
  if (b[p] === 0x2d) {
    neg = true;
    p++;
  } else if (b[p] === 0x2b) p++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  for (; p < e; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) break;
    any = true;
    if (mant !== 0 || d !== 0) digits++;
    mant = mant * 10 + d;
  }
  if (p < e && b[p] === 0x2e) {
    for (p++; p < e; p++) {
      const d = b[p]! - 0x30;
      if (d < 0 || d > 9) break;
      any = true;
      if (mant !== 0 || d !== 0) digits++;
      mant = mant * 10 + d;
      scale--;
    }
  }
  let ok = any;
  if (ok && p < e && (b[p] === 0x65 || b[p] === 0x45)) {
    p++;
    let eneg = false;
    if (b[p] === 0x2d) {
      eneg = true;
      p++;
    } else if (b[p] === 0x2b) p++;
    let ex = 0;
    const st = p;
    for (; p < e; p++) {
      const d = b[p]! - 0x30;
      if (d < 0 || d > 9) break;
      ex = ex * 10 + d;
    }
    if (p === st) ok = false;
    scale += eneg ? -ex : ex;
  }
  if (ok && p === e && digits <= 15 && scale >= -22 && scale <= 22) {
    // Clinger's fast path: an exact integer mantissa and an exact power of ten, one correctly rounded op.
    const v = scale < 0 ? mant / POW10[-scale]! : mant * POW10[scale]!;
    out.num![row] = neg ? -v : v;
    return true;
  }
  const text = latin1.decode(b.subarray(s, e)).trim();
  const v = Number(text);
  if (text === '' || (Number.isNaN(v) && !/^[+-]?nan$/i.test(text))) {
    const l = text.toLowerCase().replace(/^[+-]/, '');
    if (l === 'inf' || l === 'infinity') {
      out.num![row] = text.startsWith('-') ? -Infinity : Infinity;
      return true;
    }
    return false;
  }
  out.num![row] = v;
  return true;
}

function digitsAt(b: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = b[p + k]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since epoch of a YYYY-MM-DD value, or NaN. */
function parseDate(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return NaN;
  const y = digitsAt(b, s, 4);
  const m = digitsAt(b, s + 5, 2);
  const d = digitsAt(b, s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

function parseBool(b: Uint8Array, s: number, e: number, out: Builder, row: number): boolean {
  const n = e - s;
  const c = b[s]! | 0x20;
  if (
    n === 4 &&
    c === 0x74 &&
    (b[s + 1]! | 0x20) === 0x72 &&
    (b[s + 2]! | 0x20) === 0x75 &&
    (b[s + 3]! | 0x20) === 0x65
  ) {
    out.u8![row] = 1;
    return true;
  }
  if (n === 5 && c === 0x66 && latin1.decode(b.subarray(s, e)).toLowerCase() === 'false') {
    out.u8![row] = 0;
    return true;
  }
  return false;
}

function appendUtf8(
  b: Uint8Array,
  s: number,
  e: number,
  escaped: boolean,
  Q: number,
  out: Builder,
  row: number,
): void {
  const dst = out.bytes!;
  let q = out.bytePos;
  if (!escaped) {
    if (e - s < 24) for (let k = s; k < e; k++) dst[q++] = b[k]!;
    else {
      dst.set(b.subarray(s, e), q);
      q += e - s;
    }
  } else
    for (let k = s; k < e; k++) {
      dst[q++] = b[k]!;
      if (b[k] === Q) k++;
    }
  out.bytePos = q;
  out.offsets![row + 1] = q;
}
