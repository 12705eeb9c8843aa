// Parsing dates in the scan: when the first thing a plan does with a text column is `str.toDate(fmt)`,
// the CSV parser reads the column as a date with that format while it scans the bytes, instead of
// copying the text into a string column for the kernel to parse again. The answer is the same, and a
// value that does not parse fails with the kernel's message plus the file, line and column.
//
// Only the first node after the scan is rewritten, and only when the scan has no predicate: a filter
// that ran earlier could have removed the row with the bad date, and parsing it in the scan would then
// fail a query that succeeds without the rewrite.
import type { Field } from '../morsel/types.ts';
import { children, mapChildren, outputName, type ExprNode } from '../expr/ast.ts';
import { checkDateFormat } from '../morsel/date-format.ts';
import type { PlanNode } from '../plan/logical.ts';

export interface ScanDates {
  /** Field name -> the format the scan parses it with. */
  formats: Map<string, string>;
  /** The first node with those `str.toDate`s replaced by the column itself. */
  first: PlanNode;
}

interface Uses {
  formats: Set<string>;
  bare: number;
}

function collectUses(e: ExprNode, name: string, uses: Uses): void {
  if (e.kind === 'toDate' && e.expr.kind === 'col' && e.expr.name === name) {
    uses.formats.add(e.format);
    return;
  }
  if (e.kind === 'col' && e.name === name) uses.bare++;
  for (const c of children(e)) collectUses(c, name, uses);
}

function stripToDate(e: ExprNode, name: string): ExprNode {
  if (e.kind === 'toDate' && e.expr.kind === 'col' && e.expr.name === name) return e.expr;
  return mapChildren(e, (c) => stripToDate(c, name));
}

export function scanDates(first: PlanNode | undefined, fields: Field[], hasPredicate: boolean): ScanDates {
  const formats = new Map<string, string>();
  if (first === undefined || hasPredicate || (first.op !== 'select' && first.op !== 'withColumns'))
    return { formats, first: first! };
  let node = first;
  for (const f of fields) {
    if (f.type !== 'utf8') continue;
    const uses: Uses = { formats: new Set(), bare: 0 };
    for (const e of node.exprs) collectUses(e, f.name, uses);
    if (uses.bare > 0 || uses.formats.size !== 1) continue;
    const format = [...uses.formats][0]!;
    // a bad format is reported by the kernel, as it is without the rewrite
    if (checkDateFormat(format) !== undefined) continue;
    // after withColumns the text column would still be visible downstream unless an output replaces it
    if (node.op === 'withColumns' && !node.exprs.some((e) => outputName(e) === f.name)) continue;
    formats.set(f.name, format);
    node = { ...node, exprs: node.exprs.map((e) => stripToDate(e, f.name)) };
  }
  return { formats, first: node };
}
