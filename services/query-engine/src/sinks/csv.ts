// CSV sink (RFC 4180): comma-separated, CRLF-free (\n) lines, fields quoted only when they must be.
// Null is an empty field; an empty string is "" so the two stay apart for readers that distinguish them
// (DuckDB: allow_quoted_nulls = false).
import type { Writable } from 'node:stream';
import type { Column, Morsel, Schema } from '../morsel/types';
import { dateFormatter, formatFloat, isValid, utf8Values } from './values';
import { finish, writeAll } from './write';

export interface TextSinkOptions {
  /** Used for the header when no morsel arrives. */
  schema?: Schema;
  /** End the Writable when done (default true). */
  end?: boolean;
}

export interface CsvSinkOptions extends TextSinkOptions {
  header?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvQuote(s: string): string {
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function cellFormatter(col: Column): (i: number) => string {
  const v = col.validity;
  switch (col.type) {
    case 'int64': {
      const values = col.values;
      return (i) => (isValid(v, i) ? String(values[i]) : '');
    }
    case 'float64': {
      const values = col.values;
      return (i) => (isValid(v, i) ? formatFloat(values[i]!) : '');
    }
    case 'bool': {
      const values = col.values;
      return (i) => (isValid(v, i) ? (values[i] ? 'true' : 'false') : '');
    }
    case 'date': {
      const values = col.values;
      const fmt = dateFormatter();
      return (i) => (isValid(v, i) ? fmt(values[i]!) : '');
    }
    case 'utf8': {
      const strings = utf8Values(col).map(csvQuote);
      return (i) => (isValid(v, i) ? strings[i]! : '');
    }
  }
}

export function csvHeader(schema: Schema): string {
  return schema.map((f) => csvQuote(f.name)).join(',') + '\n';
}

/** The CSV text of one morsel's rows (no header). */
export function morselToCsv(m: Morsel): string {
  const cells = m.columns.map(cellFormatter);
  const n = cells.length;
  if (n === 0) return '';
  let s = '';
  // With one column a null row is an empty line; DuckDB reads that as NULL, which is what it means.
  for (let i = 0; i < m.length; i++) {
    s += cells[0]!(i);
    for (let c = 1; c < n; c++) s += ',' + cells[c]!(i);
    s += '\n';
  }
  return s;
}

export async function writeCsv(
  morsels: AsyncIterable<Morsel> | Iterable<Morsel>,
  out: Writable,
  opts: CsvSinkOptions = {},
): Promise<{ rows: number }> {
  let rows = 0;
  let headed = !(opts.header ?? true);
  for await (const m of morsels) {
    const head = headed ? '' : csvHeader(m.schema);
    headed = true;
    await writeAll(out, [Buffer.from(head + morselToCsv(m))]);
    rows += m.length;
  }
  if (!headed && opts.schema) await writeAll(out, [Buffer.from(csvHeader(opts.schema))]);
  await finish(out, opts.end ?? true);
  return { rows };
}
