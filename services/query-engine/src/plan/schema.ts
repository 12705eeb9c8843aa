// Output schemas of plan nodes, with the query's type errors raised here, before anything runs.
import type { Field, Schema } from '../morsel/types.ts';
import { QueryError } from '../expr/errors.ts';
import { concreteType, inferType } from '../expr/infer.ts';
import { contains, exprToString, outputName, type ExprNode } from '../expr/ast.ts';
import type { PlanNode } from './logical.ts';

/** Schemas of the sources (a CSV's comes from reading its header), looked up by node. */
export type SourceSchemas = Map<PlanNode, Schema>;

const isAgg = (e: ExprNode) => e.kind === 'agg' || e.kind === 'len';

export function schemaOf(p: PlanNode, sources: SourceSchemas): Schema {
  switch (p.op) {
    case 'scanCsv':
    case 'memory': {
      const full = sources.get(p);
      if (!full) throw new Error('internal: source schema not resolved');
      let s: Field[] = [...full];
      if (p.projection) s = p.projection.map((n) => full.find((f) => f.name === n)!);
      if (p.predicate) checkPredicate(p.predicate, full, 'filter');
      return s;
    }
    case 'select':
    case 'withColumns': {
      const input = schemaOf(p.input, sources);
      const out: Field[] = p.op === 'withColumns' ? [...input] : [];
      const names = new Set<string>();
      for (const e of p.exprs) {
        if (contains(e, isAgg))
          throw new QueryError(`${p.op}: aggregate ${exprToString(e)} is only allowed in groupBy().agg()`);
        const f = { name: outputName(e), type: concreteType(inferType(e, input, p.op)) };
        if (names.has(f.name))
          throw new QueryError(
            `${p.op}: duplicate output column ${JSON.stringify(f.name)}; use .alias() to rename`,
          );
        names.add(f.name);
        const k = out.findIndex((x) => x.name === f.name);
        if (k >= 0) out[k] = f;
        else out.push(f);
      }
      return out;
    }
    case 'filter': {
      const input = schemaOf(p.input, sources);
      checkPredicate(p.predicate, input, 'filter');
      return input;
    }
    case 'limit':
      if (!Number.isInteger(p.n) || p.n < 0)
        throw new QueryError(`limit needs a non-negative integer, got ${p.n}`);
      return schemaOf(p.input, sources);
    case 'groupBy': {
      const input = schemaOf(p.input, sources);
      const out: Field[] = [];
      for (const k of p.keys) {
        if (contains(k, isAgg)) throw new QueryError(`groupBy key ${exprToString(k)} cannot be an aggregate`);
        if (contains(k, (e) => e.kind === 'cumSum'))
          throw new QueryError(`groupBy key ${exprToString(k)} cannot use cumSum`);
        out.push({ name: outputName(k), type: concreteType(inferType(k, input, 'groupBy key')) });
      }
      for (const a of p.aggs) {
        const inner = a.kind === 'alias' ? a.expr : a;
        if (!isAgg(inner))
          throw new QueryError(
            `agg: ${exprToString(a)} must be an aggregate (sum, count, mean, min, max or len())`,
          );
        if (inner.kind === 'agg' && contains(inner.expr, isAgg))
          throw new QueryError(`agg: nested aggregate in ${exprToString(a)}`);
        if (contains(a, (e) => e.kind === 'cumSum'))
          throw new QueryError(`agg: cumSum inside ${exprToString(a)} is not supported`);
        out.push({ name: outputName(a), type: concreteType(inferType(a, input, 'agg')) });
      }
      const seen = new Set<string>();
      for (const f of out) {
        if (seen.has(f.name))
          throw new QueryError(
            `groupBy: duplicate output column ${JSON.stringify(f.name)}; use .alias() to rename`,
          );
        seen.add(f.name);
      }
      return out;
    }
  }
}

function checkPredicate(e: ExprNode, schema: Schema, where: string): void {
  if (contains(e, isAgg))
    throw new QueryError(`${where}: aggregate ${exprToString(e)} is not allowed in a filter`);
  const t = inferType(e, schema, where);
  if (t !== 'bool' && t !== 'null')
    throw new QueryError(`${where}: predicate ${exprToString(e)} is ${t}, not bool`);
}
