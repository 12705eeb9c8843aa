// The hot loop: CSV bytes -> typed columns, in one pass, no per-row objects and no string per numeric
// field. Runs inside a worker on one chunk (a byte range that starts and ends at row boundaries).
import type { Column, DataType, Morsel, Schema } from '../morsel/types.ts';
import { bitmapBytes } from '../morsel/validity.ts';
import { daysFromCivil, daysInMonth, isoDateAt } from '../morsel/dates.ts';
import { CsvParseFailure } from './errors.ts';

export interface ParseSpec {
  /** Fields per row in the file. */
  fieldCount: number;
  /** Names of all file fields (for messages). */
  names: string[];
  /** The fields to materialise: file index and type, in output order. */
  columns: { index: number; name: string; type: DataType }[];
  delimiter: number;
  quote: number;
}

const LF = 10;
const CR = 13;
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const KINDS: DataType[] = ['int64', 'float64', 'date', 'bool', 'utf8'];
const INT = 0;
const FLOAT = 1;
const DATE = 2;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

/** Accumulates one output column; arrays are sized from an estimate of the rows and grown if it falls short. */
class Builder {
  num: Float64Array | undefined;
  i32: Int32Array | undefined;
  u8: Uint8Array | undefined;
  offsets: Int32Array | undefined;
  bytes: Uint8Array | undefined;
  bytePos = 0;
  validity: Uint8Array | undefined;
  big: Map<number, bigint> | undefined;

  constructor(
    readonly type: DataType,
    public cap: number,
    chunkBytes: number,
  ) {
    if (type === 'int64' || type === 'float64') this.num = new Float64Array(cap);
    else if (type === 'date') this.i32 = new Int32Array(cap);
    else if (type === 'bool') this.u8 = new Uint8Array(cap);
    else {
      this.offsets = new Int32Array(cap + 1);
      this.bytes = new Uint8Array(chunkBytes);
    }
  }

