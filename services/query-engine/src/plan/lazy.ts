// The builder API (Polars-like). Building a query does no work; collect() / stream() resolve the sources'
// schemas, type-check the whole plan, optimise it and run it.
import type { DataType, Field, Morsel, Schema } from '../morsel/types.ts';
import { concatMorsels } from '../morsel/columns.ts';
import { columnToArray, morselRows, type Value } from '../morsel/rows.ts';
import { Expr, col, type ExprLike, toNode } from '../expr/builder.ts';
import type { ExprNode } from '../expr/ast.ts';
import { QueryError } from '../expr/errors.ts';
import { readLayout, type CsvLayout } from '../csv/reader.ts';
import type { CsvOptions } from '../csv/options.ts';
import { buildPipeline } from '../exec/physical.ts';
import { describePipeline } from '../exec/describe.ts';
import { runPipeline, startWorkers, type ExecOptions } from '../exec/run.ts';
import { isSource, planToString, type PlanNode, type SourceNode } from './logical.ts';
import { schemaOf, type SourceSchemas } from './schema.ts';
import { optimize } from './optimize.ts';
import { ArrowData, boundArrow, type ArrowBindings, type ArrowInput } from './arrow-input.ts';

const PLAN_VERSION = 1;

export class DataFrame {
  constructor(
    readonly schema: Schema,
    readonly length: number,
    /** One per schema field. */
    readonly columns: Morsel['columns'],
  ) {}

  static fromMorsels(schema: Schema, morsels: Morsel[]): DataFrame {
    const m = concatMorsels(schema, morsels);
    return new DataFrame(schema, m.length, m.columns);
  }

  column(name: string): Value[] {
    const j = this.schema.findIndex((f) => f.name === name);
    if (j < 0) throw new QueryError(`no column ${JSON.stringify(name)}`);
    return columnToArray(this.columns[j]!);
  }

  toRows(): Record<string, Value>[] {
    return morselRows({ seq: 0, length: this.length, schema: this.schema, columns: this.columns });
  }

  toMorsel(): Morsel {
    return { seq: 0, length: this.length, schema: this.schema, columns: this.columns };
  }
}

export class LazyFrame {
  constructor(
    readonly plan: PlanNode,
    /** Not part of the plan: JSON cannot carry it. */
    readonly arrow: ArrowBindings = new Map(),
  ) {}

  private then(node: PlanNode): LazyFrame {
    return new LazyFrame(node, this.arrow);
  }

  select(...exprs: (Expr | string)[]): LazyFrame {
    return this.then({ op: 'select', input: this.plan, exprs: exprs.map(asExpr) });
  }

  withColumns(...exprs: Expr[]): LazyFrame {
    return this.then({ op: 'withColumns', input: this.plan, exprs: exprs.map(asExpr) });
  }

  filter(predicate: Expr): LazyFrame {
    return this.then({ op: 'filter', input: this.plan, predicate: predicate.node });
  }

  groupBy(...keys: (Expr | string)[]): { agg: (...aggs: Expr[]) => LazyFrame } {
    return {
      agg: (...aggs: Expr[]) =>
        this.then({ op: 'groupBy', input: this.plan, keys: keys.map(asExpr), aggs: aggs.map(asExpr) }),
    };
  }

  /** Aggregates over all rows: one output row. */
  agg(...aggs: Expr[]): LazyFrame {
    return this.then({ op: 'groupBy', input: this.plan, keys: [], aggs: aggs.map(asExpr) });
  }

  limit(n: number): LazyFrame {
    return this.then({ op: 'limit', input: this.plan, n });
  }

  /**
   * The plan as JSON. A fromArrow() source appears as a named placeholder (`{ op: 'memory', arrow: name }`)
   * without its data: fromJSON(json, { arrow: { [name]: data } }) binds it again.
   */
  toJSON(): { version: number; plan: PlanNode } {
    return { version: PLAN_VERSION, plan: this.plan };
  }

  static fromJSON(
    json: string | { version: number; plan: PlanNode },
    bind: { arrow?: Record<string, ArrowInput> } = {},
  ): LazyFrame {
    const j = typeof json === 'string' ? (JSON.parse(json) as { version: number; plan: PlanNode }) : json;
    if (j.version !== PLAN_VERSION) throw new QueryError(`unsupported plan version ${j.version}`);
    const arrow = new Map(Object.entries(bind.arrow ?? {}).map(([k, v]) => [k, new ArrowData(k, v)]));
    return new LazyFrame(j.plan, arrow);
  }

  /** The output schema (reads CSV headers); throws the query's errors without running it. */
  async schema(): Promise<Schema> {
    const { sources } = await resolveSources(this.plan, this.arrow);
    return schemaOf(this.plan, sources);
  }

  /** The optimised plan and the pipeline that would run it (stages, fusions), as text. */
  async explain(): Promise<string> {
    const { sources, layouts } = await resolveSources(this.plan, this.arrow);
    schemaOf(this.plan, sources);
    const optimised = optimize(this.plan, sources);
    const remap = remapSources(optimised, sources, layouts);
    const pl = buildPipeline(optimised, remap.sources, remap.layouts);
    return `${planToString(optimised)}\n${describePipeline(pl)}`;
  }

