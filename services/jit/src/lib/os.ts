// The os library as loslib.c has it, less what needs a shell (execute) or a locale (setlocale): clock,
// time (now, or of a date table, normalising it as mktime does), date (strftime in the C locale, "*t"
// tables, "!" for UTC), difftime, getenv (the host's environment when it gives one), exit, and
// remove, rename and tmpname on the host's files (luafile.ts's filesOf).
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { toInteger } from '../vm/convert.ts';
import { mkFloat, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, argError, defineLib, luaError } from './args.ts';
import { fileResult, filesOf } from './luafile.ts';

/** The characters mkstemp puts for its template's XXXXXX. */
const TMP_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * os.exit: unwinds everything (pcall lets it through) to runSource, which ends with `status`, after
 * closing the state (running the pending finalizers) when `close` is true.
 */
export class ExitRequest extends Error {
  constructor(
    readonly status: number,
    readonly close = false,
  ) {
    super('os.exit');
  }
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** loslib.c's LUA_STRFTIMEOPTIONS (C99): single conversions, then the E and O modified ones. */
const SINGLE = 'aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%';
const MODIFIED: Record<string, string> = { E: 'cCxXyY', O: 'deHImMSuUVwWy' };

/** The broken-down time of t (seconds), in UTC or local time. */
interface Tm {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 1-366
  isdst: boolean;
  offset: number; // minutes east of UTC
  /** The instant, and whether tm is in UTC: %Z's zone name is found only when asked for. */
  at: Date;
  utc: boolean;
}

function brokenDown(t: number, utc: boolean): Tm {
  const d = new Date(t * 1000);
  const year = utc ? d.getUTCFullYear() : d.getFullYear();
  const month = utc ? d.getUTCMonth() : d.getMonth();
  const day = utc ? d.getUTCDate() : d.getDate();
  const start = Date.UTC(year, 0, 1);
  const yday = Math.round((Date.UTC(year, month, day) - start) / 86400000) + 1;
  const offset = utc ? 0 : -d.getTimezoneOffset();
  const jan = new Date(year, 0, 1).getTimezoneOffset();
  const jul = new Date(year, 6, 1).getTimezoneOffset();
  return {
    year,
    month: month + 1,
    day,
    hour: utc ? d.getUTCHours() : d.getHours(),
    min: utc ? d.getUTCMinutes() : d.getMinutes(),
    sec: utc ? d.getUTCSeconds() : d.getSeconds(),
    wday: utc ? d.getUTCDay() : d.getDay(),
    yday,
    isdst: !utc && jan !== jul && d.getTimezoneOffset() === Math.min(jan, jul),
    offset,
    at: d,
    utc,
  };
}

/** %Z: glibc's GMT for gmtime; the zone's short name for local time (ICU's: "UTC", "CET" or "GMT+1"). */
function zone(tm: Tm): string {
  if (tm.utc) return 'GMT';
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(tm.at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** loslib.c's setallfields: tm into t as a date table (os.date's "*t", os.time's normalised table). */
function setAllFields(t: LuaTable, tm: Tm): void {
  for (const k of ['year', 'month', 'day', 'hour', 'min', 'sec', 'yday'] as const) t.set(k, tm[k]);
  t.set('wday', tm.wday + 1);
  t.set('isdst', tm.isdst);
}

const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);

/** ISO 8601 week-based year and week of tm (%G, %V). */
function isoWeek(tm: Tm): [number, number] {
  const wdayMon = (tm.wday + 6) % 7; // Monday = 0
  const thursday = tm.yday - wdayMon + 3; // yday of this week's Thursday
  const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (thursday < 1) {
    const prev = tm.year - 1;
    return [prev, Math.floor((thursday + (leap(prev) ? 366 : 365) - 1) / 7) + 1];
  }
  const days = leap(tm.year) ? 366 : 365;
  if (thursday > days) return [tm.year + 1, 1];
  return [tm.year, Math.floor((thursday - 1) / 7) + 1];
}

/** One strftime conversion c of tm in the C locale. */
function conversion(c: string, tm: Tm): string {
  const h12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
  switch (c) {
    case 'a':
      return DAYS[tm.wday]!.slice(0, 3);
    case 'A':
      return DAYS[tm.wday]!;
    case 'b':
    case 'h':
      return MONTHS[tm.month - 1]!.slice(0, 3);
    case 'B':
      return MONTHS[tm.month - 1]!;
    case 'c':
      return `${conversion('a', tm)} ${conversion('b', tm)} ${pad(tm.day, 2, ' ')} ${conversion('T', tm)} ${tm.year}`;
    case 'C':
      return pad(Math.floor(tm.year / 100));
    case 'd':
      return pad(tm.day);
    case 'D':
    case 'x':
      return `${pad(tm.month)}/${pad(tm.day)}/${pad(tm.year % 100)}`;
    case 'e':
      return pad(tm.day, 2, ' ');
    case 'F':
      return `${tm.year}-${pad(tm.month)}-${pad(tm.day)}`;
    case 'g':
      return pad(isoWeek(tm)[0] % 100);
    case 'G':
      return String(isoWeek(tm)[0]);
    case 'H':
      return pad(tm.hour);
    case 'I':
      return pad(h12);
    case 'j':
      return pad(tm.yday, 3);
    case 'm':
      return pad(tm.month);
    case 'M':
      return pad(tm.min);
    case 'n':
      return '\n';
    case 'p':
      return tm.hour < 12 ? 'AM' : 'PM';
    case 'r':
      return `${pad(h12)}:${pad(tm.min)}:${pad(tm.sec)} ${conversion('p', tm)}`;
    case 'R':
      return `${pad(tm.hour)}:${pad(tm.min)}`;
    case 'S':
      return pad(tm.sec);
    case 't':
      return '\t';
    case 'T':
    case 'X':
      return `${pad(tm.hour)}:${pad(tm.min)}:${pad(tm.sec)}`;
    case 'u':
      return String(tm.wday === 0 ? 7 : tm.wday);
    case 'U':
      return pad(Math.floor((tm.yday - 1 + 7 - tm.wday) / 7));
    case 'V':
      return pad(isoWeek(tm)[1]);
    case 'w':
      return String(tm.wday);
    case 'W':
      return pad(Math.floor((tm.yday - 1 + 7 - ((tm.wday + 6) % 7)) / 7));
    case 'y':
      return pad(tm.year % 100);
    case 'Y':
      return String(tm.year);
    case 'z': {
      const o = Math.abs(tm.offset);
      return `${tm.offset < 0 ? '-' : '+'}${pad(Math.floor(o / 60))}${pad(o % 60)}`;
    }
    case 'Z':
      return zone(tm);
    default:
      return '%';
  }
}

function date(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'os.date', args);
  let fmt = A.optString(1, '%c');
  const t = args[1] === undefined ? Math.floor(Date.now() / 1000) : A.intN(2);
  const utc = fmt.startsWith('!');
  if (utc) fmt = fmt.slice(1);
  if (!Number.isFinite(new Date(t * 1000).getTime()))
    luaError(L, 'date result cannot be represented in this installation');
  const tm = brokenDown(t, utc);
  if (fmt.startsWith('*t')) {
    const r = new LuaTable();
    setAllFields(r, tm);
    return r;
  }
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const c = fmt[i + 1] ?? '';
    const mod = MODIFIED[c];
    if (mod !== undefined && fmt[i + 2] !== undefined && mod.includes(fmt[i + 2]!)) {
      out += conversion(fmt[i + 2]!, tm);
      i += 2;
    } else if (c !== '' && SINGLE.includes(c) && mod === undefined) {
      out += conversion(c, tm);
      i++;
    } else {
      const spec = mod !== undefined ? c + (fmt[i + 2] ?? '') : c;
      argError(L, 'os.date', 1, `invalid conversion specifier '%${spec}'`);
    }
  }
  return out;
}

