export { OverrideCreate, OverrideUpdate, OverrideListQuery, Override } from './schemas';
export { overrideToApi, overrideProblems, isActive } from './mapping';
export type { OverrideWithWorkload } from './mapping';
