// The pipeline as text, for explain(): what runs where, and which stages the row loop fuses, so that a
// query's speed can be read from its plan.
import { exprToString } from '../expr/ast.ts';
import type { Pipeline, Segment } from './physical.ts';
import type { StageSpec } from './protocol.ts';
import { fusionOf } from './fusion.ts';

function stageText(stage: StageSpec): string {
  const parts: string[] = [];
  if (stage.csv)
    parts.push(`parse ${stage.csv.columns.map((c) => `${c.name}:${c.type}`).join(', ') || '(no columns)'}`);
  for (const op of stage.ops)
    parts.push(
      op.op === 'filter'
        ? `filter ${exprToString(op.predicate)}`
        : `${op.append ? 'withColumns' : 'select'} ${op.exprs.map((e) => `${e.name} = ${exprToString(e.expr)}`).join(', ')}`,
    );
  const fusion = fusionOf(stage);
  if (stage.agg) {
    const aggs = stage.agg.aggs.map((a) => (a.expr ? `${a.fn}(${exprToString(a.expr)})` : a.fn)).join(', ');
    const keys = stage.agg.keys.map((k) => k.name).join(', ');
    parts.push(
      `partial groupBy [${keys}]: ${aggs}${fusion?.kind === 'fold' ? ' (fused into the CSV row loop)' : ''}`,
    );
  }
  return parts.join(' -> ') + (fusion?.kind === 'ops' ? ' (compiled into the CSV row loop)' : '');
}

function segmentText(s: Segment): string {
  switch (s.kind) {
    case 'parallel':
      return `parallel (${s.priority} priority): ${stageText(s.stage)}`;
    case 'fixup':
      return `ordered cumSum fix-up: ${s.cols.map((c) => c.name).join(', ')}`;
    case 'limit':
      return `limit ${s.n}`;
  }
}

export function describePipeline(pl: Pipeline): string {
  const src =
    pl.source.kind === 'csv'
      ? `source: CSV ${pl.source.layout.path} (byte ranges read on the main thread)`
      : `source: in memory`;
  const lines = ['pipeline:', `  ${src}`, ...pl.segments.map((s) => `  ${segmentText(s)}`)];
  if (pl.agg) lines.push(`  merge of the workers' partial groupBy states`);
  if (pl.after.length)
    lines.push(`  then, over the groupBy's result: ${pl.after.map((n) => n.op).join(', ')}`);
  return lines.join('\n');
}
