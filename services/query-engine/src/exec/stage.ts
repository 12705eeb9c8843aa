// One stage applied to one morsel: parse (if CSV) -> ops -> optionally partial aggregation. The same code
// runs in a worker thread or, with workers: 0, inline on the main thread.
import type { Column, Field, Morsel } from '../morsel/types.ts';
import { gather } from '../morsel/columns.ts';
import { evaluateColumn, selection } from '../expr/eval.ts';
import { parseCsvChunk, parseCsvChunkInto } from '../csv/parse.ts';
import type { OpSpec, StageInput, StageOutput, StageSpec } from './protocol.ts';
import { GroupState } from './groupby.ts';
import { FusedOutput } from './fuse-ops.ts';
import { fusionOf } from './fusion.ts';

export function applyOps(m: Morsel, ops: OpSpec[], cumTotals: (number | bigint)[]): Morsel {
  const ctx = { onCumTotal: (t: number | bigint) => cumTotals.push(t) };
  for (const op of ops) {
    if (op.op === 'filter') {
      const pred = evaluateColumn(op.predicate, m, ctx);
      const { idx, count } = selection(pred);
      if (count === m.length) continue;
      m = { ...m, length: count, columns: m.columns.map((c) => gather(c, idx, count)) };
    } else {
      const computed: Column[] = op.exprs.map((e) => evaluateColumn(e.expr, m, ctx));
      if (!op.append) {
        m = {
          ...m,
          schema: op.exprs.map((e, j) => ({ name: e.name, type: computed[j]!.type })),
          columns: computed,
        };
      } else {
        const schema: Field[] = [...m.schema];
        const columns = [...m.columns];
        op.exprs.forEach((e, j) => {
          const k = schema.findIndex((f) => f.name === e.name);
          const f = { name: e.name, type: computed[j]!.type };
          if (k >= 0) {
            schema[k] = f;
            columns[k] = computed[j]!;
          } else {
            schema.push(f);
            columns.push(computed[j]!);
          }
        });
        m = { ...m, schema, columns };
      }
    }
  }
  return m;
}

const groupStates = new Map<string, GroupState>();
/** Rows a fused stage produced from its last chunk, by stage. */
const outputSizes = new WeakMap<object, number>();

function stateFor(agg: NonNullable<StageSpec['agg']>): GroupState {
  let st = groupStates.get(agg.key);
  if (!st) groupStates.set(agg.key, (st = new GroupState(agg)));
  return st;
}

export function runStage(spec: StageSpec, input: StageInput): StageOutput {
  const fusion = input.kind === 'csv' ? fusionOf(spec) : undefined;
  if (fusion && input.kind === 'csv') {
    if (fusion.kind === 'ops') {
      // sized from the previous chunk's output: growing by doubling left up to three dead arrays per chunk,
      // garbage that raised the worker's peak memory with the length of the run
      const out = new FusedOutput(fusion.ops.outputs, outputSizes.get(fusion.ops) ?? 4096);
      parseCsvChunkInto(input.bytes, spec.csv!, input.byteOffset, fusion.ops.sink, out);
      outputSizes.set(fusion.ops, Math.max(1024, Math.ceil(out.rows * 1.125)));
      return { morsel: out.morsel(input.seq), cumTotals: out.cumTotals };
    }
    const target = stateFor(spec.agg!).foldTarget(spec.csv!.columns[fusion.plan.key]!.type);
    parseCsvChunkInto(input.bytes, spec.csv!, input.byteOffset, fusion.sink, target);
    return { cumTotals: [] };
  }
  const m =
    input.kind === 'csv' ? parseCsvChunk(input.bytes, spec.csv!, input.byteOffset, input.seq) : input.morsel;
  const cumTotals: (number | bigint)[] = [];
  const out = applyOps(m, spec.ops, cumTotals);
  if (spec.agg) {
    stateFor(spec.agg).update(out);
    return { cumTotals };
  }
  return { morsel: out, cumTotals };
}

/** The worker's partial aggregation for `key`, as a morsel of partial states; the state is dropped. */
export function finishAgg(key: string): Morsel | undefined {
  const st = groupStates.get(key);
  groupStates.delete(key);
  return st?.partial();
}

export function dropAgg(key: string): void {
  groupStates.delete(key);
}
