// Logical rewrites: (1) nested cumSums become hidden columns, so the executor only meets top-level ones;
// (2) predicates move down towards (and into) the scan; (3) only the columns some node reads are parsed.
// Nothing moves across an order-dependent node (cumSum, limit) or a groupBy, which would change results.
import type { Schema } from '../morsel/types.ts';
import { columnsOf, contains, mapChildren, outputName, type ExprNode } from '../expr/ast.ts';
import { isSource, type PlanNode } from './logical.ts';
import { schemaOf, type SourceSchemas } from './schema.ts';

const hasCum = (e: ExprNode) => contains(e, (x) => x.kind === 'cumSum');
const isTopCum = (e: ExprNode) => e.kind === 'cumSum' || (e.kind === 'alias' && e.expr.kind === 'cumSum');

export function optimize(p: PlanNode, sources: SourceSchemas): PlanNode {
  let out = hoistCumSums(p, sources, { n: 0 });
  out = pushPredicates(out);
  out = pushProjection(out, undefined);
  return out;
}

function withInput(p: PlanNode, input: PlanNode): PlanNode {
  return { ...(p as Extract<PlanNode, { input: PlanNode }>), input };
}

function hoistCumSums(p: PlanNode, sources: SourceSchemas, counter: { n: number }): PlanNode {
  if (isSource(p)) return p;
  const input = hoistCumSums(p.input, sources, counter);
  const node = withInput(p, input);
  if (node.op !== 'select' && node.op !== 'withColumns' && node.op !== 'filter') return node;
  const hidden: ExprNode[] = [];
  const rewrite = (e: ExprNode): ExprNode => {
    if (e.kind === 'cumSum') {
      const name = `__cum${counter.n++}`;
      hidden.push({ kind: 'alias', name, expr: { ...e, expr: rewrite(e.expr) } });
      return { kind: 'col', name };
    }
    return mapChildren(e, rewrite);
  };
  const top = (e: ExprNode): ExprNode => {
    if (isTopCum(e) && node.op !== 'filter') {
      const inner = e.kind === 'alias' ? e.expr : e;
      if (inner.kind !== 'cumSum') return e;
      const fixed = { ...inner, expr: rewrite(inner.expr) };
      return e.kind === 'alias' ? { ...e, expr: fixed } : fixed;
    }
    return rewrite(e);
  };
  const outSchema: Schema = schemaOf(node, sources);
  if (node.op === 'filter') {
    const pred = top(node.predicate);
    if (!hidden.length) return node;
    return select(
      { op: 'filter', predicate: pred, input: { op: 'withColumns', input, exprs: hidden } },
      outSchema,
    );
  }
  const exprs = node.exprs.map((e) => {
    const r = top(e);
    // keep the output name the user would have got before the rewrite
    return r !== e && outputName(r) !== outputName(e)
      ? { kind: 'alias' as const, name: outputName(e), expr: r }
      : r;
  });
  if (!hidden.length) return node;
  const inner: PlanNode = { ...node, exprs, input: { op: 'withColumns', input, exprs: hidden } };
  return node.op === 'select' ? inner : select(inner, outSchema);
}

function select(input: PlanNode, schema: Schema): PlanNode {
  return { op: 'select', input, exprs: schema.map((f) => ({ kind: 'col', name: f.name })) };
}

function and(a: ExprNode | undefined, b: ExprNode): ExprNode {
  return a ? { kind: 'binary', op: 'and', left: a, right: b } : b;
}

function pushPredicates(p: PlanNode): PlanNode {
  if (isSource(p)) return p;
  const input = pushPredicates(p.input);
  if (p.op !== 'filter') return withInput(p, input);
  return pushInto(input, p.predicate);
}

/** Places `pred` as low as it can go above/into `p` (already optimised). */
function pushInto(p: PlanNode, pred: ExprNode): PlanNode {
  const used = columnsOf(pred);
  if (isSource(p)) return { ...p, predicate: and(p.predicate, pred) };
  if (p.op === 'filter') return pushInto(p.input, and(p.predicate, pred));
  if (p.op === 'withColumns' && !p.exprs.some(hasCum)) {
    const defined = new Set(p.exprs.map(outputName));
    if (![...used].some((c) => defined.has(c))) return { ...p, input: pushInto(p.input, pred) };
  }
  if (p.op === 'select' && !p.exprs.some(hasCum)) {
    const plain = new Set(p.exprs.filter((e) => e.kind === 'col').map((e) => (e as { name: string }).name));
    if ([...used].every((c) => plain.has(c))) return { ...p, input: pushInto(p.input, pred) };
  }
  return { op: 'filter', input: p, predicate: pred };
}

/** `required`: the output columns some parent reads (undefined: all of them). */
function pushProjection(p: PlanNode, required: Set<string> | undefined): PlanNode {
  switch (p.op) {
    case 'scanCsv':
    case 'memory':
      return required ? { ...p, projection: [...required] } : p;
    case 'limit':
      return { ...p, input: pushProjection(p.input, required) };
    case 'filter': {
      const need = required ? new Set([...required, ...columnsOf(p.predicate)]) : undefined;
      return { ...p, input: pushProjection(p.input, need) };
    }
    case 'select': {
      const need = new Set<string>();
      for (const e of p.exprs) columnsOf(e, need);
      return { ...p, input: pushProjection(p.input, need) };
    }
    case 'groupBy': {
      const need = new Set<string>();
      for (const e of [...p.keys, ...p.aggs]) columnsOf(e, need);
      return { ...p, input: pushProjection(p.input, need) };
    }
    case 'withColumns': {
      const exprs = required ? p.exprs.filter((e) => required.has(outputName(e))) : p.exprs;
      let need: Set<string> | undefined;
      if (required) {
        const defined = new Set(exprs.map(outputName));
        need = new Set([...required].filter((c) => !defined.has(c)));
        for (const e of exprs) columnsOf(e, need);
      }
      const input = pushProjection(p.input, need);
      return exprs.length ? { ...p, exprs, input } : input;
    }
  }
}
