// Kubernetes label selector syntax: "a=b,c!=d,e in (x,y),f notin (z),g,!h".
// Parsed once into requirements; matched in memory (policies) or compiled to a database filter (lists).

export type Requirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: 'doesnotexist' };

export type Selector = Requirement[];
export type Labels = Record<string, string>;

export class SelectorError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'SelectorError';
  }
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problem with a label key, or undefined when it is valid (Kubernetes rules: [prefix/]name). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix))) {
    return `label key "${key}" has an invalid prefix (a DNS subdomain of at most 253 characters)`;
  }
  if (!NAME.test(name)) {
    return `label key "${key}" must be 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

/** Problem with a label value, or undefined when it is valid. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || NAME.test(value)) return undefined;
  return `label value "${value}" must be at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
}

function checkKey(key: string): string {
  const problem = labelKeyProblem(key);
  if (problem) throw new SelectorError(problem);
  return key;
}

function checkValue(value: string): string {
  const problem = labelValueProblem(value);
  if (problem) throw new SelectorError(problem);
  return value;
}

/** Splits on commas that are not inside a parenthesised value set. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0) throw new SelectorError('unbalanced ")"');
    if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new SelectorError('unbalanced "("');
  terms.push(text.slice(start));
  return terms.map((t) => t.trim());
}

function parseTerm(term: string): Requirement {
  if (term === '') throw new SelectorError('empty requirement (stray comma?)');
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(set[1]!), op: set[2] as 'in' | 'notin', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const key = checkKey(cmp[1]!);
    const value = checkValue(cmp[3]!);
    return cmp[2] === '!=' ? { key, op: 'notin', values: [value] } : { key, op: 'in', values: [value] };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim()), op: 'doesnotexist' };
  if (/^\S+$/.test(term)) return { key: checkKey(term), op: 'exists' };
  throw new SelectorError(`cannot parse requirement "${term}"`);
}

/** Parses a selector string; the empty string selects everything. Throws SelectorError naming the problem. */
export function parseSelector(text: string): Selector {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return splitTerms(trimmed).map(parseTerm);
}

export function matches(selector: Selector, labels: Labels): boolean {
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]!);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]!);
    }
  });
}
