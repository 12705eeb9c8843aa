// The runtime pieces generated trace code calls, passed to it as `H` when it is compiled.
import { DEFAULT_NAN, floatMod, luaPow, shiftLeft, shiftRight } from '../vm/arith.ts';
import { LuaTable } from '../vm/table.ts';
import { shiftFrames } from './functions.ts';
import { callPure, PURE_FAIL } from './purecall.ts';
import { strRep, strSub, strLower, strUpper } from '../lib/string.ts';
import { floatToString } from '../vm/numfmt.ts';
import { flat } from '../vm/flatstr.ts';
import { closedUpval, LFloat, LuaClosure, mkFloat, NativeFunction } from '../vm/value.ts';

/**
 * What a single-result function body returns instead of its result when it does not finish: the
 * entry checks failed (the entry's -1), or it left frames to the interpreter (-2). No Lua value is
 * either, so the result itself is returned, not stored in a shared variable (fngen.ts).
 */
export const BODY_FAILED = Symbol('body failed its entry checks');
export const BODY_LEFT = Symbol('body left frames');

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
  BODY_FAILED,
  BODY_LEFT,
};
