// Cron expressions in node-cron's syntax, evaluated backwards and forwards in wall time. node-cron v4 can say
// whether an instant matches and when the next run is after *the current clock*, but not when an expression
// last fired before a given instant — which a pure decide() needs (has "sleep" fired more recently than
// "wake"?). So node-cron parses (exactly its syntax: 5 or 6 fields, names, ranges, steps, nicknames, L, W,
// L-n, n#k, nL) and this module searches the parsed fields.
//
// Semantics follow node-cron's matcher: a time matches when second, minute, hour, month, day of month AND day
// of week all match (classic Vixie cron ORs day of month with day of week when both are restricted;
// node-cron does not). Times are local wall times of the policy's zone; DST follows zoned-time.ts (a time in
// the spring-forward gap fires at the transition, a repeated time fires once).
import { parse } from 'node-cron';
import { DAY_MS, HOUR_MS, MINUTE_MS, weekdayOf } from './zoned-time';

/** How far back/forward to look for a firing: 8 years and a day covers every Feb 29 between non-leap 100s. */
const MAX_SEARCH_DAYS = 8 * 366 + 1;

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

export interface CronSchedule {
  readonly expression: string;
  /** Whether a wall time (ms, as from zoned-time) is a firing (whole seconds only). */
  matchesWall(wallMs: number): boolean;
  /** The latest firing at or before `wallMs`, or undefined when there is none within 8 years. */
  previousWall(wallMs: number): number | undefined;
  /** The earliest firing strictly after `wallMs`, or undefined when there is none within 8 years. */
  nextWall(wallMs: number): number | undefined;
}

