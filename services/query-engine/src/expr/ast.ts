// Expressions as plain JSON: the plan is shipped to worker threads and across services as JSON, so the
// tree itself must be data, not closures.
import type { DataType } from '../morsel/types.ts';

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type BoolOp = 'and' | 'or';
export type DatePart = 'weekday' | 'day' | 'month' | 'year';
export type AggFn = 'sum' | 'count' | 'mean' | 'min' | 'max';

export type ExprNode =
  | { kind: 'col'; name: string }
  | { kind: 'lit'; value: number | string | boolean | null; type?: DataType }
  | { kind: 'binary'; op: ArithOp | CmpOp | BoolOp; left: ExprNode; right: ExprNode }
  | { kind: 'not'; expr: ExprNode }
  | { kind: 'isNull'; expr: ExprNode; negated: boolean }
  | { kind: 'cast'; expr: ExprNode; to: DataType }
  | { kind: 'toDate'; expr: ExprNode; format: string }
  | { kind: 'datePart'; part: DatePart; expr: ExprNode }
  | { kind: 'cumSum'; expr: ExprNode }
  | { kind: 'agg'; fn: AggFn; expr: ExprNode }
  /** count(*): rows per group, nulls included. */
  | { kind: 'len' }
  | { kind: 'alias'; expr: ExprNode; name: string };

export function children(e: ExprNode): ExprNode[] {
  switch (e.kind) {
    case 'col':
    case 'lit':
    case 'len':
      return [];
    case 'binary':
      return [e.left, e.right];
    default:
      return [e.expr];
  }
}

export function mapChildren(e: ExprNode, f: (c: ExprNode) => ExprNode): ExprNode {
  switch (e.kind) {
    case 'col':
    case 'lit':
    case 'len':
      return e;
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    default:
      return { ...e, expr: f(e.expr) };
  }
}

export function columnsOf(e: ExprNode, out = new Set<string>()): Set<string> {
  if (e.kind === 'col') out.add(e.name);
  for (const c of children(e)) columnsOf(c, out);
  return out;
}

export function contains(e: ExprNode, pred: (e: ExprNode) => boolean): boolean {
  return pred(e) || children(e).some((c) => contains(c, pred));
}

/** The output name: an alias, else the first column the expression reads (Polars' rule), else 'literal'. */
export function outputName(e: ExprNode): string {
  if (e.kind === 'alias') return e.name;
  if (e.kind === 'col') return e.name;
  if (e.kind === 'len') return 'len';
  for (const c of children(e)) {
    const n = outputName(c);
    if (n !== 'literal') return n;
  }
  return 'literal';
}

export function exprToString(e: ExprNode): string {
  switch (e.kind) {
    case 'col':
      return `col(${JSON.stringify(e.name)})`;
    case 'lit':
      return `lit(${JSON.stringify(e.value)})`;
    case 'binary':
      return `(${exprToString(e.left)} ${e.op} ${exprToString(e.right)})`;
    case 'not':
      return `not(${exprToString(e.expr)})`;
    case 'isNull':
      return `${exprToString(e.expr)}.${e.negated ? 'isNotNull' : 'isNull'}()`;
    case 'cast':
      return `${exprToString(e.expr)}.cast(${e.to})`;
    case 'toDate':
      return `${exprToString(e.expr)}.str.toDate(${JSON.stringify(e.format)})`;
    case 'datePart':
      return `${exprToString(e.expr)}.dt.${e.part}()`;
    case 'cumSum':
      return `${exprToString(e.expr)}.cumSum()`;
    case 'agg':
      return `${exprToString(e.expr)}.${e.fn}()`;
    case 'len':
      return 'len()';
    case 'alias':
      return `${exprToString(e.expr)}.alias(${JSON.stringify(e.name)})`;
  }
}
