// The activator (wake on request): a reverse proxy in front of workloads with a target.upstream. Requests for
// a running workload are forwarded at once; a sleeping one is woken through the ordinary decision path while
// its requests wait in a bounded queue; every request is demand for the idle policy.
export { startActivator } from './activator';
export type { StartActivatorOptions, RunningActivator } from './activator';
export { loadActivatorConfig, ACTIVATOR_ENV_VARIABLES } from './config';
export type { ActivatorConfig } from './config';
export { createActivatorMetrics } from './metrics';
export type { ActivatorMetrics, RequestPath, WakeOutcome } from './metrics';
export { recordDemand, DemandCounter, ACTIVATOR_DEMAND_SOURCE } from './demand';
export type { DemandRow, TakenDemand } from './demand';
export { COLD_START_HEADER, WAKE_MS_HEADER } from './headers';
export { writeWakeIntent } from './intent';
export type { WakeIntent, WakeIntentInput, WakeRefusal } from './intent';
export type { RefusalCode } from './wake';
