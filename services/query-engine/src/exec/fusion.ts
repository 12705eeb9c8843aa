// Which part of a stage runs inside the CSV row loop: a group-by folded into it (fold.ts, csv/row-fold.ts)
// or its filters and projections compiled into it (fuse-ops.ts). Decided in one place for the worker
// (stage.ts) and for explain() (describe.ts), and cached: a worker asks for every chunk.
import type { RowSink } from '../csv/row-sink.ts';
import { foldSink, type FoldPlan } from '../csv/row-fold.ts';
import { foldPlan } from './fold.ts';
import { fuseOps, type FusedOps } from './fuse-ops.ts';
import type { StageSpec } from './protocol.ts';

export type Fusion = { kind: 'fold'; plan: FoldPlan; sink: RowSink } | { kind: 'ops'; ops: FusedOps };

const cache = new Map<string, Fusion | null>();

export function fusionOf(stage: StageSpec): Fusion | undefined {
  if (!stage.csv || stage.noFuse) return undefined;
  const key = JSON.stringify([stage.csv.columns, stage.ops, stage.agg?.keys, stage.agg?.aggs]);
  let f = cache.get(key);
  if (f === undefined) cache.set(key, (f = decide(stage) ?? null));
  return f ?? undefined;
}

function decide(stage: StageSpec): Fusion | undefined {
  if (stage.agg) {
    const plan = foldPlan(stage);
    return plan && { kind: 'fold', plan, sink: foldSink(plan) };
  }
  if (stage.ops.length === 0) return undefined;
  const ops = fuseOps(stage.csv!, stage.ops);
  return ops && { kind: 'ops', ops };
}
