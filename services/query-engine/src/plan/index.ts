export * from './logical.ts';
export { schemaOf } from './schema.ts';
export { optimize } from './optimize.ts';
export { LazyFrame, DataFrame, scanCsv, fromColumns } from './lazy.ts';
