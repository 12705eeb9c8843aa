import type { LFloat } from '../vm/value.ts';

export const KEYWORDS = new Set([
  'and',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'false',
  'for',
  'function',
  'goto',
  'if',
  'in',
  'local',
  'nil',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'true',
  'until',
  'while',
]);

/** Token kind: 'name' | 'string' | 'number' | 'eof', or the keyword / symbol text itself. */
export interface Token {
  kind: string;
  /** Name text, string contents (bytes as chars), or the numeral's value. */
  value: string | number | bigint | LFloat;
  line: number;
  /** Source text, for "near '...'" in syntax errors. */
  raw: string;
}
