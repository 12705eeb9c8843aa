export { parseSelector, matches, labelKeyProblem, labelValueProblem, SelectorError } from './selector';
export type { Selector, Requirement, Labels } from './selector';
export { selectorSql } from './sql';
