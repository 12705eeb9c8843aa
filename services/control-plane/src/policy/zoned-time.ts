// Wall-clock time in IANA time zones, without a date library: Intl.DateTimeFormat (one cached formatter per
// zone) tells the offset at an instant; everything else is integer arithmetic on "wall milliseconds" — the
// local date and time written as if it were UTC (Date.UTC(y, m - 1, d, h, min, s)).
//
// DST rules used throughout the policy engine (the ones Vixie cron and most schedulers use):
// - a wall time that does not exist (the spring-forward gap) happens at the transition instant, e.g.
//   01:30 on the last Sunday of March in Europe/London happens at 01:00 UTC, when clocks jump to 02:00;
// - a wall time that exists twice (the autumn fall-back overlap) happens once, at its first occurrence.
// With these rules the map wall -> instant (`wallToInstant`) is monotone non-decreasing, so "has wall time w
// already happened at instant t?" is simply `w <= effectiveWall(t)`; see effectiveWall.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone at an instant, in ms (wall = instant + offset). Throws RangeError for unknown zones. */
export function offsetAt(instantMs: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let negativeEra = false;
  for (const part of formatter(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        negativeEra = part.value === 'BC' || part.value === 'B';
        break;
    }
  }
  if (negativeEra) year = 1 - year;
  const ms = ((instantMs % 1000) + 1000) % 1000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; wall times that early never matter here.
  return wall - instantMs;
}

/** The local wall time of an instant (as wall milliseconds). */
export function instantToWall(instantMs: number, timeZone: string): number {
  return instantMs + offsetAt(instantMs, timeZone);
}

/**
 * The instant a wall time happens: the earlier one when it exists twice (fall-back overlap), the transition
 * instant when it does not exist (spring-forward gap).
 */
export function wallToInstant(wallMs: number, timeZone: string): number {
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  const a = wallMs - before;
  const b = wallMs - after;
  const aValid = offsetAt(a, timeZone) === before;
  if (before === after && aValid) return a;
  const bValid = offsetAt(b, timeZone) === after;
  if (aValid && bValid) return Math.min(a, b);
  if (aValid) return a;
  if (bValid) return b;
  // In a gap: find the transition between the two instants, to the millisecond (~22 steps, rare path).
  let lo = Math.min(a, b); // still on the old offset
  let hi = Math.max(a, b); // already on the new offset
  if (offsetAt(lo, timeZone) !== before) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The largest wall time that has already happened at `instantMs` (under the rules above): the local wall
 * time, except during the second pass through a fall-back overlap, when the whole repeated hour has
 * already happened (its wall times happened at their first occurrence).
 */
export function effectiveWall(instantMs: number, timeZone: string): number {
  const offset = offsetAt(instantMs, timeZone);
  const wall = instantMs + offset;
  const earlier = offsetAt(instantMs - 6 * HOUR_MS, timeZone);
  if (earlier <= offset) return wall;
  // A fall-back transition T in (instant - 6 h, instant]: offset went from `earlier` to `offset`.
  let lo = instantMs - 6 * HOUR_MS; // old offset
  let hi = instantMs; // new offset
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === earlier) lo = mid;
    else hi = mid;
  }
  const repeatedUntil = hi + earlier; // wall time at which the repeated range ends (exclusive)
  return wall < repeatedUntil ? repeatedUntil - 1 : wall;
}

/** Local calendar day number (days since 1970-01-01) of a wall time. */
export const dayOf = (wallMs: number): number => Math.floor(wallMs / DAY_MS);

/** 0 = Sunday ... 6 = Saturday, for a day number. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** Year, month (1-12) and day of a day number (Howard Hinnant's civil_from_days; no Date object). */
export function civil(day: number): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

/** YYYY-MM-DD of a day number (years 0-9999). */
export function isoDate(day: number): string {
  const c = civil(day);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** Same as new Date(ms).toISOString() for years 1000-9999, several times faster (decide() makes many). */
export function isoInstant(ms: number): string {
  if (!(ms >= -30610224000000 && ms < 253402300800000)) return new Date(ms).toISOString(); // outside 1000-9999
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / MINUTE_MS);
  rest -= m * MINUTE_MS;
  const sec = Math.floor(rest / 1000);
  return `${isoDate(day)}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(rest - sec * 1000)}Z`;
}

/** Day number of a YYYY-MM-DD date. */
export function dayOfIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** "Fri 19:00" for a wall time. */
export function formatWall(wallMs: number): string {
  const day = Math.floor(wallMs / DAY_MS);
  const minutes = Math.floor((wallMs - day * DAY_MS) / MINUTE_MS);
  return `${WEEKDAY_NAMES[weekdayOf(day)]} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** "2026-03-29 01:00Z" for an instant. */
export function formatInstant(instantMs: number): string {
  const day = Math.floor(instantMs / DAY_MS);
  const minutes = Math.floor((instantMs - day * DAY_MS) / MINUTE_MS);
  return `${isoDate(day)} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}Z`;
}

/** "Tue 02:00Z" for an instant (compact, for times within the next days). */
export function formatInstantShort(instantMs: number): string {
  return `${formatWall(instantMs)}Z`;
}
