// The runtime pieces generated trace code calls, passed to it as `H` when it is compiled.
import { DEFAULT_NAN, floatMod, luaPow, shiftLeft, shiftRight } from '../vm/arith.ts';
import { LuaTable } from '../vm/table.ts';
import { shiftFrames } from './functions.ts';
import { callPure, PURE_FAIL } from './purecall.ts';
import { strRep, strSub, strLower, strUpper } from '../lib/string.ts';
import { floatToString } from '../vm/numfmt.ts';
import { flat } from '../vm/flatstr.ts';
import { closedUpval, LFloat, LuaClosure, mkFloat, NativeFunction } from '../vm/value.ts';

export const TRACE_HELPERS = {
  mkFloat,
  LFloat,
  LuaTable,
  LuaClosure,
  NativeFunction,
  floatMod,
  luaPow,
  shiftLeft,
  shiftRight,
  DEFAULT_NAN,
  shiftFrames,
  callPure,
  PURE_FAIL,
  strSub,
  strUpper,
  strLower,
  strRep,
  floatToString,
  closedUpval,
  flat,
};