  /** The result's morsels in order; stopping early cancels the query. */
  async *stream(opts: ExecOptions = {}): AsyncGenerator<Morsel> {
    startWorkers(opts);
    const { sources, layouts } = await resolveSources(this.plan, this.arrow);
    schemaOf(this.plan, sources);
    const optimised = optimize(this.plan, sources);
    // optimisation keeps source nodes by identity only when untouched: re-resolve by walking
    const remap = remapSources(optimised, sources, layouts);
    const pl = buildPipeline(optimised, remap.sources, remap.layouts);
    if (pl.after.length === 0) {
      yield* runPipeline(pl, opts, this.arrow);
      return;
    }
    const parts: Morsel[] = [];
    for await (const m of runPipeline(pl, opts, this.arrow)) parts.push(m);
    const agg = DataFrame.fromMorsels(parts[0]?.schema ?? [], parts);
    let rest: PlanNode = memoryNode(agg.schema, agg.columns.map(columnToArray));
    for (const node of pl.after) rest = { ...(node as Extract<PlanNode, { input: PlanNode }>), input: rest };
    yield* new LazyFrame(rest).stream(opts);
  }

  async collect(opts: ExecOptions = {}): Promise<DataFrame> {
    const parts: Morsel[] = [];
    let schema: Schema | undefined;
    for await (const m of this.stream(opts)) {
      schema ??= m.schema;
      parts.push(m);
    }
    return DataFrame.fromMorsels(schema ?? [], parts);
  }
}

function asExpr(e: Expr | string | ExprLike): ExprNode {
  return typeof e === 'string' ? col(e).node : toNode(e);
}

function memoryNode(schema: Schema, columns: Value[][]): PlanNode {
  return {
    op: 'memory',
    schema: schema.map((f) => ({ ...f })),
    columns: columns.map((c) => c.map((v) => (typeof v === 'bigint' ? v.toString() : v))),
  };
}

function sourceOf(p: PlanNode): SourceNode {
  while (!isSource(p)) p = p.input;
  return p;
}

async function resolveSources(
  plan: PlanNode,
  arrow: ArrowBindings,
): Promise<{ sources: SourceSchemas; layouts: Map<PlanNode, CsvLayout> }> {
  const src = sourceOf(plan);
  const sources: SourceSchemas = new Map();
  const layouts = new Map<PlanNode, CsvLayout>();
  if (src.op === 'scanCsv') {
    const layout = await readLayout(src.path, src.options);
    sources.set(src, layout.fields);
    layouts.set(src, layout);
  } else if (src.arrow !== undefined) {
    sources.set(src, await boundArrow(src.arrow, arrow).schema());
  } else {
    sources.set(src, src.schema);
  }
  return { sources, layouts };
}

function remapSources(
  plan: PlanNode,
  sources: SourceSchemas,
  layouts: Map<PlanNode, CsvLayout>,
): { sources: SourceSchemas; layouts: Map<PlanNode, CsvLayout> } {
  const src = sourceOf(plan);
  const schema = [...sources.values()][0]!;
  const layout = [...layouts.values()][0];
  const s: SourceSchemas = new Map([[src, schema]]);
  const l = new Map<PlanNode, CsvLayout>();
  if (layout) l.set(src, layout);
  return { sources: s, layouts: l };
}

export function scanCsv(path: string, options: CsvOptions = {}): LazyFrame {
  return new LazyFrame({ op: 'scanCsv', path, options });
}

/**
 * An in-memory source. `schema` gives types; without it they are inferred from the values (number ->
 * int64 when all are integers else float64, boolean -> bool, string -> utf8).
 */
export function fromColumns(
  data: Record<string, readonly Value[]>,
  schema?: Record<string, DataType>,
): LazyFrame {
  const names = Object.keys(data);
  const n = data[names[0] ?? '']?.length ?? 0;
  for (const k of names)
    if (data[k]!.length !== n)
      throw new QueryError(
        `fromColumns: column ${JSON.stringify(k)} has ${data[k]!.length} values, expected ${n}`,
      );
  const fields: Field[] = names.map((name) => ({
    name,
    type: schema?.[name] ?? inferValuesType(data[name]!),
  }));
  return new LazyFrame(
    memoryNode(
      fields,
      names.map((k) => [...data[k]!]),
    ),
  );
}

let arrowSources = 0;

/**
 * A source over Arrow data: a Table, RecordBatches (an iterable or async iterable, e.g. a
 * RecordBatchReader) or IPC bytes (file or stream format). Columns convert to morsels without per-row
 * values, zero-copy where the layouts agree, and only the columns the query reads. `name` is what the
 * plan's JSON calls the source (default: arrow-1, arrow-2, …).
 */
export function fromArrow(source: ArrowInput, options: { name?: string } = {}): LazyFrame {
  const name = options.name ?? `arrow-${++arrowSources}`;
  const node: PlanNode = { op: 'memory', schema: [], columns: [], arrow: name };
  return new LazyFrame(node, new Map([[name, new ArrowData(name, source)]]));
}

function inferValuesType(vs: readonly Value[]): DataType {
  const present = vs.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'utf8';
  if (present.every((v) => typeof v === 'boolean')) return 'bool';
  if (present.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))))
    return 'int64';
  if (present.every((v) => typeof v === 'number')) return 'float64';
  if (present.every((v) => typeof v === 'string')) return 'utf8';
  throw new QueryError('fromColumns: a column mixes value kinds; pass a schema');
}

export { Expr };
