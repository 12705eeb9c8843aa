// Column → JS value accessors shared by every sink. Each sink asks once per column and morsel, so the
// per-row path is a closure over typed arrays with no type dispatch.
import type { Column, Utf8Column, Validity } from '../morsel/types';
import { civilFromDays } from '../morsel/dates';

export function isValid(validity: Validity, i: number): boolean {
  return validity === undefined || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
}

/** Days since 1970-01-01 → YYYY-MM-DD (proleptic Gregorian; years outside 0..9999 get a sign / 5+ digits). */
export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  const yy =
    y >= 0 && y <= 9999
      ? String(y).padStart(4, '0')
      : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0');
  return `${yy}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** A date formatter that remembers the last day: sorted or clustered dates repeat for many rows. */
export function dateFormatter(): (days: number) => string {
  let lastDay = NaN;
  let last = '';
  return (days) => {
    if (days !== lastDay) {
      lastDay = days;
      last = formatDate(days);
    }
    return last;
  };
}

/**
 * Shortest text that parses back to the same double; -0 keeps its sign; non-finite values use the
 * spellings DuckDB and Polars accept (NaN, Infinity, -Infinity).
 */
export function formatFloat(x: number): string {
  if (x === 0 && 1 / x < 0) return '-0';
  return String(x);
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/**
 * Decodes every value of a utf8 column. Pure-ASCII columns (the common case) are decoded in one call and
 * sliced, since byte offsets then equal string offsets.
 */
export function utf8Values(col: Utf8Column): string[] {
  const { offsets, bytes, length } = col;
  const out = new Array<string>(length);
  const start = offsets[0]!;
  const used = bytes.subarray(start, offsets[length]);
  if (isAscii(used)) {
    // windows-1252 and latin1 agree on 0..0x7f, so this is exact for ASCII.
    const all = latin1.decode(used);
    for (let i = 0; i < length; i++) out[i] = all.slice(offsets[i]! - start, offsets[i + 1]! - start);
  } else {
    for (let i = 0; i < length; i++) out[i] = utf8.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return out;
}

export type RowValue = number | bigint | string | boolean | null;

/** The in-memory representation of value i: the one JS value a caller would expect. */
export function valueReader(col: Column): (i: number) => RowValue {
  const v = col.validity;
  switch (col.type) {
    case 'int64': {
      const values = col.values;
      if (values instanceof Float64Array) return (i) => (isValid(v, i) ? values[i]! : null);
      return (i) => {
        if (!isValid(v, i)) return null;
        const x = values[i]!;
        return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
      };
    }
    case 'float64': {
      const values = col.values;
      return (i) => (isValid(v, i) ? values[i]! : null);
    }
    case 'bool': {
      const values = col.values;
      return (i) => (isValid(v, i) ? values[i] !== 0 : null);
    }
    case 'date': {
      const values = col.values;
      const fmt = dateFormatter();
      return (i) => (isValid(v, i) ? fmt(values[i]!) : null);
    }
    case 'utf8': {
      const strings = utf8Values(col);
      return (i) => (isValid(v, i) ? strings[i]! : null);
    }
  }
}
