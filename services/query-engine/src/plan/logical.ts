// The logical plan: a tree of plain JSON nodes (serialisable as is). Every node has one input except the
// sources; the optimizer rewrites it, the physical planner turns it into a pipeline.
import type { DataType, Field } from '../morsel/types.ts';
import type { ExprNode } from '../expr/ast.ts';
import type { CsvOptions } from '../csv/options.ts';
import type { Value } from '../morsel/rows.ts';

export type PlanNode =
  | {
      op: 'scanCsv';
      path: string;
      options: CsvOptions;
      /** Set by the optimizer: the file columns to parse (others are skipped unparsed). */
      projection?: string[];
      /** Set by the optimizer: rows to keep, evaluated right after parsing, in the same task. */
      predicate?: ExprNode;
    }
  | {
      op: 'memory';
      schema: Field[];
      /** Column-major values (dates as 'YYYY-MM-DD', int64 beyond 2^53 as decimal strings). */
      columns: Value[][];
      /**
       * Set for fromArrow(): the data is the Arrow source bound to this name (the LazyFrame holds it; JSON
       * carries only the name, and LazyFrame.fromJSON binds it again). `schema` and `columns` stay empty.
       */
      arrow?: string;
      projection?: string[];
      predicate?: ExprNode;
    }
  | { op: 'select'; input: PlanNode; exprs: ExprNode[] }
  | { op: 'withColumns'; input: PlanNode; exprs: ExprNode[] }
  | { op: 'filter'; input: PlanNode; predicate: ExprNode }
  | { op: 'groupBy'; input: PlanNode; keys: ExprNode[]; aggs: ExprNode[] }
  | { op: 'limit'; input: PlanNode; n: number };

export type SourceNode = Extract<PlanNode, { op: 'scanCsv' | 'memory' }>;

export function isSource(p: PlanNode): p is SourceNode {
  return p.op === 'scanCsv' || p.op === 'memory';
}

export function planToString(p: PlanNode, indent = ''): string {
  const { input, ...rest } = p as PlanNode & { input?: PlanNode };
  const line = `${indent}${p.op} ${JSON.stringify(rest)}`;
  return input ? `${line}\n${planToString(input, indent + '  ')}` : line;
}

export type { DataType };
