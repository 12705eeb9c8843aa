// What one policy says about one workload at one instant, and small helpers the policy evaluators share.
import type { DecideSignals, DecideWorkload, PowerStateName } from './types';

/** The policy wants this state (it may still lose to a policy of higher precedence). */
export interface Opinion {
  kind: 'opinion';
  desired: PowerStateName;
  replicas: number;
  /** One line, starting "on:" or "off:". */
  reason: string;
  /** When this opinion may change (a window edge, a dwell time running out, ...). */
  untilMs?: number;
  /** JSON-safe inputs that mattered, merged into DecisionOutcome.signals. */
  signals?: Record<string, unknown>;
}

/** The policy has nothing to say now; it may have from untilMs on. */
export interface Abstention {
  kind: 'abstain';
  untilMs?: number;
  /** Why it abstains, for the default decision's reason ("carbon 120 g/kWh is below 300"). */
  note?: string;
  signals?: Record<string, unknown>;
}

export type Verdict = Opinion | Abstention;

export interface EvalInput {
  workload: DecideWorkload;
  signals: DecideSignals;
  nowMs: number;
}

export type Evaluator = (input: EvalInput) => Verdict;

/** "; avoided 1.8 kWh so far" when the workload has avoided something, else "". */
export function avoidedSuffix(workload: DecideWorkload): string {
  const kwh = workload.avoidedEnergyKwh;
  if (kwh === undefined || !Number.isFinite(kwh) || kwh <= 0) return '';
  const text = kwh >= 10 ? kwh.toFixed(0) : kwh >= 0.1 ? kwh.toFixed(1) : kwh.toPrecision(1);
  return `; avoided ${text} kWh so far`;
}

export function offOpinion(
  workload: DecideWorkload,
  reason: string,
  untilMs: number | undefined,
  signals?: Record<string, unknown>,
): Opinion {
  return {
    kind: 'opinion',
    desired: 'off',
    replicas: workload.replicasOff,
    reason: `off: ${reason}${avoidedSuffix(workload)}`,
    untilMs,
    signals,
  };
}

export function onOpinion(
  replicas: number,
  reason: string,
  untilMs: number | undefined,
  signals?: Record<string, unknown>,
): Opinion {
  return { kind: 'opinion', desired: 'on', replicas, reason: `on: ${reason}`, untilMs, signals };
}

/** Keep whatever the workload is doing now (missing or stale data, a dwell time, a broken policy). */
export function holdOpinion(
  workload: DecideWorkload,
  why: string,
  untilMs: number | undefined,
  signals?: Record<string, unknown>,
): Opinion {
  const { current, replicas } = workload.state;
  const suffix = current === 'off' ? avoidedSuffix(workload) : '';
  return {
    kind: 'opinion',
    desired: current,
    replicas,
    reason: `${current}: keeping the current state — ${why}${suffix}`,
    untilMs,
    signals,
  };
}

/** "45 min", "3 h 10 min", "2 d 4 h" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Rounds a g/kWh figure for a reason: "412", "98.5". */
export function formatIntensity(g: number): string {
  return Math.abs(g) >= 100 ? g.toFixed(0) : String(Math.round(g * 10) / 10);
}
