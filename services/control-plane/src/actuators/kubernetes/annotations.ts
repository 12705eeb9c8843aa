// The names LightSwitch writes on (and reads from) Kubernetes objects, and the template fingerprint that tells
// whether someone changed a workload while it slept.
import { createHash } from 'node:crypto';

/** Annotations on a Deployment or StatefulSet that LightSwitch put to sleep; all are removed on wake. */
export const SLEEP_ANNOTATIONS = {
  /** spec.replicas just before LightSwitch scaled it down: what waking restores. */
  replicasBeforeSleep: 'lightswitch.io/replicas-before-sleep',
  /** The replicas LightSwitch scaled it to (normally 0): anything else on wake means someone else scaled it. */
  replicasAsleep: 'lightswitch.io/replicas-asleep',
  /** sha256 of spec.template as it was when put to sleep: a different one on wake means a new rollout. */
  templateHash: 'lightswitch.io/template-hash',
  /** When it was put to sleep (ISO 8601), for people reading the object. */
  sleptAt: 'lightswitch.io/slept-at',
} as const;

/** On a CronJob LightSwitch suspended: its spec.suspend before that ("true"/"false"), restored on wake. */
export const SUSPEND_BEFORE_SLEEP = 'lightswitch.io/suspend-before-sleep';

/** KEDA's own annotation: while present, KEDA keeps the target at this many replicas and stops scaling it. */
export const KEDA_PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';
/** Ours, next to KEDA's: says the pause is LightSwitch's, so waking never lifts a pause an operator set. */
export const KEDA_PAUSED_BY_US = 'lightswitch.io/paused-keda';

/** Discovery: objects with this label are LightSwitch workloads (the default selector). */
export const ENABLED_LABEL = 'lightswitch.io/enabled';
/** Discovery: set on workloads that discovery created; only those are ever updated by it. */
export const DISCOVERED_LABEL = 'lightswitch.io/discovered';
/** Discovery: annotations read from the Kubernetes object. */
export const DISCOVERY_ANNOTATIONS = {
  workloadName: 'lightswitch.io/workload-name',
  zone: 'lightswitch.io/zone',
  vcpu: 'lightswitch.io/vcpu',
  memoryGb: 'lightswitch.io/memory-gb',
} as const;

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Fingerprint of a pod template. It is computed from the object as the client library reads it, both when
 * sleeping and when waking, so fields the API server defaulted are in both and compare equal.
 */
export function templateHash(template: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(template ?? null))
    .digest('hex');
}
