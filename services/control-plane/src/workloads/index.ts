export { WORKLOAD_KINDS, TARGET_SCHEMAS } from './kinds';
export type { WorkloadKindName } from './kinds';
export { WorkloadSpec, WorkloadUpdate, Workload } from './schemas';
export { workloadProblems, labelProblems } from './validate';
export { workloadToApi, workloadToData, toDbEnum, fromDbEnum } from './mapping';