/** A date table's field k as loslib.c's getfield reads it: an integer, `d` when absent (null: required). */
function field(L: LuaState, t: LuaTable, k: string, d: number | null, delta: number): number {
  const v = t.get(k);
  const n = toInteger(v);
  if (n === undefined) {
    if (v !== undefined) luaError(L, `field '${k}' is not an integer`);
    if (d === null) luaError(L, `field '${k}' missing in date table`);
    return d;
  }
  const x = Number(n);
  if (!(x >= 0 ? x - delta <= 0x7fffffff : -0x80000000 + delta <= x))
    luaError(L, `field '${k}' is out-of-bound`);
  return x;
}

function time(L: LuaState, args: LuaValue[]): NativeResult {
  if (args[0] === undefined) return Math.floor(Date.now() / 1000);
  const t = new Args(L, 'os.time', args).table(1);
  const year = field(L, t, 'year', null, 1900);
  const month = field(L, t, 'month', null, 1);
  const day = field(L, t, 'day', null, 0);
  const hour = field(L, t, 'hour', 12, 0);
  const min = field(L, t, 'min', 0, 0);
  const sec = field(L, t, 'sec', 0, 0);
  // mktime in local time: JS's Date normalises out-of-range fields the same way.
  const d = new Date(2000, 0, 1, 0, 0, 0);
  d.setFullYear(year, month - 1, day);
  d.setHours(hour, min, sec);
  const s = d.getTime() / 1000;
  if (!Number.isFinite(s)) luaError(L, 'time result cannot be represented in this installation');
  // The table gets the normalised date, as in loslib.c.
  setAllFields(t, brokenDown(s, false));
  return Math.floor(s);
}

export function openOs(L: LuaState): void {
  const OS = new LuaTable();
  defineLib(L, OS, 'os.', {
    clock() {
      const u = process.cpuUsage();
      return mkFloat((u.user + u.system) / 1e6);
    },
    time,
    date,
    difftime(L, args) {
      const A = new Args(L, 'os.difftime', args);
      return mkFloat(A.intN(1) - A.intN(2));
    },
    getenv(L, args) {
      const name = new Args(L, 'os.getenv', args).string(1);
      return L.env?.[name];
    },
    remove(L, args) {
      const name = new Args(L, 'os.remove', args).string(1);
      return fileResult(filesOf(L).remove(name), name);
    },
    rename(L, args) {
      const a = new Args(L, 'os.rename', args);
      // loslib passes no name to luaL_fileresult here
      return fileResult(filesOf(L).rename(a.string(1), a.string(2)));
    },
    tmpname(L) {
      // mkstemp's template, and the file made empty as mkstemp makes it
      const host = filesOf(L);
      for (let tries = 0; tries < 100; tries++) {
        let name = '/tmp/lua_';
        for (let i = 0; i < 6; i++) name += TMP_CHARS[Math.floor(Math.random() * TMP_CHARS.length)];
        if (host.readable(name)) continue;
        if (host.save(name, '') === undefined) return name;
      }
      return luaError(L, 'unable to generate a unique filename');
    },
    exit(L, args) {
      const v = args[0];
      const status =
        v === undefined || v === true ? 0 : v === false ? 1 : new Args(L, 'os.exit', args).intN(1);
      throw new ExitRequest(status, args[1] !== undefined && args[1] !== false);
    },
  });
  L.globals.set('os', OS);
}
