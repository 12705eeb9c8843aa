// The carbon-window policy: a deferrable job (durationMinutes, earliestStart, deadline, maxInterruptions) runs
// in the lowest-carbon part of the forecast before its deadline. Re-planned every tick from the current
// forecast and the job's progress (workload.job), so a better forecast moves the plan. Rules, in order:
// 1. finished (job.finished, or ranMinutes >= durationMinutes): off.
// 2. latest start reached (now >= deadline − remaining): on, whatever the data says — this is what makes
//    every job finish by its deadline (as long as nothing of higher precedence keeps it off). While it is
//    off, `until` is never later than the latest start, so the next decision comes in time.
// 3. before earliestStart: off (the plan from earliestStart is shown).
// 4. running with no interruptions left: on (it may not be paused again).
// 5. forecast missing, stale or for another zone: keep the current state (a running job is never paused on
//    missing data; a waiting one waits, at the latest until rule 2).
// 6. otherwise plan: at most maxInterruptions − job.interruptions further pauses; on iff the plan runs now.
// `interruptions` counts pauses after the job first started (the job tracker increments it).
import type { Static } from '@sinclair/typebox';
import { carbonSnapshot, currentIntensity, forecastPoints, forecastStepMs } from './carbon';
import type { CarbonSignal } from '../signals/types';
import type { CarbonWindowSpec } from './spec-schemas';
import type { DecidePolicy } from './types';
import {
  type Evaluator,
  formatDuration,
  formatIntensity,
  holdOpinion,
  offOpinion,
  onOpinion,
} from './verdict';
import { type Plan, bestChunkedPlan, bestContiguousWindow, planningIntervals } from './window-planner';
import { HOUR_MS, MINUTE_MS, formatInstant, formatInstantShort, isoInstant } from './zoned-time';

type Spec = Static<typeof CarbonWindowSpec>;

const describeWindows = (plan: Plan, nowMs: number) => {
  const fmt = (ms: number) =>
    Math.abs(ms - nowMs) < 6 * 24 * HOUR_MS ? formatInstantShort(ms) : formatInstant(ms);
  const parts = plan.windows.slice(0, 2).map((w) => `${fmt(w.startMs)}–${fmt(w.endMs)}`);
  if (plan.windows.length > 2) parts.push(`+${plan.windows.length - 2} more`);
  return `${plan.windows.length > 1 ? `${plan.windows.length} chunks ` : ''}${parts.join(', ')} (mean ${formatIntensity(plan.meanGPerKwh)} g/kWh)`;
};

/** A plan with its JSON form and its description, computed once per plan. */
interface PlanView {
  plan: Plan;
  text: string;
  json: { windows: { from: string; to: string }[]; meanGPerKwh: number };
}

