export { Reconciler } from './reconciler';
export type { ReconcilerOptions, ReconcileResult } from './reconciler';
export { ReconcileLoop } from './loop';
