// The CSV row loop, generated for one file shape (field count, which fields are read and as what,
// delimiter, quote) and compiled once with `new Function`. A generic loop pays, per field of every row,
// for a lookup of what to do with it, a dispatch on the type and loads of the column's arrays; here
// each field is straight-line code with its column's arrays in locals, so V8 compiles the whole row to
// one tight loop. Plain values (unquoted numbers, YYYY-MM-DD dates, unquoted text, skipped fields) are
// parsed inline; everything else, including every error, goes through `slowField`.
import { isoDateAt } from '../morsel/dates.ts';
import type { Builder } from './builder.ts';
import { DATE, FLOAT, INT, POW10, UTF8, failAt, slowField, type ChunkContext } from './fields.ts';
import { SINK_KINDS, sinkLocals, slowValue, type RowSink } from './row-sink.ts';
import { wasmRows, wasmRowsEnabled, type WasmRows } from './wasm-rows.ts';

/** With a sink, rows go to it (with `target`, its runtime state) instead of into the builders. */
export type RowParser = (bytes: Uint8Array, ctx: ChunkContext, target?: unknown) => number;

const cache = new Map<string, RowParser>();

/** The row loop for `ctx`'s shape (cached per shape and sink); returns the number of rows parsed. */
export function rowParser(ctx: ChunkContext, sink?: RowSink): RowParser {
  const { spec, slot, kinds } = ctx;
  const key = `${spec.fieldCount}|${spec.delimiter}|${spec.quote}|${[...slot].map((j) => (j < 0 ? '-' : `${j}:${kinds[j]}`)).join(',')}|${sink ? sink.key : ''}|${wasmRowsEnabled() ? 'wasm' : ''}`;
  let parser = cache.get(key);
  if (parser === undefined) {
    const wasm = wasmRows(ctx);
    const factory = new Function(
      'isoDateAt',
      'POW10',
      'slowField',
      'failAt',
      'grow',
      'W',
      generate(ctx, sink, wasm),
    ) as (...deps: unknown[]) => RowParser;
    parser = factory(isoDateAt, POW10, slowField, failAt, grow, wasm);
    cache.set(key, parser);
  }
  return parser;
}

function grow(builders: Builder[], cap: number): void {
  for (const b of builders) b.grow(cap);
}

const END = (v: string) => `(${v} === D || ${v} === 10 || ${v} === 13)`;
// Most bytes of a field are above every stop byte (delimiter, CR, LF): one comparison rules them out.
const STOP = (v: string) => `(${v} <= MAXSTOP && ${END(v)})`;
/**
 * To the next stop byte (delimiter, CR, LF) of an unquoted field. When every stop byte is below 45 (comma
 * or tab delimiters), whole 4-byte words are first passed over while none of their bytes is below 45
 * ("has a byte less than n", a classic bit trick: no false negatives, and a false positive only hands
 * over to the byte loop early); digits, letters, '-', '.' and UTF-8 are all above.
 */
const toStop = (swar: boolean) =>
  (swar
    ? `while (p <= lim) { const w = dv.getUint32(p, true); if (((w - 0x2d2d2d2d) & ~w & 0x80808080) !== 0) break; p += 4; }\n`
    : '') + `for (; p < len; p++) { c = bytes[p]; if ${STOP('c')} break; }`;

