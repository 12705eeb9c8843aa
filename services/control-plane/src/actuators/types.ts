// The third layer's hands: an actuator observes a workload's real state and drives it towards a desired one.
// The reconciler (issue 4) calls them; each kind of workload has one.

export type ObservedStateName = 'on' | 'off' | 'scaled' | 'unknown';

/** What an actuator saw (or left behind after acting). */
export interface Observation {
  state: ObservedStateName;
  /** Replicas running, when the kind has replicas (1/0 for a process or a webhook target). */
  replicas: number | null;
  /** Something the operator should know, e.g. "changed by someone else while asleep: left alone". */
  note?: string;
}

/** The workload as an actuator needs it (a Prisma Workload row fits). */
export interface ActuatorWorkload {
  id: string;
  name: string;
  /** Hyphenated kind, as in the API: k8s-deployment, process, webhook, ... */
  kind: string;
  target: unknown;
  replicasOn: number;
  replicasOff: number;
  /** Replicas running before the last switch-off, as the control plane remembered them (null: none). */
  rememberedReplicas?: number | null;
}

export interface Desired {
  state: 'on' | 'off';
  replicas: number;
  /** The decision being carried out: a stable idempotency key across retries and control-plane restarts. */
  decisionId?: string;
}

export interface Actuator {
  /** The workload kinds it handles. */
  readonly kinds: readonly string[];
  /**
   * Whether the reconciler should put a workload back when it drifts from its desired state with no
   * decision of ours (a process that crashed, one never started). Kubernetes objects have their own
   * controllers and owners, so a Kubernetes actuator leaves drift to them.
   */
  readonly restoresDrift?: boolean;
  observe(workload: ActuatorWorkload): Promise<Observation>;
  /** Makes it so. Idempotent: applying what already holds changes nothing and succeeds. */
  apply(workload: ActuatorWorkload, desired: Desired): Promise<Observation>;
}

/** A failed actuation: what went wrong, and whether trying again later can help. */
export class ActuationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ActuationError';
  }
}
