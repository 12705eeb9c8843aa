// From an optimised logical plan to a pipeline: a source, then segments. Row-wise operators are fused into
// parallel stages (one worker task per morsel runs all of them); a stage ends where order matters: before
// an operator that reads a cumSum not yet fixed up, and at a limit. A groupBy ends the pipeline (its
// partial aggregation runs in the last stage); whatever comes after it runs as a new pipeline over its
// result.
import type { DataType, Field, Schema } from '../morsel/types.ts';
import { columnsOf, outputName, type ExprNode } from '../expr/ast.ts';
import type { CsvLayout } from '../csv/reader.ts';
import type { ParseSpec } from '../csv/parse.ts';
import { isSource, type PlanNode } from '../plan/logical.ts';
import { schemaOf, type SourceSchemas } from '../plan/schema.ts';
import type { AggSpec, OpSpec, StageSpec } from './protocol.ts';
import { scanDates } from './scan-dates.ts';

export type Segment =
  | { kind: 'parallel'; stage: StageSpec; priority: 'high' | 'low' }
  /** Adds, per cumSum, the sum of all earlier morsels to the named columns (in stream order). */
  | { kind: 'fixup'; cols: { name: string; cum: number }[] }
  | { kind: 'limit'; n: number };

export type PhysicalSource =
  | { kind: 'csv'; layout: CsvLayout; parse: ParseSpec }
  | { kind: 'memory'; node: Extract<PlanNode, { op: 'memory' }> };

export interface Pipeline {
  source: PhysicalSource;
  segments: Segment[];
  /** Set when the pipeline ends in a groupBy: the final stage's agg spec and the output types. */
  agg?: { spec: AggSpec; keyTypes: DataType[]; aggTypes: DataType[] };
  /** Nodes above the groupBy, to run over its result. */
  after: PlanNode[];
  schema: Schema;
}

let aggCounter = 0;

export function buildPipeline(
  plan: PlanNode,
  sources: SourceSchemas,
  layouts: Map<PlanNode, CsvLayout>,
): Pipeline {
  const chain: PlanNode[] = [];
  let p = plan;
  while (!isSource(p)) {
    chain.unshift(p);
    p = p.input;
  }
  const src = p;
  const full = sources.get(src)!;
  const projection = src.projection ?? full.map((f) => f.name);
  const needed = new Set([...projection, ...(src.predicate ? columnsOf(src.predicate) : [])]);
  const parseFields = full.filter((f) => needed.has(f.name));

  const segments: Segment[] = [];
  let ops: OpSpec[] = [];
  let pending = new Map<string, number>();
  let cums = 0;
  let first = true;
  let source: PhysicalSource;
  let csv: ParseSpec | undefined;
  if (src.op === 'scanCsv') {
    const layout = layouts.get(src)!;
    const dates = scanDates(chain[0], parseFields, src.predicate !== undefined);
    if (dates.formats.size) chain[0] = dates.first;
    csv = {
      fieldCount: layout.fields.length,
      names: layout.fields.map((f) => f.name),
      columns: parseFields.map((f) => {
        const format = dates.formats.get(f.name);
        const c = { index: layout.fields.indexOf(f), name: f.name, type: f.type };
        return format === undefined ? c : { ...c, type: 'date' as const, format };
      }),
      delimiter: layout.options.delimiter,
      quote: layout.options.quote,
    };
    source = { kind: 'csv', layout, parse: csv };
  } else {
    source = { kind: 'memory', node: src };
  }
  if (src.predicate) ops.push({ op: 'filter', predicate: src.predicate });
  if (parseFields.length !== projection.length || src.op === 'memory')
    ops.push({
      op: 'project',
      append: false,
      exprs: projection.map((n) => ({ name: n, expr: { kind: 'col', name: n } })),
    });

  const flush = () => {
    if (ops.length || (first && csv)) {
      segments.push({
        kind: 'parallel',
        stage: { csv: first ? csv : undefined, ops },
        priority: first ? 'low' : 'high',
      });
      first = false;
    }
    if (pending.size)
      segments.push({ kind: 'fixup', cols: [...pending].map(([name, cum]) => ({ name, cum })) });
    ops = [];
    pending = new Map();
    cums = 0;
  };
  const readsPending = (e: ExprNode) => [...columnsOf(e)].some((c) => pending.has(c));

  for (let i = 0; i < chain.length; i++) {
    const node = chain[i]!;
    switch (node.op) {
      case 'filter':
        if (readsPending(node.predicate)) flush();
        ops.push({ op: 'filter', predicate: node.predicate });
        break;
      case 'select':
      case 'withColumns': {
        const classify = () =>
          node.exprs.map((e) => {
            const inner = e.kind === 'alias' ? e.expr : e;
            if (inner.kind === 'cumSum') return readsPending(inner.expr) ? 'barrier' : 'cum';
            if (inner.kind === 'col' && pending.has(inner.name)) return 'copy';
            return readsPending(e) ? 'barrier' : 'plain';
          });
        let kinds = classify();
        if (kinds.includes('barrier')) {
          flush();
          kinds = classify();
        }
        const next = node.op === 'withColumns' ? new Map(pending) : new Map<string, number>();
        node.exprs.forEach((e, j) => {
          const name = outputName(e);
          const inner = e.kind === 'alias' ? e.expr : e;
          if (kinds[j] === 'cum') next.set(name, cums++);
          else if (kinds[j] === 'copy') next.set(name, pending.get((inner as { name: string }).name)!);
          else next.delete(name);
        });
        ops.push({
          op: 'project',
          append: node.op === 'withColumns',
          exprs: node.exprs.map((e) => ({ name: outputName(e), expr: e })),
        });
        pending = next;
        break;
      }
      case 'limit':
        flush();
        segments.push({ kind: 'limit', n: node.n });
        break;
      case 'groupBy': {
        if ([...node.keys, ...node.aggs].some(readsPending)) flush();
        const spec: AggSpec = {
          key: `agg-${process.pid}-${++aggCounter}-${Math.random().toString(36).slice(2)}`,
          keys: node.keys.map((k) => ({ name: outputName(k), expr: k })),
          aggs: node.aggs.map((a) => {
            const inner = a.kind === 'alias' ? a.expr : a;
            if (inner.kind === 'len') return { name: outputName(a), fn: 'len' as const };
            const ag = inner as Extract<ExprNode, { kind: 'agg' }>;
            return { name: outputName(a), fn: ag.fn, expr: ag.expr };
          }),
        };
        const out = schemaOf(node, sources);
        const stage: StageSpec = { csv: first ? csv : undefined, ops, agg: spec };
        segments.push({ kind: 'parallel', stage, priority: first ? 'low' : 'high' });
        return {
          source,
          segments,
          agg: {
            spec,
            keyTypes: out.slice(0, node.keys.length).map((f: Field) => f.type),
            aggTypes: out.slice(node.keys.length).map((f: Field) => f.type),
          },
          after: chain.slice(i + 1),
          schema: schemaOf(plan, sources),
        };
      }
    }
  }
  flush();
  return { source, segments, after: [], schema: schemaOf(plan, sources) };
}