const sortedUnique = (values: (number | string)[]) =>
  [...new Set(values.filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

type DayTest = (year: number, month: number, day: number, weekday: number) => boolean;

function dayOfMonthTest(field: (number | string)[]): DayTest {
  const days = new Array<boolean>(32).fill(false);
  const tokens: DayTest[] = [];
  for (const value of field) {
    if (typeof value === 'number') {
      if (value >= 1 && value <= 31) days[value] = true;
      continue;
    }
    if (value === 'L') {
      tokens.push((y, m, d) => d === lastDayOfMonth(y, m));
      continue;
    }
    const weekdayToken = /^(\d{1,2}|L)W$/.exec(value);
    if (weekdayToken) {
      const spec = weekdayToken[1]!;
      tokens.push(
        (y, m, d) => nearestWeekday(y, m, spec === 'L' ? lastDayOfMonth(y, m) : Number(spec)) === d,
      );
      continue;
    }
    const offsetToken = /^L-(\d{1,2})$/.exec(value);
    if (offsetToken) {
      const offset = Number(offsetToken[1]);
      tokens.push((y, m, d) => {
        const target = lastDayOfMonth(y, m) - offset;
        return target >= 1 && target === d;
      });
      continue;
    }
    throw new CronError(`unsupported day-of-month token "${value}"`);
  }
  return (y, m, d, w) => days[d] === true || tokens.some((t) => t(y, m, d, w));
}

function dayOfWeekTest(field: (number | string)[]): DayTest {
  const weekdays = new Array<boolean>(7).fill(false);
  const tokens: DayTest[] = [];
  for (const value of field) {
    if (typeof value === 'number') {
      weekdays[value % 7] = true;
      continue;
    }
    const nth = /^([0-7])#([1-5])$/.exec(value);
    if (nth) {
      const weekday = Number(nth[1]) % 7;
      const n = Number(nth[2]);
      tokens.push((_y, _m, d, w) => w === weekday && Math.floor((d - 1) / 7) + 1 === n);
      continue;
    }
    const last = /^([0-7])L$/i.exec(value);
    if (last) {
      const weekday = Number(last[1]) % 7;
      tokens.push((y, m, d, w) => w === weekday && d + 7 > lastDayOfMonth(y, m));
      continue;
    }
    throw new CronError(`unsupported day-of-week token "${value}"`);
  }
  return (y, m, d, w) => weekdays[w] === true || tokens.some((t) => t(y, m, d, w));
}

/** Parses with node-cron (so exactly node-cron's syntax is accepted) and compiles a searchable schedule. */
export function compileCron(expression: string): CronSchedule {
  let fields: ReturnType<typeof parse>;
  try {
    fields = parse(expression);
  } catch (err) {
    throw new CronError(`invalid cron expression "${expression}": ${(err as Error).message}`);
  }
  const seconds = sortedUnique(fields.second);
  const minutes = sortedUnique(fields.minute);
  const hours = sortedUnique(fields.hour);
  const months = new Array<boolean>(13).fill(false);
  for (const m of fields.month) if (typeof m === 'number' && m >= 1 && m <= 12) months[m] = true;
  const domTest = dayOfMonthTest(fields.dayOfMonth);
  const dowTest = dayOfWeekTest(fields.dayOfWeek);
  if (!seconds.length || !minutes.length || !hours.length) {
    throw new CronError(`cron expression "${expression}" never fires`);
  }
  const secondsDesc = [...seconds].reverse();
  const minutesDesc = [...minutes].reverse();
  const hoursDesc = [...hours].reverse();
  const lastSecondMs = seconds[seconds.length - 1]! * 1000;
  const lastMinuteMs = minutes[minutes.length - 1]! * MINUTE_MS;

  const dayMatches = (day: number): boolean => {
    const date = new Date(day * DAY_MS);
    const month = date.getUTCMonth() + 1;
    if (!months[month]) return false;
    const year = date.getUTCFullYear();
    const d = date.getUTCDate();
    const w = weekdayOf(day);
    return domTest(year, month, d, w) && dowTest(year, month, d, w);
  };

  /** Latest firing time of day (ms) at or before `limit` (ms into the day), or -1. */
  const latestTimeAtOrBefore = (limit: number): number => {
    for (const h of hoursDesc) {
      const hourStart = h * HOUR_MS;
      if (hourStart > limit) continue;
      for (const m of minutesDesc) {
        const minuteStart = hourStart + m * MINUTE_MS;
        if (minuteStart > limit) continue;
        for (const s of secondsDesc) {
          const t = minuteStart + s * 1000;
          if (t <= limit) return t;
        }
      }
    }
    return -1;
  };

  /** Earliest firing time of day (ms) strictly after `limit` (ms into the day), or -1. */
  const earliestTimeAfter = (limit: number): number => {
    for (const h of hours) {
      const hourStart = h * HOUR_MS;
      if (hourStart + lastMinuteMs + lastSecondMs <= limit) continue;
      for (const m of minutes) {
        const minuteStart = hourStart + m * MINUTE_MS;
        if (minuteStart + lastSecondMs <= limit) continue;
        for (const s of seconds) {
          const t = minuteStart + s * 1000;
          if (t > limit) return t;
        }
      }
    }
    return -1;
  };

  return {
    expression,
    matchesWall(wallMs) {
      const day = Math.floor(wallMs / DAY_MS);
      const t = wallMs - day * DAY_MS;
      if (t % 1000 !== 0 || !dayMatches(day)) return false;
      const s = (t / 1000) % 60;
      const m = Math.floor(t / MINUTE_MS) % 60;
      const h = Math.floor(t / HOUR_MS);
      return seconds.includes(s) && minutes.includes(m) && hours.includes(h);
    },
    previousWall(wallMs) {
      const first = Math.floor(wallMs / DAY_MS);
      for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
        const day = first - i;
        if (!dayMatches(day)) continue;
        const t = i === 0 ? latestTimeAtOrBefore(wallMs - day * DAY_MS) : latestTimeAtOrBefore(DAY_MS);
        if (t >= 0) return day * DAY_MS + t;
      }
      return undefined;
    },
    nextWall(wallMs) {
      const first = Math.floor(wallMs / DAY_MS);
      for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
        const day = first + i;
        if (!dayMatches(day)) continue;
        const t = i === 0 ? earliestTimeAfter(wallMs - day * DAY_MS) : earliestTimeAfter(-1);
        if (t >= 0) return day * DAY_MS + t;
      }
      return undefined;
    },
  };
}
