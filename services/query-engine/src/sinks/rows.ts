// The in-memory sink: morsels → plain JS rows or columns (dates as YYYY-MM-DD, int64 beyond 2^53 as bigint).
import type { Morsel, Schema } from '../morsel/types';
import { valueReader, type RowValue } from './values';

export type Row = Record<string, RowValue>;

type MorselSource = AsyncIterable<Morsel> | Iterable<Morsel>;

export async function morselsToRows(morsels: MorselSource): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const m of morsels) {
    const names = m.schema.map((f) => f.name);
    const readers = m.columns.map(valueReader);
    for (let i = 0; i < m.length; i++) {
      const row: Row = {};
      for (let c = 0; c < readers.length; c++) row[names[c]!] = readers[c]!(i);
      rows.push(row);
    }
  }
  return rows;
}

export interface ColumnsResult {
  /** The first morsel's schema, or undefined when there were none. */
  schema: Schema | undefined;
  columns: Record<string, RowValue[]>;
  length: number;
}

/** Column-wise, which is cheaper than rows when the caller reads a few columns of many rows. */
export async function morselsToColumns(morsels: MorselSource): Promise<ColumnsResult> {
  let schema: Schema | undefined;
  const columns: Record<string, RowValue[]> = {};
  let length = 0;
  for await (const m of morsels) {
    if (!schema) {
      schema = m.schema;
      for (const f of schema) columns[f.name] = [];
    }
    m.columns.forEach((col, c) => {
      const read = valueReader(col);
      const out = columns[m.schema[c]!.name]!;
      for (let i = 0; i < m.length; i++) out.push(read(i));
    });
    length += m.length;
  }
  return { schema, columns, length };
}
