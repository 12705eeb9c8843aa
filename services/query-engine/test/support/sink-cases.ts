// A data set with the values sinks get wrong: nulls everywhere, int64 beyond 2^53, -0, extreme doubles,
// dates before 1970 and at the ends of the 4-digit range, and strings with quotes, commas, newlines, unicode.
import type { Schema } from '../../src/morsel/types';
import type { JsValue } from './sink-morsels';

export const schema: Schema = [
  { name: 'id', type: 'int64' },
  { name: 'x', type: 'float64' },
  { name: 'ok', type: 'bool' },
  { name: 'day', type: 'date' },
  { name: 's', type: 'utf8' },
  { name: 'big', type: 'int64' },
];

const strings = [
  'plain',
  '',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\r\nlf',
  'ünïcödé 😀',
  '  spaced  ',
  null,
  '"',
  ',',
];
const floats = [0.1, -0, 1e21, 5e-324, 1.7976931348623157e308, -2.5, null, 123456.789, 1 / 3];
const days = ['1969-12-31', '1900-03-01', '0001-01-01', '2024-02-29', '9999-12-31', null, '1970-01-01'];
const bigs = [2n ** 62n, -(2n ** 63n), 2n ** 53n + 1n, 0n, null, -1n, 9007199254740991n];

export function columns(n: number): Record<string, JsValue[]> {
  const pick = <T>(xs: readonly T[], i: number, k = 1) => xs[(i * k) % xs.length]!;
  return {
    id: Array.from({ length: n }, (_, i) => (i % 13 === 5 ? null : i - 3)),
    x: Array.from({ length: n }, (_, i) => pick(floats, i)),
    ok: Array.from({ length: n }, (_, i) => (i % 5 === 4 ? null : i % 3 === 0)),
    day: Array.from({ length: n }, (_, i) => pick(days, i, 3)),
    s: Array.from({ length: n }, (_, i) => pick(strings, i, 7)),
    big: Array.from({ length: n }, (_, i) => pick(bigs, i, 5)),
  };
}

/** What the in-memory sink must produce for `columns(n)`: bigint only where a number is inexact. */
export function expectedRows(n: number): Record<string, JsValue>[] {
  const c = columns(n);
  return Array.from({ length: n }, (_, i) => {
    const big = c.big![i]!;
    return {
      id: c.id![i]!,
      x: c.x![i]!,
      ok: c.ok![i]!,
      day: c.day![i]!,
      s: c.s![i]!,
      big: typeof big === 'bigint' && big >= -(2n ** 53n - 1n) && big <= 2n ** 53n - 1n ? Number(big) : big,
    };
  });
}

export const duckTypes = {
  id: 'BIGINT',
  x: 'DOUBLE',
  ok: 'BOOLEAN',
  day: 'DATE',
  s: 'VARCHAR',
  big: 'BIGINT',
};
