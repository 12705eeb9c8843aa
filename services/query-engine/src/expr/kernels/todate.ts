// str.toDate(format): formats as in morsel/date-format.ts, parsed straight from the UTF-8 bytes.
import type { DateColumn, Utf8Column } from '../../morsel/types.ts';
import { isoDateAt } from '../../morsel/dates.ts';
import { compileDateFormat, isIsoDateFormat, parseDateWith } from '../../morsel/date-format.ts';
import { DataError } from '../errors.ts';

export function toDate(c: Utf8Column, format: string): DateColumn {
  const tokens = compileDateFormat(format);
  if (typeof tokens === 'string') throw new DataError(tokens);
  const n = c.length;
  const values = new Int32Array(n);
  const { offsets, bytes, validity } = c;
  const iso = isIsoDateFormat(tokens);
  for (let i = 0; i < n; i++) {
    if (validity !== undefined && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (iso && e - s === 10) {
      const days = isoDateAt(bytes, s);
      if (days === days) {
        values[i] = days;
        continue;
      }
    }
    const v = parseDateWith(tokens, bytes, s, e);
    if (v !== v) {
      const text = new TextDecoder().decode(bytes.subarray(s, e));
      throw new DataError(
        `str.toDate: cannot parse ${JSON.stringify(text)} with format ${JSON.stringify(format)}`,
      );
    }
    values[i] = v;
  }
  return { type: 'date', length: n, values, validity };
}
