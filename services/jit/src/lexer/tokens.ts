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

/**
 * Token kind: 'name' | 'string' | 'number' | 'eof', the keyword / symbol text itself, or 'error': the
 * lexical error where the text stops making tokens, raised only when the parser reaches it.
 */
export interface Token {
  kind: string;
  /** Name text, string contents (bytes as chars), or the numeral's value. */
  value: string | number | bigint | LFloat;
  line: number;
  /** Source text, for "near '...'" in syntax errors. */
  raw: string;
  /** An 'error' token's error. */
  error?: Error;
}
