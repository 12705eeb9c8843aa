// decide(): the pure policy engine. Everything it needs is passed in — no I/O, no clock, no randomness — so
// a decision can be explained, property-tested and replayed over a year of history.
//
// PRECEDENCE (highest first; the first one with an opinion wins):
//   1. an active manual override (startsAt <= now < until; the latest-starting one if several)
//   2. always-on                 — protection: on at replicasOn, always
//   3. schedule                  — weekly windows, sleep/wake cron, holidays, absolute ranges
//   4. carbon-window             — deferrable jobs; before carbon-threshold so nothing below the schedule can
//                                  hold a job past its deadline
//   5. carbon-threshold          — replica caps and off above an intensity or a forecast percentile
//   6. idle                      — off after a quiet period
//   7. default                   — on at replicasOn
// Within one type: higher priority first, then name (code-point order), then id. Only enabled policies whose
// selector matches the workload's labels take part. A policy either has an opinion (on/off/replicas and a
// reason) or abstains (e.g. a schedule outside its off times, a threshold the grid is below); abstaining
// policies still bound `until`, so the engine looks again when they could start to matter.
//
// Every outcome: a one-line reason starting "on:" or "off:", `until` (the earliest edge of the override or any
// policy consulted, never later than now + 1 h), dryRun = the winning policy's dryRun (false for overrides and
// the default), and `signals`, a JSON-safe snapshot of the inputs the consulted policies used.
//
// Inputs are treated as immutable values: derived data is cached per CarbonSignal object and per compiled
// policy set and instant, so pass a new signal object when the data changes. Outcomes are read-only too:
// parts of `signals` are shared between the outcomes of one tick (e.g. a zone's carbon snapshot).
import { parseSelector, SelectorError, type Selector } from '../labels/selector';
import { compileCarbonThreshold } from './carbon-threshold';
import { compileCarbonWindow } from './carbon-window';
import { compileIdle } from './idle';
import { compileSchedule } from './schedule';
import type { PolicyTypeName } from './spec-schemas';
import type { DecideOverride, DecidePolicy, DecideSignals, DecideWorkload, DecisionOutcome } from './types';
import { policySpecProblems } from './validate-spec';
import { type EvalInput, type Evaluator, holdOpinion, onOpinion, type Verdict } from './verdict';
import { HOUR_MS, formatInstant, isoInstant } from './zoned-time';

/** The rank of each policy type in the precedence order (lower wins). */
export const PRECEDENCE: Readonly<Record<PolicyTypeName, number>> = Object.freeze({
  'always-on': 1,
  schedule: 2,
  'carbon-window': 3,
  'carbon-threshold': 4,
  idle: 5,
});

/** `until` is never later than this after now. */
export const MAX_UNTIL_MS = HOUR_MS;

export interface PolicyProblem {
  policyId: string;
  policyName: string;
  field: string;
  problem: string;
}

export interface CompiledPolicy {
  readonly policy: DecidePolicy;
  readonly ref: { id: string; name: string; type: PolicyTypeName };
  readonly rank: number;
  readonly selector: Selector;
  /** `matches(selector, labels)`, compiled to a loop without allocations. */
  readonly selects: (labels: Record<string, string>) => boolean;
  readonly evaluate: Evaluator;
}

const selectsAll = () => true;
const hasOwn = Object.prototype.hasOwnProperty;

/** The same answers as matches(selector, labels) from ../labels, without a closure per call. */
export function compileSelector(selector: Selector): (labels: Record<string, string>) => boolean {
  if (selector.length === 0) return selectsAll;
  const keys = selector.map((r) => r.key);
  // 0 exists, 1 does not exist, 2 in, 3 not in
  const ops = selector.map((r) => ['exists', 'doesnotexist', 'in', 'notin'].indexOf(r.op));
  const values = selector.map((r) => ('values' in r ? r.values : []));
  const n = selector.length;
  return (labels) => {
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const has = hasOwn.call(labels, key);
      switch (ops[i]) {
        case 0:
          if (!has) return false;
          break;
        case 1:
          if (has) return false;
          break;
        case 2:
          if (!has || !values[i]!.includes(labels[key]!)) return false;
          break;
        default:
          if (has && values[i]!.includes(labels[key]!)) return false;
      }
    }
    return true;
  };
}

