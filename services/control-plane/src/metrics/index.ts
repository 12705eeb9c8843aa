export { createMetrics } from './registry';
export type { Metrics } from './registry';
