export { POLICY_TYPES, SPEC_SCHEMAS } from './spec-schemas';
export type { PolicyTypeName } from './spec-schemas';
export { policySpecProblems, timezoneProblem, cronProblem } from './validate-spec';
export { PolicySpec, PolicyUpdate, Policy } from './schemas';
export { policyToApi, policyToData, policyProblems } from './mapping';
