// NDJSON sink: one JSON object per row. JSON has no int64, NaN or Infinity, so integers beyond 2^53 and
// non-finite doubles are written as strings (readers given a column type cast them back).
import type { Writable } from 'node:stream';
import type { Column, Morsel } from '../morsel/types';
import type { TextSinkOptions } from './csv';
import { dateFormatter, isValid, utf8Values } from './values';
import { finish, writeAll } from './write';

function jsonFormatter(col: Column): (i: number) => string {
  const v = col.validity;
  switch (col.type) {
    case 'int64': {
      const values = col.values;
      if (values instanceof Float64Array) return (i) => (isValid(v, i) ? String(values[i]) : 'null');
      return (i) => {
        if (!isValid(v, i)) return 'null';
        const x = values[i]!;
        return x >= -9007199254740991n && x <= 9007199254740991n ? String(x) : `"${x}"`;
      };
    }
    case 'float64': {
      const values = col.values;
      return (i) => {
        if (!isValid(v, i)) return 'null';
        const x = values[i]!;
        if (!Number.isFinite(x)) return `"${x}"`;
        // A JSON reader takes a bare -0 for the integer 0; -0.0 keeps it a (negative) double.
        return x === 0 && 1 / x < 0 ? '-0.0' : String(x);
      };
    }
    case 'bool': {
      const values = col.values;
      return (i) => (isValid(v, i) ? (values[i] ? 'true' : 'false') : 'null');
    }
    case 'date': {
      const values = col.values;
      const fmt = dateFormatter();
      return (i) => (isValid(v, i) ? `"${fmt(values[i]!)}"` : 'null');
    }
    case 'utf8': {
      const strings = utf8Values(col);
      return (i) => (isValid(v, i) ? JSON.stringify(strings[i]) : 'null');
    }
  }
}

export function morselToNdjson(m: Morsel): string {
  const keys = m.schema.map((f, c) => (c === 0 ? '{' : ',') + JSON.stringify(f.name) + ':');
  const cells = m.columns.map(jsonFormatter);
  let s = '';
  for (let i = 0; i < m.length; i++) {
    for (let c = 0; c < cells.length; c++) s += keys[c]! + cells[c]!(i);
    s += cells.length === 0 ? '{}\n' : '}\n';
  }
  return s;
}

export async function writeNdjson(
  morsels: AsyncIterable<Morsel> | Iterable<Morsel>,
  out: Writable,
  opts: TextSinkOptions = {},
): Promise<{ rows: number }> {
  let rows = 0;
  for await (const m of morsels) {
    await writeAll(out, [Buffer.from(morselToNdjson(m))]);
    rows += m.length;
  }
  await finish(out, opts.end ?? true);
  return { rows };
}
