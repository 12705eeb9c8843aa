export { Lexer } from './lexer.ts';
export { KEYWORDS, type Token } from './tokens.ts';