  /** More rows than the estimate: double every array (rare, the estimate has slack). */
  grow(cap: number): void {
    const more = <T extends Float64Array | Int32Array | Uint8Array>(
      a: T | undefined,
      n: number,
    ): T | undefined => {
      if (a === undefined) return undefined;
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.num = more(this.num, cap);
    this.i32 = more(this.i32, cap);
    this.u8 = more(this.u8, cap);
    this.offsets = more(this.offsets, cap + 1);
    if (this.validity) {
      const v = new Uint8Array(bitmapBytes(cap)).fill(0xff);
      v.set(this.validity);
      this.validity = v;
    }
    this.cap = cap;
  }

  setNull(row: number): void {
    if (this.validity === undefined) {
      this.validity = new Uint8Array(bitmapBytes(this.cap)).fill(0xff);
    }
    this.validity[row >> 3]! &= ~(1 << (row & 7));
    if (this.offsets) this.offsets[row + 1] = this.bytePos;
  }

  finish(rows: number): Column {
    const validity = this.validity?.subarray(0, bitmapBytes(rows));
    if (validity && rows & 7) validity[validity.length - 1]! &= (1 << (rows & 7)) - 1;
    switch (this.type) {
      case 'int64': {
        let values: Float64Array | BigInt64Array = this.num!.subarray(0, rows);
        if (this.big) {
          const b = BigInt64Array.from(values, (x) => BigInt(x));
          for (const [r, v] of this.big) b[r] = v;
          values = b;
        }
        return { type: 'int64', length: rows, values, validity };
      }
      case 'float64':
        return { type: 'float64', length: rows, values: this.num!.subarray(0, rows), validity };
      case 'date':
        return { type: 'date', length: rows, values: this.i32!.subarray(0, rows), validity };
      case 'bool':
        return { type: 'bool', length: rows, values: this.u8!.subarray(0, rows), validity };
      case 'utf8':
        return {
          type: 'utf8',
          length: rows,
          offsets: this.offsets!.subarray(0, rows + 1),
          bytes: this.bytes!.subarray(0, this.bytePos),
          validity,
        };
    }
  }
}

const SAMPLE = 1 << 16;

/** Rows to size the arrays for: counted in a sample and scaled up with slack (the parser grows on overflow). */
function estimateRows(b: Uint8Array): number {
  const end = Math.min(b.length, SAMPLE);
  let n = 0;
  for (let k = b.indexOf(LF); k !== -1 && k < end; k = b.indexOf(LF, k + 1)) n++;
  if (end === b.length) return n + 1;
  return Math.ceil(((n + 1) * b.length * 1.1) / end) + 64;
}

/** Parses `bytes` (whole rows) into a morsel. `byteOffset` is where the chunk starts in the file. */
export function parseCsvChunk(bytes: Uint8Array, spec: ParseSpec, byteOffset: number, seq: number): Morsel {
  const builders = spec.columns.map((c) => new Builder(c.type, estimateRows(bytes), bytes.length));
  const rows = parseRows(bytes, spec, byteOffset, builders);
  const schema: Schema = spec.columns.map((c) => ({ name: c.name, type: c.type }));
  return { seq, length: rows, schema, columns: builders.map((b) => b.finish(rows)) };
}

/**
 * The row loop, in a function of its own with no closures: V8 optimises it as a whole (not only by
 * on-stack replacement of a loop whose function then bails out after it). Returns the row count.
 */
function parseRows(bytes: Uint8Array, spec: ParseSpec, byteOffset: number, builders: Builder[]): number {
  let cap = builders[0]?.cap ?? Infinity;
  const nf = spec.fieldCount;
  // slot[f] = output column of file field f, or -1 to skip it
  const slot = new Int32Array(nf).fill(-1);
  spec.columns.forEach((c, j) => (slot[c.index] = j));
  const kinds = new Int32Array(spec.columns.map((c) => KINDS.indexOf(c.type)));
  const D = spec.delimiter;
  const Q = spec.quote;
  const len = bytes.length;
  let p = 0;
  let row = 0;
  const fail = (pos: number, field: number, message: string): never =>
    failAt(spec, byteOffset, pos, field, message);

  while (p < len) {
    // A blank line is skipped (a one-column file reads it as a null value).
    if (nf > 1 && (bytes[p] === LF || bytes[p] === CR)) {
      if (bytes[p] === CR) p++;
      if (p < len && bytes[p] === LF) p++;
      continue;
    }
    if (row === cap) {
      cap *= 2;
      for (const b of builders) b.grow(cap);
    }
    const rowStart = p;
    for (let f = 0; f < nf; f++) {
      const j = slot[f]!;
      // Fast path: a plain number or date, parsed while it is scanned; anything unusual (quotes, empty,
      // exponents, long mantissas, bad data) goes the general way below, which also reports errors.
      if (j >= 0 && p < len && bytes[p] !== Q) {
        const kind = kinds[j]!;
        const b = builders[j]!;
        const e =
          kind === FLOAT
            ? scanFloat(bytes, p, len, D, b.num!, row)
            : kind === INT
              ? scanInt(bytes, p, len, D, b.num!, row)
              : kind === DATE
                ? scanDate(bytes, p, len, D, b.i32!, row)
                : -1;
        if (e >= 0) {
          p = e;
          if (f < nf - 1) {
            if (p >= len || bytes[p] !== D) fail(rowStart, -1, `expected ${nf} fields, found ${f + 1}`);
            p++;
          } else if (p < len && bytes[p] === D) fail(rowStart, -1, `expected ${nf} fields, found more`);
          continue;
        }
      }
      let s = p;
      let e: number;
      let escaped = false;
      if (p < len && bytes[p] === Q) {
        s = ++p;
        for (;;) {
          if (p >= len) fail(s - 1, f, 'unterminated quoted field');
          if (bytes[p] === Q) {
            if (p + 1 < len && bytes[p + 1] === Q) {
              escaped = true;
              p += 2;
            } else break;
          } else p++;
        }
        e = p++;
        if (p < len && bytes[p] !== D && bytes[p] !== LF && bytes[p] !== CR)
          fail(p, f, `unexpected character after closing quote`);
      } else {
        while (p < len) {
          const c = bytes[p]!;
          if (c === D || c === LF || c === CR) break;
          p++;
        }
        e = p;
      }
      if (j >= 0) {
        const b = builders[j]!;
        if (e === s) b.setNull(row);
        else {
          switch (kinds[j]) {
            case 0:
              if (!parseInt64(bytes, s, e, b, row)) fail(s, f, `cannot parse ${show(bytes, s, e)} as int64`);
              break;
            case 1:
              if (!parseFloat64(bytes, s, e, b, row))
                fail(s, f, `cannot parse ${show(bytes, s, e)} as float64`);
              break;
            case 2:
              if (!parseDate(bytes, s, e, b, row))
                fail(s, f, `cannot parse ${show(bytes, s, e)} as a date (expected YYYY-MM-DD)`);
              break;
            case 3:
              if (!parseBool(bytes, s, e, b, row)) fail(s, f, `cannot parse ${show(bytes, s, e)} as bool`);
              break;
            default:
              appendUtf8(bytes, s, e, escaped, Q, b, row);
          }
        }
      }
      if (f < nf - 1) {
        if (p >= len || bytes[p] !== D) fail(rowStart, -1, `expected ${nf} fields, found ${f + 1}`);
        p++;
      } else if (p < len && bytes[p] === D) {
        fail(rowStart, -1, `expected ${nf} fields, found more`);
      }
    }
    if (p < len && bytes[p] === CR) p++;
    if (p < len && bytes[p] === LF) p++;
    row++;
  }
  return row;
}

function failAt(spec: ParseSpec, byteOffset: number, pos: number, field: number, message: string): never {
  throw new CsvParseFailure({ byteOffset: byteOffset + pos, field, column: spec.names[field], message });
}

const isEnd = (b: Uint8Array, p: number, len: number, D: number) =>
  p === len || b[p] === D || b[p] === LF || b[p] === CR;

/** A plain decimal (optional '-', ≤ 15 digits, no exponent): parsed exactly. Returns its end, or -1. */
function scanFloat(b: Uint8Array, p: number, len: number, D: number, out: Float64Array, row: number): number {
  const neg = b[p] === 0x2d;
  if (neg) p++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  for (; p < len; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    digits++;
  }
  if (p < len && b[p] === 0x2e)
    for (p++; p < len; p++) {
      const d = b[p]! - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      digits++;
      scale++;
    }
  if (digits === 0 || digits > 15 || !isEnd(b, p, len, D)) return -1;
  // exact mantissa, exact power of ten: one correctly rounded division (Clinger's fast path)
  const v = scale === 0 ? mant : mant / POW10[scale]!;
  out[row] = neg ? -v : v;
  return p;
}

/** A plain integer (optional '-', ≤ 15 digits, so exact in a double). Returns its end, or -1. */
function scanInt(b: Uint8Array, p: number, len: number, D: number, out: Float64Array, row: number): number {
  const neg = b[p] === 0x2d;
  if (neg) p++;
  const start = p;
  let v = 0;
  for (; p < len; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (p === start || p - start > 15 || !isEnd(b, p, len, D)) return -1;
  out[row] = neg ? -v : v;
  return p;
}

/** A valid YYYY-MM-DD. Returns its end, or -1. */
function scanDate(b: Uint8Array, p: number, len: number, D: number, out: Int32Array, row: number): number {
  const e = p + 10;
  if (e > len || !isEnd(b, e, len, D)) return -1;
  const days = isoDateAt(b, p);
  if (days !== days) return -1;
  out[row] = days;
  return e;
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

function parseDate(b: Uint8Array, s: number, e: number, out: Builder, row: number): boolean {
  if (e - s !== 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return false;
  const y = digitsAt(b, s, 4);
  const m = digitsAt(b, s + 5, 2);
  const d = digitsAt(b, s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  out.i32![row] = daysFromCivil(y, m, d);
  return true;
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
