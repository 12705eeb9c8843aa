export { createMetrics } from './registry';
export type { Metrics } from './registry';
export { createControlLoopMetrics } from './control-loop';
export type { ControlLoopMetrics } from './control-loop';
