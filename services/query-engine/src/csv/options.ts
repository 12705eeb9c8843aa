import type { DataType } from '../morsel/types.ts';

export interface CsvOptions {
  /** First line names the columns (default true); without it columns are column_1, column_2, … */
  hasHeader?: boolean;
  /** One ASCII character (default ','). */
  delimiter?: string;
  /** One ASCII character (default '"'); inside a quoted field it is escaped by doubling it. */
  quote?: string;
  /** Types by column name; columns not listed are inferred from the first rows. */
  schema?: Record<string, DataType>;
  /** Infer YYYY-MM-DD columns as dates (default false, as in Polars: they stay utf8 until str.toDate). */
  tryParseDates?: boolean;
  /** Rows sampled for type inference (default 1000). */
  inferRows?: number;
}

export interface ResolvedCsvOptions {
  hasHeader: boolean;
  delimiter: number;
  quote: number;
}

export function resolveCsvOptions(o: CsvOptions = {}): ResolvedCsvOptions {
  const one = (s: string | undefined, dflt: string, what: string) => {
    const v = s ?? dflt;
    if (v.length !== 1 || v.charCodeAt(0) > 127 || v === '\n' || v === '\r')
      throw new Error(
        `csv ${what} must be one ASCII character other than a newline, got ${JSON.stringify(v)}`,
      );
    return v.charCodeAt(0);
  };
  return {
    hasHeader: o.hasHeader ?? true,
    delimiter: one(o.delimiter, ',', 'delimiter'),
    quote: one(o.quote, '"', 'quote'),
  };
}
