export { LuaError, Fault, LuaSyntaxError, ParserCStackOverflow, type Blame } from './lua-error.ts';
