// CSV bytes -> typed columns, in one pass, no per-row objects and no string per numeric field. Runs
// inside a worker on one chunk (a byte range that starts and ends at row boundaries): the row loop is
// generated for the file's shape (row-parser.ts), the general cases are in fields.ts.
import type { DataType, Morsel, Schema } from '../morsel/types.ts';
import { compileDateFormat, isIsoDateFormat } from '../morsel/date-format.ts';
import { Builder } from './builder.ts';
import { DATE_FORMAT, KINDS, type ChunkContext } from './fields.ts';
import { rowParser } from './row-parser.ts';
import type { RowSink } from './row-sink.ts';

export interface ParseSpec {
  /** Fields per row in the file. */
  fieldCount: number;
  /** Names of all file fields (for messages). */
  names: string[];
  /**
   * The fields to materialise: file index and type, in output order. A date column may carry the
   * strftime format of the str.toDate the plan applied to it (default: YYYY-MM-DD).
   */
  columns: { index: number; name: string; type: DataType; format?: string }[];
  delimiter: number;
  quote: number;
}

const LF = 10;
const SAMPLE = 1 << 16;

/** Rows to size the arrays for: counted in a sample and scaled up with slack (the parser grows on overflow). */
function estimateRows(b: Uint8Array): number {
  const end = Math.min(b.length, SAMPLE);
  const buf = Buffer.from(b.buffer, b.byteOffset, end);
  let n = 0;
  for (let k = buf.indexOf(LF); k !== -1; k = buf.indexOf(LF, k + 1)) n++;
  if (end === b.length) return n + 1;
  return Math.ceil(((n + 1) * b.length * 1.1) / end) + 64;
}

function chunkContext(bytes: Uint8Array, spec: ParseSpec, byteOffset: number, rows: number): ChunkContext {
  const slot = new Int32Array(spec.fieldCount).fill(-1);
  spec.columns.forEach((c, j) => (slot[c.index] = j));
  const formats = spec.columns.map((c) => {
    if (c.format === undefined) return undefined;
    const tokens = compileDateFormat(c.format);
    if (typeof tokens === 'string') throw new Error(`internal: bad date format ${c.format}: ${tokens}`);
    return isIsoDateFormat(tokens) ? undefined : tokens;
  });
  const kinds = new Int32Array(
    spec.columns.map((c, j) => (formats[j] ? DATE_FORMAT : KINDS.indexOf(c.type))),
  );
  const builders = spec.columns.map((c) => new Builder(c.type, rows, bytes.length));
  return { spec, byteOffset, builders, slot, kinds, formats };
}

/** Parses `bytes` (whole rows) into a morsel. `byteOffset` is where the chunk starts in the file. */
export function parseCsvChunk(bytes: Uint8Array, spec: ParseSpec, byteOffset: number, seq: number): Morsel {
  const ctx = chunkContext(bytes, spec, byteOffset, estimateRows(bytes));
  const rows = rowParser(ctx)(bytes, ctx);
  const schema: Schema = spec.columns.map((c) => ({ name: c.name, type: c.type }));
  return { seq, length: rows, schema, columns: ctx.builders.map((b) => b.finish(rows)) };
}

/**
 * Parses `bytes` (whole rows) and hands each row to `sink` (row-sink.ts) with its runtime `target`: no
 * columns are built. The builders hold one row, for the values the general path parses.
 */
export function parseCsvChunkInto(
  bytes: Uint8Array,
  spec: ParseSpec,
  byteOffset: number,
  sink: RowSink,
  target: unknown,
): number {
  const ctx = chunkContext(bytes, spec, byteOffset, 1);
  return rowParser(ctx, sink)(bytes, ctx, target);
}
