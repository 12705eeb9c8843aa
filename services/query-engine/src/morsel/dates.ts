// Civil calendar <-> days since 1970-01-01 (Howard Hinnant's algorithms): exact for every proleptic
// Gregorian date, no Date objects, so it is cheap enough to run per row.

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day 1-31] */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** ISO weekday: Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  const ys = y < 0 ? '-' + String(-y).padStart(4, '0') : String(y).padStart(4, '0');
  return `${ys}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Data is often sorted by date, so consecutive rows repeat it: remember the last one converted.
let lastKey = -1;
let lastDays = 0;

const digit = (b: Uint8Array, p: number) => {
  const d = b[p]! - 0x30;
  return d >= 0 && d <= 9 ? d : -1000;
};

/** Days since 1970-01-01 of the valid date YYYY-MM-DD in b[p, p + 10), or NaN. Needs p + 10 ≤ b.length. */
export function isoDateAt(b: Uint8Array, p: number): number {
  if (b[p + 4] !== 0x2d || b[p + 7] !== 0x2d) return NaN;
  const y = digit(b, p) * 1000 + digit(b, p + 1) * 100 + digit(b, p + 2) * 10 + digit(b, p + 3);
  const m = digit(b, p + 5) * 10 + digit(b, p + 6);
  const d = digit(b, p + 8) * 10 + digit(b, p + 9);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const key = y * 512 + m * 32 + d; // unique: d < 32, m < 16
  if (key !== lastKey) {
    if (d > daysInMonth(y, m)) return NaN;
    lastKey = key;
    lastDays = daysFromCivil(y, m, d);
  }
  return lastDays;
}
