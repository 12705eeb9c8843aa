// What the generated row loop (row-parser.ts) can hand each parsed row to, instead of writing it into
// columns: code that runs at the end of every row, reading the row's values from locals. Two kinds exist:
// folding into a group state (row-fold.ts) and running a stage's filters and projections
// (exec/fuse-ops.ts). The values a sink sees, per parsed column j: x{j} (the number, or days for a date),
// n{j} (true when null) and xb{j} (an int64 beyond 2^53, as a bigint; undefined otherwise).
import { DATE, DATE_FORMAT, FLOAT, INT } from './fields.ts';

export interface RowSink {
  /** Identifies the generated code: the same key, the same code (the loop cache's key). */
  key: string;
  /** Declarations after the row loop's own; `T` is the runtime target passed with the chunk. */
  prelude: string[];
  /** Runs after each row's last field; may `break sink` to drop the row. */
  row: string;
  /** Runs once after the loop. */
  end?: string;
}

/** The parse kinds a sink can read: numbers and dates (text and booleans stay column-only). */
export const SINK_KINDS = new Set([INT, FLOAT, DATE, DATE_FORMAT]);

/** The locals every sink reads, one set per parsed column: x{j} from `value(j)`, not null. */
export function sinkLocals(columns: number, value: (j: number) => string = () => '0'): string[] {
  const L: string[] = [];
  for (let j = 0; j < columns; j++) L.push(`let x${j} = ${value(j)}, n${j} = false, xb${j};`);
  return L;
}

/**
 * A value the general path (slowField) left in row 0 of its one-row builder: nulls and int64 beyond
 * 2^53 included. The builder is reset for the next row.
 */
export function slowValue(j: number, kind: number): string {
  const arr = kind === DATE || kind === DATE_FORMAT ? 'i32' : 'num';
  return `{ const b = B[${j}]; x${j} = b.${arr}[0]; n${j} = false;
    if (b.validity !== undefined && (b.validity[0] & 1) === 0) { n${j} = true; b.validity[0] = 255; }
    if (b.big !== undefined && b.big.size !== 0) { xb${j} = b.big.get(0); b.big.clear(); } }`;
}