export function compileCarbonWindow(policy: DecidePolicy, spec: Spec): Evaluator {
  const durationMs = spec.durationMinutes * MINUTE_MS;
  const deadlineMs = Date.parse(spec.deadline);
  const earliestMs =
    spec.earliestStart === undefined ? Number.NEGATIVE_INFINITY : Date.parse(spec.earliestStart);
  const maxInterruptions = spec.maxInterruptions ?? 0;
  const label = `carbon-window ${policy.name}`;
  const deadlineText = formatInstant(deadlineMs);
  const deadlineIso = new Date(deadlineMs).toISOString();
  const finishedText = (ranMs: number) =>
    `job finished (${formatDuration(ranMs)} of ${formatDuration(durationMs)}; ${label})`;

  /** The JSON-safe inputs: the zone's carbon snapshot and the job's progress (+ plan or forced flag). */
  const snapshot = (
    signal: CarbonSignal | undefined,
    remainingMs: number,
    interruptions: number,
    plan?: PlanView['json'],
    forced?: boolean,
  ): Record<string, unknown> => {
    const progress: Record<string, unknown> = {
      remainingMinutes: Math.round((remainingMs / MINUTE_MS) * 100) / 100,
      deadline: deadlineIso,
      latestStart: isoInstant(deadlineMs - remainingMs),
      interruptions,
      maxInterruptions,
    };
    if (plan) progress.plan = plan;
    if (forced) progress.forced = true;
    return signal ? { carbon: carbonSnapshot(signal), carbonWindow: progress } : { carbonWindow: progress };
  };

  // Plans depend on the instant, the signal and the job's progress, not on which workload asks: reuse them
  // within a tick (many workloads may share one job spec).
  let memoNow = Number.NaN;
  let memo = new WeakMap<CarbonSignal, Map<string, PlanView | undefined>>();

  const plan = (
    signal: CarbonSignal,
    currentG: number | undefined,
    nowMs: number,
    remainingMs: number,
    running: boolean,
    pausesLeft: number,
  ): PlanView | undefined => {
    if (nowMs !== memoNow) {
      memo = new WeakMap();
      memoNow = nowMs;
    }
    let bySignal = memo.get(signal);
    if (!bySignal) {
      bySignal = new Map();
      memo.set(signal, bySignal);
    }
    const key = `${remainingMs}:${running}:${pausesLeft}:${currentG}`;
    if (bySignal.has(key)) return bySignal.get(key);
    const planStart = Math.max(nowMs, earliestMs);
    const intervals = planningIntervals(
      forecastPoints(signal),
      forecastStepMs(signal),
      planStart,
      deadlineMs,
      planStart === nowMs ? currentG : undefined,
    );
    let result: Plan | undefined;
    if (!running && pausesLeft === 0) {
      result = bestContiguousWindow(intervals, remainingMs, planStart, deadlineMs - remainingMs);
    } else if (!running) {
      result = bestChunkedPlan(intervals, remainingMs, pausesLeft + 1, 'any');
    } else {
      // Carry on now (the current run is free, pausesLeft more pauses), or pause now (pausesLeft − 1 more).
      const canCarryOn = intervals.length > 0 && intervals[0]!.startMs === nowMs;
      const carryOn = canCarryOn
        ? bestChunkedPlan(intervals, remainingMs, pausesLeft + 1, 'continue')
        : undefined;
      const pause = bestChunkedPlan(intervals, remainingMs, pausesLeft, 'skip');
      result = carryOn && (!pause || carryOn.meanGPerKwh <= pause.meanGPerKwh) ? carryOn : (pause ?? carryOn);
    }
    const view: PlanView | undefined = result && {
      plan: result,
      text: describeWindows(result, nowMs),
      json: {
        windows: result.windows.map((w) => ({
          from: new Date(w.startMs).toISOString(),
          to: new Date(w.endMs).toISOString(),
        })),
        meanGPerKwh: Math.round(result.meanGPerKwh * 100) / 100,
      },
    };
    bySignal.set(key, view);
    return view;
  };

  return ({ workload, signals, nowMs }) => {
    const job = workload.job ?? { ranMinutes: 0, interruptions: 0, finished: false };
    // Whole milliseconds, so a tracker adding up ms/60000 never leaves a sub-ms remainder that delays rule 2.
    const ranMs = Math.max(0, Math.round(job.ranMinutes * MINUTE_MS));
    const remainingMs = durationMs - ranMs;
    const running = workload.state.current === 'on';
    const latestStartMs = deadlineMs - remainingMs;
    const signal = signals.carbon;
    const interruptions = job.interruptions;

    if (job.finished || remainingMs <= 0) {
      return offOpinion(workload, finishedText(ranMs), nowMs + HOUR_MS, snapshot(signal, 0, interruptions));
    }
    const left = formatDuration(remainingMs);
    if (nowMs >= latestStartMs) {
      const why =
        nowMs >= deadlineMs
          ? `deadline ${deadlineText} has passed; running to finish (${left} left)`
          : `must run now to finish by the deadline ${deadlineText} (${left} left)`;
      return onOpinion(
        workload.replicasOn,
        `${why} (${label})`,
        nowMs + remainingMs,
        snapshot(signal, remainingMs, interruptions, undefined, true),
      );
    }
    const pausesLeft = Math.max(0, maxInterruptions - interruptions);
    const started = nowMs >= earliestMs;
    if (running && pausesLeft === 0 && started) {
      return onOpinion(
        workload.replicasOn,
        `job running, ${left} left; no interruptions left (max ${maxInterruptions}) (${label})`,
        nowMs + remainingMs,
        snapshot(signal, remainingMs, interruptions),
      );
    }
    let forecastProblem: string | undefined;
    if (!signal) forecastProblem = `no forecast for ${workload.zone}`;
    else if (signal.zone !== workload.zone)
      forecastProblem = `no forecast for ${workload.zone} (got ${signal.zone})`;
    else if (signal.forecastStatus !== 'fresh') {
      forecastProblem = `the forecast for ${workload.zone} is ${signal.forecastStatus}`;
    }
    if (forecastProblem !== undefined) {
      if (!started) {
        return offOpinion(
          workload,
          `job waits for its earliest start ${formatInstant(earliestMs)}; ${forecastProblem} (${label})`,
          Math.min(earliestMs, latestStartMs),
          snapshot(signal, remainingMs, interruptions),
        );
      }
      return holdOpinion(
        workload,
        `${forecastProblem}; ${running ? `${left} left` : `starts by ${formatInstant(latestStartMs)} at the latest`} (${label})`,
        running ? nowMs + remainingMs : Math.min(nowMs + HOUR_MS, latestStartMs),
        snapshot(signal, remainingMs, interruptions),
      );
    }
    const current = currentIntensity(signal, workload.zone);
    const currentG = 'problem' in current ? undefined : current.intensityGPerKwh;
    const view = plan(signal!, currentG, nowMs, remainingMs, running && started, pausesLeft);
    if (!view) {
      const why = `no ${left} window in the forecast before the deadline`;
      if (running && started) {
        return onOpinion(
          workload.replicasOn,
          `${why}; keeps running, ${left} left (${label})`,
          nowMs + remainingMs,
          snapshot(signal, remainingMs, interruptions),
        );
      }
      return offOpinion(
        workload,
        `${why}; starts by ${formatInstant(latestStartMs)} at the latest (${label})`,
        Math.min(Math.max(nowMs, earliestMs) + HOUR_MS, latestStartMs),
        snapshot(signal, remainingMs, interruptions),
      );
    }
    const first = view.plan.windows[0]!;
    if (first.startMs <= nowMs) {
      return onOpinion(
        workload.replicasOn,
        `job runs in its planned window ${view.text}; ${left} left, deadline ${deadlineText} (${label})`,
        Math.min(first.endMs, nowMs + remainingMs),
        snapshot(signal, remainingMs, interruptions, view.json),
      );
    }
    return offOpinion(
      workload,
      `job waits for its planned window ${view.text}; ${left} left, latest start ${formatInstant(latestStartMs)} (${label})`,
      Math.min(first.startMs, latestStartMs),
      snapshot(signal, remainingMs, interruptions, view.json),
    );
  };
}
