// When a stage's group-by can run inside the CSV row loop (csv/row-fold.ts): the group-by reads the scan
// directly (no filter or projection between them), by one int64 column, and every aggregate is len, a
// count, or a sum/mean/min/max of a float64 column. int64 sums and extremes keep their exact path, and
// other keys (text, dates, several columns, expressions) the general one.
import type { FoldPlan } from '../csv/row-fold.ts';
import type { ExprNode } from '../expr/ast.ts';
import type { StageSpec } from './protocol.ts';

export function foldPlan(stage: StageSpec): FoldPlan | undefined {
  const { csv, agg } = stage;
  if (!csv || !agg || stage.ops.length !== 0 || agg.keys.length !== 1) return undefined;
  if (csv.columns.some((c) => c.format !== undefined || (c.type !== 'int64' && c.type !== 'float64')))
    return undefined;
  const column = (e: ExprNode | undefined) =>
    e?.kind === 'col' ? csv.columns.findIndex((c) => c.name === e.name) : -1;
  const key = column(agg.keys[0]!.expr);
  if (key < 0 || csv.columns[key]!.type !== 'int64') return undefined;
  const aggs: FoldPlan['aggs'] = [];
  for (const a of agg.aggs) {
    if (a.fn === 'len') {
      aggs.push({ fn: 'len', col: -1 });
      continue;
    }
    const col = column(a.expr);
    if (col < 0 || (a.fn !== 'count' && csv.columns[col]!.type !== 'float64')) return undefined;
    aggs.push({ fn: a.fn, col });
  }
  return { key, aggs };
}
