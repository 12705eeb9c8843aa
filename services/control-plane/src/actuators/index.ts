export { ActuationError } from './types';
export type { Actuator, ActuatorWorkload, Desired, Observation, ObservedStateName } from './types';
export {
  WebhookActuator,
  verifyWebhookSignature,
  signWebhookPayload,
  parseWebhookTarget,
  WEBHOOK_HEADERS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  MAX_RETRY_AFTER_MS,
} from './webhook';
export type {
  WebhookTarget,
  WebhookPayload,
  WebhookAction,
  WebhookActuatorOptions,
  VerifyWebhookSignatureInput,
} from './webhook';
export { ProcessActuator, processDir, parseProcessTarget } from './process';
export type { ProcessActuatorOptions, ProcessTarget, ProcessHealthCheck, ProcessRecord } from './process';
export {
  KubernetesActuator,
  loadKubernetesSettings,
  kubeConfigFrom,
  kubeNamespace,
  KubernetesConfigError,
  parseKubernetesTarget,
  discoverKubernetesWorkloads,
  syncDiscoveredWorkloads,
  holdKubernetesLease,
  KUBERNETES_KINDS,
  SLEEP_ANNOTATIONS,
  SUSPEND_BEFORE_SLEEP,
  DISCOVERED_LABEL,
  DISCOVERY_ANNOTATIONS,
  DEFAULT_DISCOVERY_SELECTOR,
  DEFAULT_LEASE_NAME,
  DiscoveryLoop,
  loadDiscoverySettings,
} from './kubernetes';
export type {
  KubernetesActuatorOptions,
  KubernetesSettings,
  KubernetesTarget,
  DiscoveryOptions,
  DiscoveryResult,
  SyncResult,
  KubernetesLeaseOptions,
  DiscoverySettings,
} from './kubernetes';
