// The static types a trace specialises on. A trace keeps each Lua register in a JS local whose type
// is fixed at every point of the trace; guards check it where a value comes from outside the trace.
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaClosure, NativeFunction, type LuaValue } from '../vm/value.ts';

export enum TT {
  NIL,
  BOOL,
  /** A JS number with an integral value in the safe range (never -0). */
  INT,
  /** Held unboxed in the trace as a raw double; boxed with mkFloat when written back. */
  FLT,
  STR,
  TAB,
  FUN,
  /** Anything a trace does not handle (bigint integers, ...). */
  OTHER,
}

export const TT_NAMES = ['nil', 'bool', 'int', 'flt', 'str', 'tab', 'fun', 'other'];

export function typeOfValue(v: LuaValue): TT {
  switch (typeof v) {
    case 'undefined':
      return TT.NIL;
    case 'boolean':
      return TT.BOOL;
    case 'number':
      return Number.isInteger(v) ? TT.INT : TT.FLT;
    case 'string':
      return TT.STR;
    default:
      if (v instanceof LFloat) return TT.FLT;
      if (v instanceof LuaTable) return TT.TAB;
      if (v instanceof LuaClosure || v instanceof NativeFunction) return TT.FUN;
      return TT.OTHER;
  }
}

export const isNum = (t: TT): boolean => t === TT.INT || t === TT.FLT;

/** Longer strings stay variables: a constant is written into the generated code. */
export const MAX_CONSTANT_STRING = 200;

/** A value a trace may hold as a constant of its code. */
export function isConstant(v: LuaValue): boolean {
  const t = typeOfValue(v);
  if (t === TT.STR) return (v as string).length <= MAX_CONSTANT_STRING;
  // Not a NaN: V8 may hand a trace a NaN constant as its own positive NaN (record/arith.ts).
  return t === TT.NIL || t === TT.BOOL || t === TT.INT || (t === TT.FLT && v === v);
}

/** JS source: does the boxed value in `v` have type t? */
export function checkExpr(t: TT, v: string): string {
  switch (t) {
    case TT.NIL:
      return `${v} === undefined`;
    case TT.BOOL:
      return `typeof ${v} === 'boolean'`;
    case TT.INT:
      return `(typeof ${v} === 'number' && Number.isInteger(${v}))`;
    case TT.FLT:
      return `(typeof ${v} === 'number' ? !Number.isInteger(${v}) : ${v} instanceof LFloat)`;
    case TT.STR:
      return `typeof ${v} === 'string'`;
    // Brands on the prototypes (vm/value.ts): cheaper than instanceof on a value of unknown map.
    case TT.TAB:
      return `(${v} !== undefined && ${v}.isTable === true)`;
    case TT.FUN:
      return `(${v} !== undefined && ${v}.isFunction === true)`;
    default:
      return 'false';
  }
}

/** JS source: the trace representation of a boxed value already known to have type t. */
export function unboxExpr(t: TT, v: string): string {
  // `* 1` makes the value a float64 for V8 (exact for every double, -0 and NaN included): a loop variable
  // that merges the loaded value, a tagged number, with the loop's float arithmetic otherwise stays
  // tagged, and every iteration allocates a heap number (16M iterations of `a = a + j * 1.5`: 75 -> 23
  // ms, 131 -> 9 scavenges). Integers get the same treatment in codegen/numeric.ts (`+ 0`).
  return t === TT.FLT ? `((typeof ${v} === 'number' ? ${v} : ${v}.n) * 1)` : v;
}

/** JS source: the interpreter's (boxed) representation of a trace value of type t. */
export function boxExpr(t: TT, v: string): string {
  return t === TT.FLT ? `mkFloat(${v})` : v;
}

/** The check of a loose float load (looseloads.ts) in `t`: a number or an integral float's box. */
export const LOOSE_FLOAT_CHECK = "typeof t === 'number' || t instanceof LFloat";
