// The Kubernetes actuator's public face: the actuator, its configuration, discovery, and Lease-based leader
// election.
export { KubernetesActuator } from './actuator';
export type { KubernetesActuatorOptions } from './actuator';
export {
  loadKubernetesSettings,
  kubeConfigFrom,
  kubeNamespace,
  KubernetesConfigError,
  KUBECONFIG_ENV,
  KUBE_CONTEXT_ENV,
} from './config';
export type { KubernetesSettings } from './config';
export { DEFAULT_REQUEST_TIMEOUT_MS } from './clients';
export { parseKubernetesTarget, KUBERNETES_KINDS } from './target';
export type { KubernetesTarget, KubernetesKindName } from './target';
export {
  SLEEP_ANNOTATIONS,
  SUSPEND_BEFORE_SLEEP,
  KEDA_PAUSED_REPLICAS,
  KEDA_PAUSED_BY_US,
  ENABLED_LABEL,
  DISCOVERED_LABEL,
  DISCOVERY_ANNOTATIONS,
  templateHash,
} from './annotations';
export {
  discoverKubernetesWorkloads,
  syncDiscoveredWorkloads,
  DEFAULT_DISCOVERY_SELECTOR,
} from './discovery';
export type { DiscoveryOptions, DiscoveryResult, SyncResult } from './discovery';
export { holdKubernetesLease, DEFAULT_LEASE_NAME } from './lease';
export { KUBERNETES_PERMISSIONS } from './permissions';
export type { KubernetesPermission } from './permissions';
export type { KubernetesLeaseOptions } from './lease';
export { DiscoveryLoop, loadDiscoverySettings } from './discovery-loop';
export type { DiscoverySettings, DiscoveryLog } from './discovery-loop';
