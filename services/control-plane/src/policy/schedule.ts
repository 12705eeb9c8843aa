// The schedule policy: off during weekly windows, between a sleep and the next wake cron firing, on whole
// local days (holidays) and in absolute ranges — all in the policy's IANA time zone. Outside those it has
// no opinion (other policies, or the default "on", decide). Rules:
// - exceptDates: on those local days the whole schedule abstains (it does not apply);
// - graceMinutes: a workload created less than that long ago is left on where the schedule would switch it off;
// - until: the next edge of anything in the schedule (a window start/end, midnight, a cron firing, a range).
// What the schedule says depends only on the instant, so it is computed once per policy and instant and
// shared by every workload the policy governs (decide() is called for 100k workloads with the same now).
import type { Static } from '@sinclair/typebox';
import { compileCron, type CronSchedule } from './cron';
import type { ScheduleSpec } from './spec-schemas';
import type { DecidePolicy } from './types';
import { type Evaluator, formatDuration, offOpinion, onOpinion } from './verdict';
import {
  DAY_MS,
  MINUTE_MS,
  WEEK_MS,
  dayOf,
  dayOfIsoDate,
  effectiveWall,
  formatInstant,
  formatWall,
  isoDate,
  isoInstant,
  wallToInstant,
  weekdayOf,
} from './zoned-time';

type Spec = Static<typeof ScheduleSpec>;

const DAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const DAY_LABEL = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Window {
  /** Start, as ms after Monday 00:00 local. */
  fromMs: number;
  lengthMs: number;
  label: string;
}

/** What the schedule says at one instant, before the workload-specific parts (grace, avoided energy). */
interface ScheduleState {
  /** Why it is off ("weekend window Fri 19:00–Mon 07:00 Europe/London"), or undefined when it is not. */
  off?: string;
  note: string;
  untilMs: number | undefined;
  signals: Record<string, unknown>;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Binary search: the first element of a sorted array greater than x, or undefined. */
function firstAbove(sorted: readonly number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo];
}

