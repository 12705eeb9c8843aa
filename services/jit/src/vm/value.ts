// Lua values as plain JS values wherever possible, so the interpreter's hot paths allocate nothing:
//   nil -> undefined, booleans -> JS booleans, strings -> JS strings holding one byte per char (latin1),
//   integers -> JS numbers with an integral value in the safe range (never -0), or a bigint outside it,
//   floats -> JS numbers with a non-integral value (including NaN and +-Infinity), or an LFloat box
//   when the value is integral (1.0, -0.0, 1e300), because a bare integral JS number means "integer".
// So `typeof v === 'number'` plus `Number.isInteger(v)` tells the subtype without any extra tag.
import type { Proto } from '../compiler/proto.ts';
import type { LuaTable } from './table.ts';
import type { LuaState } from './state.ts';

export class LFloat {
  constructor(readonly n: number) {}
}

export type LuaValue =
  undefined | boolean | number | bigint | string | LFloat | LuaTable | LuaFunction | LuaThread | LuaUserdata;

/**
 * A full userdata: an object of the host's that Lua code sees only through its metatable (the io
 * library's files). type() says "userdata"; indexing, # and the rest go to the metatable's fields, and
 * the raw table functions refuse it, as lua5.4's do.
 */
export class LuaUserdata {
  /** Identity for tostring's address, 0 until first shown. */
  id = 0;
  constructor(public metatable: LuaTable | null) {}
}

export class UpVal {
  open = true;
  value: LuaValue = undefined;
  constructor(
    public idx: number,
    /** The stack the slot is in while open: its state's, which a coroutine's code does not run on. */
    readonly stack: LuaValue[],
  ) {}
}

/** A closed upvalue holding v (a closure the JIT makes over a local that keeps its value). */
export function closedUpval(v: LuaValue): UpVal {
  const u = new UpVal(-1, []);
  u.open = false;
  u.value = v;
  return u;
}

export class LuaClosure {
  constructor(
    readonly proto: Proto,
    readonly upvals: UpVal[],
  ) {}
}

/** A native function returns one value, or an array for zero or several values. */
export type NativeResult = LuaValue | LuaValue[];
export type NativeFn = (L: LuaState, args: LuaValue[]) => NativeResult;

/**
 * A native's result for one argument that is a plain JS number (an integer, or a non-integral float),
 * exactly what `fn` returns for it. The interpreter calls it without building an argument array.
 */
export type NumberKernel = (x: number) => LuaValue;

export class NativeFunction {
  /**
   * The collectable values a native made at run time keeps in its JS closure (coroutine.wrap's
   * coroutine, io.lines' file), which collectgarbage cannot see otherwise (lib/collect.ts).
   */
  holds: readonly LuaValue[] = [];
  constructor(
    readonly name: string,
    readonly fn: NativeFn,
    /** Set for math functions of one number (lib/math.ts); null for the others. */
    readonly num1: NumberKernel | null = null,
  ) {}
}

export type LuaFunction = LuaClosure | NativeFunction;

// Brands that traces test instead of `instanceof` (jit/types.ts checkExpr): a value read from a
// stack slot or a table gives TurboFan no map to fold `instanceof` with, so it walks the prototype
// chain, while a property load keeps a map check from its feedback and folds the prototype's
// constant (n-body's loop body: 63 -> 57 ms in a harness of the trace's own shape).
Object.defineProperty(LuaClosure.prototype, 'isFunction', { value: true });
Object.defineProperty(NativeFunction.prototype, 'isFunction', { value: true });

export type ThreadStatus = 'suspended' | 'running' | 'normal' | 'dead';

/** A coroutine: its own state (stack and frames) over the globals of the state that made it. */
export class LuaThread {
  status: ThreadStatus = 'suspended';
  /** Its body has been called (a resume then continues after the yield that suspended it). */
  started = false;
  /** The error it died of, until coroutine.close hands it over (lua_closethread's status). */
  failed = false;
  error: LuaValue = undefined;
  /**
   * The natives that were running above its innermost frame when that error was raised: the frames
   * stay where it died, and debug.traceback shows them from these on, as lua5.4 does.
   */
  failedNatives = 0;
  /** The state that last resumed it (while it runs, the state running coroutine.resume's caller). */
  resumer: LuaState | null = null;
  /** Identity for tostring, 0 until first printed. */
  id = 0;
  constructor(
    /** undefined for the main thread, which has no body. */
    readonly L: LuaState,
    readonly body: LuaFunction | undefined,
  ) {}
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const MAXINT = 0x7fffffffffffffffn;
export const MININT = -0x8000000000000000n;

// Small integral floats are shared: they are immutable and common (0.0, 1.0, 2.0 ...).
const floatCache: LFloat[] = [];
for (let i = 0; i <= 1024; i++) floatCache.push(new LFloat(i));

/** Wraps a float result: integral values need the box to stay floats. */
export function mkFloat(n: number): number | LFloat {
  if (!Number.isInteger(n)) return n;
  if (n >= 0 && n <= 1024 && !Object.is(n, -0)) return floatCache[n]!;
  return new LFloat(n);
}

/** Normalises a 64-bit integer held as bigint back to a JS number when it fits the safe range. */
export function normInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

export function wrapInt(b: bigint): number | bigint {
  return normInt(BigInt.asIntN(64, b));
}

export function isInteger(v: LuaValue): v is number | bigint {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}

export function isNumber(v: LuaValue): v is number | bigint | LFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof LFloat;
}

export function isFloat(v: LuaValue): boolean {
  return typeof v === 'number' ? !Number.isInteger(v) : v instanceof LFloat;
}

/** The float value of a number (integers convert, possibly rounding). */
export function toFloat(v: number | bigint | LFloat): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.n;
}

export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}
