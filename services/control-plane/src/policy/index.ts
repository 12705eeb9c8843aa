export { POLICY_TYPES, SPEC_SCHEMAS } from './spec-schemas';
export type { PolicyTypeName } from './spec-schemas';
export { policySpecProblems, timezoneProblem, cronProblem } from './validate-spec';
export { PolicySpec, PolicyUpdate, Policy } from './schemas';
export { policyToApi, policyToData, policyProblems, policyRowToDecide } from './mapping';
export { decide, compilePolicies, PRECEDENCE, MAX_UNTIL_MS } from './decide';
export type { CompiledPolicies, CompiledPolicy, PolicyProblem } from './decide';
export type {
  DecideWorkload,
  DecidePolicy,
  DecideOverride,
  DecideSignals,
  DecisionOutcome,
  PowerStateName,
} from './types';
