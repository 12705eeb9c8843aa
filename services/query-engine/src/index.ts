// Public face of the query engine: a lazy, Polars-like API over a streaming, morsel-driven executor.
export type { DataType, Field, Schema, Column, Morsel } from './morsel/types.ts';
export { DEFAULT_MORSEL_ROWS } from './morsel/types.ts';
export { transferList, concatMorsels } from './morsel/columns.ts';
export { morselRows, morselFromRows, columnToArray, type Value } from './morsel/rows.ts';
export { Expr, col, lit, len } from './expr/builder.ts';
export type { ExprNode } from './expr/ast.ts';
export { QueryError, DataError } from './expr/errors.ts';
export { CsvError } from './csv/errors.ts';
export type { CsvOptions } from './csv/options.ts';
export { LazyFrame, DataFrame, scanCsv, fromColumns, fromArrow } from './plan/lazy.ts';
export type { ArrowInput } from './plan/arrow-input.ts';
export type { PlanNode } from './plan/logical.ts';
export type { ExecOptions } from './exec/run.ts';
export { WorkerCrash, shutdownPools } from './exec/pool.ts';