function generate(ctx: ChunkContext, sink: RowSink | undefined, wasm: WasmRows | null): string {
  const { spec, slot, kinds } = ctx;
  const nf = spec.fieldCount;
  const ncols = spec.columns.length;
  const L: string[] = [];
  if (sink && [...kinds].some((k) => !SINK_KINDS.has(k)))
    throw new Error('internal: a row sink reads number and date columns only');
  const arrays = (j: number): string[] => {
    if (sink) return [];
    switch (kinds[j]) {
      case INT:
      case FLOAT:
        return [`v${j} = B[${j}].num`];
      case DATE:
        return [`v${j} = B[${j}].i32`];
      case UTF8:
        return [`o${j} = B[${j}].offsets`, `y${j} = B[${j}].bytes`];
      default:
        return [];
    }
  };
  L.push(`'use strict';`);
  L.push(`const D = ${spec.delimiter}, Q = ${spec.quote}, MAXSTOP = ${Math.max(spec.delimiter, 13)};`);
  L.push(`return function parseRows(bytes, ctx, T) {`);
  L.push(`const B = ctx.builders; const len = bytes.length;`);
  const swar = Math.max(spec.delimiter, 13) < 45;
  if (swar) L.push(`const dv = new DataView(bytes.buffer, bytes.byteOffset, len); const lim = len - 4;`);
  L.push(`let cap = ${ncols > 0 ? 'B[0].cap' : 'Infinity'}; let p = 0, row = 0, c = 0;`);
  for (let j = 0; j < ncols; j++) {
    for (const a of arrays(j)) L.push(`let ${a};`);
    if (kinds[j] === UTF8) L.push(`let q${j} = B[${j}].bytePos;`);
  }
  if (sink) L.push(...sink.prelude);
  if (wasm) L.push(...wasmPrelude(ncols));
  L.push(`while (p < len) {`);
  if (wasm) L.push(...wasmBatch(ctx, sink));
  // a row's values are declared inside the loop, so they do not live across its back edge: V8 often runs
  // this loop as on-stack-replaced code, which boxes a double carried around the loop (a heap number per
  // row) where it keeps one that is not in a register (6.5 -> 6.0 ms per 100k rows of Q2's loop)
  if (sink) L.push(...sinkLocals(ncols));
  // a blank line is skipped; in a one-column file it is a null value
  if (nf > 1)
    L.push(
      `c = bytes[p]; if (c === 10 || c === 13) { p++; if (c === 13 && p < len && bytes[p] === 10) p++; continue; }`,
    );
  if (!sink) {
    L.push(`if (row === cap) { cap *= 2; grow(B, cap);`);
    for (let j = 0; j < ncols; j++) for (const a of arrays(j)) L.push(`${a};`);
    L.push(`}`);
  }
  L.push(`const rowStart = p;`);
  for (let f = 0; f < nf; f++) {
    const j = slot[f]!;
    L.push(`{`);
    L.push(fieldCode(f, j, j < 0 ? -1 : kinds[j]!, swar, sink !== undefined));
    L.push(`}`);
    if (f < nf - 1)
      L.push(
        `if (p >= len || bytes[p] !== D) failAt(ctx, rowStart, -1, 'expected ${nf} fields, found ${f + 1}'); p++;`,
      );
    else
      L.push(
        `if (p < len && bytes[p] === D) failAt(ctx, rowStart, -1, 'expected ${nf} fields, found more');`,
      );
  }
  L.push(`if (p < len && bytes[p] === 13) p++;`);
  L.push(`if (p < len && bytes[p] === 10) p++;`);
  if (sink) L.push(`sink: {`, sink.row, `}`);
  L.push(`row++;`);
  L.push(`}`);
  if (sink?.end) L.push(sink.end);
  for (let j = 0; j < ncols; j++) if (kinds[j] === UTF8) L.push(`B[${j}].bytePos = q${j};`);
  L.push(`return row;`);
  L.push(`};`);
  return L.join('\n');
}

/** The chunk goes into the module's memory once; its batch columns are read through these views. */
function wasmPrelude(ncols: number): string[] {
  const L = [`const base = W.load(bytes), st = W.st;`];
  for (let j = 0; j < ncols; j++) L.push(`const C${j} = W.cols[${j}];`);
  return L;
}

/**
 * Each turn of the loop first lets the module parse a batch of plain rows from p; they go to the sink, or
 * into the builders in one copy per column. Only a row it stops at runs through the JS code below.
 */