export function compileSchedule(policy: DecidePolicy, spec: Spec): Evaluator {
  const tz = spec.timezone;
  const windows: Window[] = (spec.offWindows ?? []).map((w) => {
    const fromMs = (DAY_INDEX[w.from.day]! * 1440 + minutesOf(w.from.time)) * MINUTE_MS;
    const toMs = (DAY_INDEX[w.to.day]! * 1440 + minutesOf(w.to.time)) * MINUTE_MS;
    const lengthMs = (((toMs - fromMs) % WEEK_MS) + WEEK_MS) % WEEK_MS || WEEK_MS;
    const name = w.name ?? policy.name;
    const span = `${DAY_LABEL[DAY_INDEX[w.from.day]!]} ${w.from.time}–${DAY_LABEL[DAY_INDEX[w.to.day]!]} ${w.to.time}`;
    return { fromMs, lengthMs, label: `${name} window ${span} ${tz}` };
  });
  const sleep: CronSchedule | undefined = spec.sleepCron ? compileCron(spec.sleepCron) : undefined;
  const wake: CronSchedule | undefined = spec.wakeCron ? compileCron(spec.wakeCron) : undefined;
  const offDays = [...new Set((spec.offDates ?? []).map(dayOfIsoDate))].sort((a, b) => a - b);
  const offDaySet = new Set(offDays);
  const exceptDays = [...new Set((spec.exceptDates ?? []).map(dayOfIsoDate))].sort((a, b) => a - b);
  const exceptDaySet = new Set(exceptDays);
  const ranges = (spec.offRanges ?? [])
    .map((r) => ({ from: Date.parse(r.from), to: Date.parse(r.to) }))
    .sort((a, b) => a.from - b.from);
  const graceMs = (spec.graceMinutes ?? 0) * MINUTE_MS;

  const stateAt = (nowMs: number): ScheduleState => {
    const wall = effectiveWall(nowMs, tz);
    const day = dayOf(wall);
    const edges: number[] = [];
    const edge = (instant: number | undefined) => {
      if (instant !== undefined && instant > nowMs) edges.push(instant);
    };
    const edgeAtWall = (w: number | undefined) => {
      if (w !== undefined) edge(wallToInstant(w, tz));
    };
    const done = (off: string | undefined, note: string): ScheduleState => {
      const untilMs = edges.length ? Math.min(...edges) : undefined;
      const schedule: Record<string, unknown> = { timezone: tz, off: off !== undefined };
      if (untilMs !== undefined) schedule.nextChange = isoInstant(untilMs);
      return { off, note, untilMs, signals: { schedule } };
    };

    if (exceptDaySet.has(day)) {
      edgeAtWall((day + 1) * DAY_MS);
      return done(undefined, `schedule ${policy.name} does not apply on ${isoDate(day)} (exception date)`);
    }
    const nextExcept = firstAbove(exceptDays, day);
    if (nextExcept !== undefined) edgeAtWall(nextExcept * DAY_MS);

    const reasons: string[] = [];
    for (const r of ranges) {
      if (r.from <= nowMs && nowMs < r.to) {
        reasons.push(`${policy.name} off range ${formatInstant(r.from)}–${formatInstant(r.to)}`);
        edge(r.to);
      } else edge(r.from);
    }
    if (offDaySet.has(day)) {
      reasons.push(`holiday ${isoDate(day)} (${policy.name}, ${tz})`);
      edgeAtWall((day + 1) * DAY_MS);
    } else {
      const next = firstAbove(offDays, day);
      if (next !== undefined) edgeAtWall(next * DAY_MS);
    }
    if (windows.length) {
      const weekStart = (day - ((weekdayOf(day) + 6) % 7)) * DAY_MS; // Monday 00:00 of this local week
      for (const w of windows) {
        let start = weekStart + w.fromMs;
        if (start > wall) start -= WEEK_MS;
        const end = start + w.lengthMs;
        if (wall < end) {
          reasons.push(w.label);
          edgeAtWall(end);
        } else edgeAtWall(start + WEEK_MS);
      }
    }
    if (sleep && wake) {
      const slept = sleep.previousWall(wall);
      const woke = wake.previousWall(wall);
      if (slept !== undefined && (woke === undefined || slept > woke)) {
        // Asleep since the first sleep firing after the last wake (later sleep firings change nothing).
        const since = woke === undefined ? slept : (sleep.nextWall(woke) ?? slept);
        reasons.push(`${policy.name} asleep since ${formatWall(since)} ${tz} (sleep "${sleep.expression}")`);
        edgeAtWall(wake.nextWall(wall));
      } else edgeAtWall(sleep.nextWall(wall));
    }
    return reasons.length
      ? done(reasons[0], reasons[0]!)
      : done(undefined, `outside the off times of schedule ${policy.name}`);
  };

  // The state holds from the instant it was computed for until its next edge (every change of any part is
  // an edge), so it is reused for any now in [memoFrom, memo.untilMs): all workloads of a tick, and the
  // consecutive steps of a backtest.
  let memoFrom = Number.NaN;
  let memo: ScheduleState | undefined;

  return ({ workload, nowMs }) => {
    if (!memo || !(nowMs >= memoFrom && (memo.untilMs === undefined || nowMs < memo.untilMs))) {
      memo = stateAt(nowMs);
      memoFrom = nowMs;
    }
    const state = memo;
    if (state.off === undefined) return { kind: 'abstain', untilMs: state.untilMs, note: state.note };
    const ageMs = nowMs - workload.createdAt.getTime();
    if (graceMs > 0 && ageMs < graceMs) {
      const graceEnd = workload.createdAt.getTime() + graceMs;
      return onOpinion(
        workload.replicasOn,
        `created ${formatDuration(ageMs)} ago, within the ${formatDuration(graceMs)} grace of schedule ${policy.name} (otherwise off: ${state.off})`,
        state.untilMs === undefined ? graceEnd : Math.min(state.untilMs, graceEnd),
        state.signals,
      );
    }
    return offOpinion(workload, state.off, state.untilMs, state.signals);
  };
}
