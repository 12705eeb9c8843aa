export * from './types.ts';
export * from './validity.ts';
export * from './columns.ts';
export * from './dates.ts';
export * from './rows.ts';