function wasmBatch(ctx: ChunkContext, sink: RowSink | undefined): string[] {
  const ncols = ctx.spec.columns.length;
  const L = [`{ const n = W.run(base + p, base + len);`, `if (n !== 0) {`];
  if (sink) {
    L.push(`for (let r = 0; r < n; r++) {`, ...sinkLocals(ncols, (j) => `C${j}[r]`));
    L.push(`sink: {`, sink.row, `}`, `}`);
  } else {
    L.push(`if (row + n > cap) { cap = Math.max(cap * 2, row + n); grow(B, cap);`);
    for (let j = 0; j < ncols; j++) L.push(`v${j} = B[${j}].${ctx.kinds[j] === DATE ? 'i32' : 'num'};`);
    L.push(`}`);
    for (let j = 0; j < ncols; j++)
      L.push(`v${j}.set(n === C${j}.length ? C${j} : C${j}.subarray(0, n), row);`);
  }
  L.push(`row += n; }`);
  // past the sentinel newline when the chunk's last row has none
  L.push(`p = st[0] - base; if (p > len) p = len;`, `if (st[1] === 0) continue; }`);
  return L;
}

const slow = (f: number) => `p = slowField(ctx, bytes, p, ${f}, row);`;

function fieldCode(f: number, j: number, kind: number, swar: boolean, sink: boolean): string {
  // to a sink, a value goes into locals; one the general path parses comes back through a one-row builder
  const slowTo = () => (sink ? `{ p = slowField(ctx, bytes, p, ${f}, 0); ${slowValue(j, kind)} }` : slow(f));
  switch (kind) {
    case -1:
      // a quoted field is passed over here too; an unterminated one, or bytes after the closing quote,
      // go back to the general path from the opening quote, which reports them
      return `if (p < len && bytes[p] === Q) {
          let k = p + 1;
          for (;;) {
            if (k >= len) { k = -1; break; }
            if (bytes[k] === Q) { if (k + 1 < len && bytes[k + 1] === Q) k += 2; else break; } else k++;
          }
          if (k >= 0) { k++; if (k < len && (c = bytes[k], !${END('c')})) k = -1; }
          if (k < 0) ${slow(f)} else p = k;
        } else { ${toStop(swar)} }`;
    case INT:
    case FLOAT:
      // an exact mantissa of at most 15 digits and an exact power of ten: one correctly rounded
      // division (Clinger's fast path); longer or odder numbers take the general path. Digits are
      // counted from positions and tested with one unsigned compare: ~2 ns a row of the bench data.
      return `let e = -1;
        if (p < len && bytes[p] !== Q) {
          let k = p; const neg = bytes[k] === 45; if (neg) k++;
          const ds = k; let mant = 0${kind === FLOAT ? ', scale = 0' : ''};
          for (; k < len; k++) { const d = bytes[k] - 48; if ((d >>> 0) > 9) break; mant = mant * 10 + d; }
          let digits = k - ds;
          ${
            kind === FLOAT
              ? `if (k < len && bytes[k] === 46) { const fs = ++k; for (; k < len; k++) { const d = bytes[k] - 48; if ((d >>> 0) > 9) break; mant = mant * 10 + d; } scale = k - fs; digits += scale; }`
              : ''
          }
          if (digits !== 0 && digits <= 15 && (k === len || (c = bytes[k], ${END('c')}))) {
            ${kind === FLOAT ? `const v = scale === 0 ? mant : mant / POW10[scale];` : `const v = mant;`}
            ${sink ? `x${j} = neg ? -v : v; n${j} = false;` : `v${j}[row] = neg ? -v : v;`} e = k;
          }
        }
        if (e < 0) ${slowTo()} else p = e;`;
    case DATE:
      return `let e = -1;
        if (p + 10 <= len && bytes[p] !== Q && (p + 10 === len || (c = bytes[p + 10], ${END('c')}))) {
          const days = isoDateAt(bytes, p);
          if (days === days) { ${sink ? `x${j} = days; n${j} = false;` : `v${j}[row] = days;`} e = p + 10; }
        }
        if (e < 0) ${slowTo()} else p = e;`;
    case UTF8:
      return `if (p < len && bytes[p] !== Q) {
          const s = p;
          ${toStop(swar)}
          if (p === s) B[${j}].setNull(row);
          else if (p - s < 24) for (let k = s; k < p; k++) y${j}[q${j}++] = bytes[k];
          else { y${j}.set(bytes.subarray(s, p), q${j}); q${j} += p - s; }
          o${j}[row + 1] = q${j};
        } else { B[${j}].bytePos = q${j}; ${slow(f)} q${j} = B[${j}].bytePos; }`;
    default:
      return slowTo();
  }
}
