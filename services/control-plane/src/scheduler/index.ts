export { runTick } from './tick';
export type { TickDeps, TickResult, SignalSource } from './tick';
export { Scheduler } from './scheduler';
export type { SchedulerOptions } from './scheduler';
export { loadTickInputs } from './load-inputs';
