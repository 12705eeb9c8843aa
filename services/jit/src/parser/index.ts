export { parse, Parser } from './parser.ts';
export type * from './ast.ts';
