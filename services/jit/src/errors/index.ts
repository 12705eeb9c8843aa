export { LuaError, Fault, LuaSyntaxError, type Blame } from './lua-error.ts';
