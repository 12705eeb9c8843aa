// What crosses between the main thread and a worker: plain data only (structured clone + transfer).
import type { Morsel } from '../morsel/types.ts';
import type { ExprNode } from '../expr/ast.ts';
import type { ParseSpec } from '../csv/parse.ts';
import type { CsvErrorInfo } from '../csv/errors.ts';

/** A row-wise operation inside a stage (fused: one task runs all of a stage's ops on one morsel). */
export type OpSpec =
  | { op: 'filter'; predicate: ExprNode }
  /** `append`: withColumns (replace same-named, add new); otherwise the output is exactly `exprs`. */
  | { op: 'project'; exprs: { name: string; expr: ExprNode }[]; append: boolean };

export interface AggSpec {
  /** Identifies the per-worker state of one groupBy in one pipeline run. */
  key: string;
  keys: { name: string; expr: ExprNode }[];
  aggs: { name: string; fn: 'sum' | 'count' | 'mean' | 'min' | 'max' | 'len'; expr?: ExprNode }[];
}

export interface StageSpec {
  /** Parse CSV bytes first (the scan's parallel half). */
  csv?: ParseSpec;
  ops: OpSpec[];
  /** Accumulate into the worker's partial aggregation instead of returning a morsel. */
  agg?: AggSpec;
  /** Run every operator column at a time, even where the row loop could (ExecOptions.fuse false). */
  noFuse?: boolean;
}

export type StageInput =
  { kind: 'csv'; bytes: Uint8Array; byteOffset: number; seq: number } | { kind: 'morsel'; morsel: Morsel };

export interface StageOutput {
  morsel?: Morsel;
  /** Local totals of the stage's cumSums, in evaluation order (bigint for an int64 sum beyond 2^53). */
  cumTotals: (number | bigint)[];
}

export type Task =
  | { kind: 'stage'; stage: StageSpec; input: StageInput }
  | { kind: 'aggFinish'; key: string }
  | { kind: 'aggDrop'; key: string }
  /** Test hook: makes the worker thread die. */
  | { kind: 'crash' };

export interface TaskRequest {
  id: number;
  task: Task;
}

export interface WireError {
  name: string;
  message: string;
  csv?: CsvErrorInfo;
}

export type TaskResponse =
  | {
      id: number;
      ok: true;
      result: unknown;
      /** The CSV chunk's buffer, parsed and no longer needed: the reader fills it again. */
      recycle?: ArrayBuffer;
    }
  | { id: number; ok: false; error: WireError };
