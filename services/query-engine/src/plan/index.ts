export * from './logical.ts';
export { schemaOf } from './schema.ts';
export { optimize } from './optimize.ts';
export { LazyFrame, DataFrame, scanCsv, fromColumns, fromArrow } from './lazy.ts';
export type { ArrowInput } from './arrow-input.ts';
