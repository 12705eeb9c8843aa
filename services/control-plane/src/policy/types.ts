// Inputs and output of the pure decide() — no I/O, no clock reads, no randomness: everything is passed in.
import type { CarbonSignal, DemandSignal } from '../signals/types';
import type { PolicyTypeName } from './spec-schemas';

export type PowerStateName = 'on' | 'off';

export interface DecideWorkload {
  id: string;
  name: string;
  labels: Record<string, string>;
  zone: string;
  replicasOn: number;
  replicasOff: number;
  createdAt: Date;
  /**
   * The state the control plane last decided for it, and since when (dwell times, hysteresis). `since` is
   * when `current` last changed between on and off (a replica change alone does not move it).
   */
  state: { current: PowerStateName; replicas: number; since: Date };
  /**
   * Progress of a carbon-window job, when a carbon-window policy governs it: minutes run so far (fractions
   * allowed), how many times it was paused after it first started, and whether it has completed.
   */
  job?: { ranMinutes: number; interruptions: number; finished: boolean };
  /** What switching it off has saved so far, for the human-readable reason. */
  avoidedEnergyKwh?: number;
}

export interface DecidePolicy {
  id: string;
  name: string;
  type: PolicyTypeName;
  spec: unknown;
  selector: string;
  priority: number;
  enabled: boolean;
  dryRun: boolean;
}

export interface DecideOverride {
  id: string;
  state: PowerStateName;
  replicas: number | null;
  startsAt: Date;
  until: Date;
  createdBy: string;
  reason: string;
}

export interface DecideSignals {
  carbon: CarbonSignal;
  demand: DemandSignal;
}

export interface DecisionOutcome {
  desired: PowerStateName;
  replicas: number;
  /** One line a person understands, e.g. "off: weekend window Fri 19:00–Mon 07:00 Europe/London". */
  reason: string;
  /** The policy that won; absent when an override or the default (on) decided. */
  policy?: { id: string; name: string; type: PolicyTypeName };
  overrideId?: string;
  /** When decide() should be consulted again at the latest (a window edge, an override's end, ...). */
  until: Date;
  /** The winning policy is in dry-run: record, do not act. */
  dryRun: boolean;
  /** The inputs that mattered, stored with the Decision for explainability and replay. */
  signals: Record<string, unknown>;
}
