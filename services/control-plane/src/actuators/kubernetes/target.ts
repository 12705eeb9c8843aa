// The `target` of a Kubernetes workload: which object, in which namespace, through which kubeconfig context.
import { ActuationError, type ActuatorWorkload } from '../types';

export const KUBERNETES_KINDS = ['k8s-deployment', 'k8s-statefulset', 'k8s-cronjob'] as const;
export type KubernetesKindName = (typeof KUBERNETES_KINDS)[number];

export interface KubernetesTarget {
  namespace: string;
  name: string;
  /** kubeconfig context; absent: the kubeconfig's current one. */
  context?: string;
}

/** The Kubernetes kind a workload kind drives. */
export const OBJECT_KIND: Record<KubernetesKindName, 'Deployment' | 'StatefulSet' | 'CronJob'> = {
  'k8s-deployment': 'Deployment',
  'k8s-statefulset': 'StatefulSet',
  'k8s-cronjob': 'CronJob',
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Checks a workload's kind and target; a bad one is a configuration error that no retry fixes. */
export function parseKubernetesTarget(workload: ActuatorWorkload): {
  kind: KubernetesKindName;
  target: KubernetesTarget;
} {
  const bad = (why: string) =>
    new ActuationError('invalid_target', `Kubernetes workload ${workload.name}: ${why}`, false);
  if (!(KUBERNETES_KINDS as readonly string[]).includes(workload.kind)) {
    throw bad(`kind ${workload.kind} is not one of ${KUBERNETES_KINDS.join(', ')}`);
  }
  const t = workload.target;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw bad('target must be an object');
  const { namespace, name, context } = t as Record<string, unknown>;
  if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    throw bad(`target.namespace must be a DNS label, not ${JSON.stringify(namespace)}`);
  }
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw bad(`target.name must be a DNS subdomain name, not ${JSON.stringify(name)}`);
  }
  if (context !== undefined && (typeof context !== 'string' || context === '')) {
    throw bad('target.context must be a kubeconfig context name');
  }
  return {
    kind: workload.kind as KubernetesKindName,
    target: context === undefined ? { namespace, name } : { namespace, name, context: context as string },
  };
}