/** Policies prepared once (selectors parsed, specs validated and compiled, precedence sorted) for many decides. */
export interface CompiledPolicies {
  readonly compiled: true;
  /** Enabled, usable policies in precedence order. */
  readonly policies: readonly CompiledPolicy[];
  /** Policies left out (bad selector) or neutralised (bad spec: they keep the current state). */
  readonly problems: readonly PolicyProblem[];
}

function evaluatorFor(policy: DecidePolicy): Evaluator {
  switch (policy.type) {
    case 'always-on': {
      const why = (policy.spec as { reason?: string } | null)?.reason;
      const text = `protected by always-on policy ${policy.name}${why ? ` (${oneLine(why)})` : ''}`;
      return ({ workload, nowMs }) => onOpinion(workload.replicasOn, text, nowMs + MAX_UNTIL_MS);
    }
    case 'schedule':
      return compileSchedule(policy, policy.spec as Parameters<typeof compileSchedule>[1]);
    case 'idle':
      return compileIdle(policy, policy.spec as Parameters<typeof compileIdle>[1]);
    case 'carbon-threshold':
      return compileCarbonThreshold(policy, policy.spec as Parameters<typeof compileCarbonThreshold>[1]);
    case 'carbon-window':
      return compileCarbonWindow(policy, policy.spec as Parameters<typeof compileCarbonWindow>[1]);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A policy that cannot be evaluated keeps every workload it selects as it is (never switches anything). */
const brokenEvaluator =
  (policy: DecidePolicy, problem: string): Evaluator =>
  ({ workload, nowMs }) =>
    holdOpinion(workload, `policy ${policy.name} is invalid (${problem})`, nowMs + MAX_UNTIL_MS);

const byPrecedence = (a: CompiledPolicy, b: CompiledPolicy) =>
  a.rank - b.rank ||
  b.policy.priority - a.policy.priority ||
  (a.policy.name < b.policy.name ? -1 : a.policy.name > b.policy.name ? 1 : 0) ||
  (a.policy.id < b.policy.id ? -1 : a.policy.id > b.policy.id ? 1 : 0);

export function compilePolicies(policies: readonly DecidePolicy[]): CompiledPolicies {
  const compiled: CompiledPolicy[] = [];
  const problems: PolicyProblem[] = [];
  for (const policy of policies) {
    if (!policy.enabled) continue;
    const note = (field: string, problem: string) =>
      problems.push({ policyId: policy.id, policyName: policy.name, field, problem });
    let selector: Selector;
    try {
      selector = parseSelector(policy.selector ?? '');
    } catch (err) {
      if (!(err instanceof SelectorError)) throw err;
      note('selector', `${err.message}; the policy is left out`);
      continue;
    }
    const rank = PRECEDENCE[policy.type];
    if (rank === undefined) {
      note('type', `unknown policy type "${String(policy.type)}"; the policy is left out`);
      continue;
    }
    let evaluate: Evaluator;
    const specProblems = policySpecProblems(policy.type, policy.spec);
    if (specProblems.length) {
      for (const p of specProblems) note(p.field, p.problem);
      evaluate = brokenEvaluator(policy, specProblems.map((p) => `${p.field} ${p.problem}`).join('; '));
    } else {
      try {
        evaluate = evaluatorFor(policy);
      } catch (err) {
        note('spec', (err as Error).message);
        evaluate = brokenEvaluator(policy, (err as Error).message);
      }
    }
    compiled.push({
      policy,
      ref: { id: policy.id, name: policy.name, type: policy.type },
      rank,
      selector,
      selects: compileSelector(selector),
      evaluate,
    });
  }
  compiled.sort(byPrecedence);
  return { compiled: true, policies: compiled, problems };
}

/**
 * What one workload should be doing at `now`, and why. `policies` may be a raw list (compiled on every call)
 * or the result of compilePolicies(), which a tick computes once and reuses for every workload.
 * `overrides` are the workload's own, not cancelled.
 */
export function decide(
  workload: DecideWorkload,
  policies: readonly DecidePolicy[] | CompiledPolicies,
  overrides: readonly DecideOverride[],
  signals: DecideSignals,
  now: Date,
): DecisionOutcome {
  const set = 'compiled' in policies ? policies : compilePolicies(policies);
  const nowMs = now.getTime();
  let untilMs = nowMs + MAX_UNTIL_MS;
  let override: DecideOverride | undefined;
  let overrideStart = 0;
  for (let i = 0; i < overrides.length; i++) {
    const o = overrides[i]!;
    const start = o.startsAt.getTime();
    if (start > nowMs) {
      if (start < untilMs) untilMs = start; // a future override: look again when it starts
    } else if (nowMs < o.until.getTime()) {
      // Active: the one that started last wins (then the greatest id).
      if (!override || start > overrideStart || (start === overrideStart && o.id > override.id)) {
        override = o;
        overrideStart = start;
      }
    }
  }
  if (override) return overrideOutcome(workload, override, nowMs, untilMs);

  const input: EvalInput = { workload, signals, nowMs };
  const labels = workload.labels;
  let notes: string[] | undefined;
  let snapshot: Record<string, unknown> | undefined;
  let shared = false; // snapshot is a verdict's own object, copy before merging into it
  let consulted = 0;
  const entries = set.policies;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!entry.selects(labels)) continue;
    consulted++;
    const verdict: Verdict = entry.evaluate(input);
    const edge = verdict.untilMs;
    if (edge !== undefined && edge > nowMs && edge < untilMs) untilMs = edge;
    if (verdict.signals) {
      if (!snapshot) {
        snapshot = verdict.signals;
        shared = true;
      } else {
        if (shared) snapshot = { ...snapshot };
        shared = false;
        Object.assign(snapshot, verdict.signals);
      }
    }
    if (verdict.kind === 'opinion') {
      return {
        desired: verdict.desired,
        replicas: verdict.replicas,
        reason: verdict.reason,
        policy: entry.ref,
        until: new Date(untilMs),
        dryRun: entry.policy.dryRun,
        signals: snapshot ?? {},
      };
    }
    if (verdict.note) (notes ??= []).push(verdict.note);
  }
  return {
    desired: 'on',
    replicas: workload.replicasOn,
    reason:
      consulted === 0
        ? 'on: no policy applies'
        : `on: no policy switches it off${notes ? ` (${notes.join('; ')})` : ''}`,
    until: new Date(untilMs),
    dryRun: false,
    signals: snapshot ?? {},
  };
}

function overrideOutcome(
  workload: DecideWorkload,
  override: DecideOverride,
  nowMs: number,
  untilMs: number,
): DecisionOutcome {
  const end = override.until.getTime();
  const replicas =
    override.replicas ?? (override.state === 'on' ? workload.replicasOn : workload.replicasOff);
  const why = override.reason ? ` — ${oneLine(override.reason)}` : '';
  return {
    desired: override.state,
    replicas,
    reason: `${override.state}: manual override by ${override.createdBy} until ${formatInstant(end)}${why}`,
    overrideId: override.id,
    until: new Date(end > nowMs && end < untilMs ? end : untilMs),
    dryRun: false,
    signals: {
      override: {
        id: override.id,
        state: override.state,
        startsAt: isoInstant(override.startsAt.getTime()),
        until: isoInstant(end),
      },
    },
  };
}
