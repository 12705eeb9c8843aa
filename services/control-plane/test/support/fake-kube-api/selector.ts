// Label selectors as the API server reads them: "a=b,c!=d,e in (x,y),f notin (z),g,!h". The fake has its
// own parser rather than the control plane's, so a bug there cannot hide itself here.
import { StatusError } from './store';

type Requirement = (labels: Record<string, string>) => boolean;

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function requirement(term: string): Requirement {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = list!.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => key! in l && values.includes(l[key!]!)
      : (l) => !(key! in l) || !values.includes(l[key!]!);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? (l) => l[key!] !== value : (l) => l[key!] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) {
    const [, not, key] = m;
    return not ? (l) => !(key! in l) : (l) => key! in l;
  }
  throw new StatusError(400, 'BadRequest', `unable to parse requirement: ${JSON.stringify(term)}`);
}

/** A predicate over an object's labels; an unparsable selector is a 400, as on a real API server. */
export function labelSelector(text: string): (labels: Record<string, string>) => boolean {
  const requirements = splitTerms(text).map(requirement);
  return (labels) => requirements.every((r) => r(labels));
}
