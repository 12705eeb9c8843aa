// strftime-style date formats read straight from UTF-8 bytes, no string per value: shared by the
// str.toDate kernel and the CSV scan (which parses a column with the format when the plan's first use of
// it is str.toDate). Supported: %Y (year), %m (month), %d (day), %y (2-digit year, 69-99 -> 19xx),
// %b (Jan..Dec), %%, and literal characters.
import { daysFromCivil, daysInMonth } from './dates.ts';

const enum Tok {
  Year = -1,
  Month = -2,
  Day = -3,
  Year2 = -4,
  MonthName = -5,
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Tokens: negative = a field, otherwise a literal byte; a string is what is wrong with the format. */
export function compileDateFormat(format: string): number[] | string {
  const out: number[] = [];
  const bytes = new TextEncoder().encode(format);
  const seen = new Set<number>();
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x25) {
      out.push(b);
      continue;
    }
    const s = String.fromCharCode(bytes[++i] ?? 0);
    const t = { Y: Tok.Year, m: Tok.Month, d: Tok.Day, y: Tok.Year2, b: Tok.MonthName }[s];
    if (s === '%') out.push(0x25);
    else if (t === undefined)
      return `unsupported specifier %${s === '\0' ? '' : s} (supported: %Y %m %d %y %b %%)`;
    else {
      out.push(t);
      seen.add(t === Tok.Year2 ? Tok.Year : t === Tok.MonthName ? Tok.Month : t);
    }
  }
  if (!seen.has(Tok.Year) || !seen.has(Tok.Month) || !seen.has(Tok.Day))
    return 'a date format needs a year (%Y or %y), a month (%m or %b) and a day (%d)';
  return out;
}

export function checkDateFormat(format: string): string | undefined {
  const r = compileDateFormat(format);
  return typeof r === 'string' ? r : undefined;
}

/** Days since epoch, or NaN when the bytes do not match the format. */
export function parseDateWith(tokens: number[], b: Uint8Array, s: number, e: number): number {
  let p = s;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok >= 0) {
      if (p >= e || b[p] !== tok) return NaN;
      p++;
      continue;
    }
    if (tok === Tok.MonthName) {
      if (p + 3 > e) return NaN;
      const name = String.fromCharCode(b[p]! | 0x20, b[p + 1]! | 0x20, b[p + 2]! | 0x20);
      m = MONTHS.indexOf(name) + 1;
      if (m === 0) return NaN;
      p += 3;
      continue;
    }
    const maxDigits = tok === Tok.Year ? 4 : 2;
    let v = 0;
    let n = 0;
    while (p < e && n < maxDigits && b[p]! >= 0x30 && b[p]! <= 0x39) {
      v = v * 10 + b[p]! - 0x30;
      p++;
      n++;
    }
    if (n === 0 || (tok === Tok.Year2 && n !== 2)) return NaN;
    if (tok === Tok.Year) y = v;
    else if (tok === Tok.Year2) y = v < 69 ? 2000 + v : 1900 + v;
    else if (tok === Tok.Month) m = v;
    else d = v;
  }
  if (p !== e || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** `%Y-%m-%d`: a 10-byte value can be read at fixed positions (isoDateAt) with the same answer. */
export function isIsoDateFormat(tokens: number[]): boolean {
  return tokens.join() === [Tok.Year, 0x2d, Tok.Month, 0x2d, Tok.Day].join();
}
