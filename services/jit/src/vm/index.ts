export { execute, executeCaught } from './interp.ts';
export {
  LuaState,
  CallInfo,
  MAX_STACK,
  typeName,
  hostErrorMessage,
  type FileFailure,
  type HostFiles,
  type StateOptions,
} from './state.ts';
export { LuaTable, NO_ITEMS } from './table.ts';
export { IntKeys } from './intkeys.ts';
export {
  closedUpval,
  isNumber,
  LFloat,
  LuaClosure,
  NativeFunction,
  UpVal,
  type LuaValue,
  type NativeFn,
  type NativeResult,
} from './value.ts';
export { tostringValue } from './meta.ts';
export { numberToString, str2number } from './convert.ts';
export { floatToString, fmtG } from './numfmt.ts';
