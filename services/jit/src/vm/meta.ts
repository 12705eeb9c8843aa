// The slow paths of the interpreter: everything that may involve coercions or metamethods.
// Errors are Faults; the dispatch loop turns them into positioned Lua errors.
import { Fault, LuaError, type Blame } from '../errors/index.ts';
import { callMeta, FINISH_NOT, FINISH_VALUE } from './coroutine.ts';
import { arithNum, ArithOp, EVENTS, type Num } from './arith.ts';
import { floatToInt, numberToString, toNumber } from './convert.ts';
import { flat } from './flatstr.ts';
import { objTypeName, typeName, type LuaState } from './state.ts';
import { LuaTable } from './table.ts';
import {
  LFloat,
  LuaClosure,
  LuaThread,
  LuaUserdata,
  NativeFunction,
  toFloat,
  type LuaValue,
} from './value.ts';

const MAXTAGLOOP = 2000;

export function isFunction(v: LuaValue): v is LuaClosure | NativeFunction {
  return v instanceof LuaClosure || v instanceof NativeFunction;
}

export function metafield(L: LuaState, v: LuaValue, event: string): LuaValue {
  const mt = L.metaOf(v);
  return mt === null ? undefined : mt.getStr(event);
}

/** A metamethod's first result (callMeta: in a coroutine it may yield; `finish` says how to go on). */
export function call1(L: LuaState, f: LuaValue, args: LuaValue[], finish = FINISH_VALUE): LuaValue {
  return callMeta(L, f, args, finish)[0];
}

export function index(L: LuaState, t: LuaValue, key: LuaValue, blame: Blame): LuaValue {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const v = t.get(key);
      if (v !== undefined) return v;
      const mt = t.metatable;
      if (mt === null) return undefined;
      tm = mt.getStr('__index');
      if (tm === undefined) return undefined;
    } else {
      tm = metafield(L, t, '__index');
      if (tm === undefined) throw new Fault(`attempt to index a ${objTypeName(t)} value`, blame, loop === 0);
    }
    if (isFunction(tm)) return call1(L, tm, [t, key]);
    t = tm;
    blame = 'none';
  }
  throw new Fault("'__index' chain too long; possible loop");
}

export function checkKey(key: LuaValue): void {
  if (key === undefined) throw new Fault('table index is nil');
  if (typeof key === 'number' && key !== key) throw new Fault('table index is NaN');
}

export function setIndex(L: LuaState, t: LuaValue, key: LuaValue, val: LuaValue, blame: Blame): void {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const mt = t.metatable;
      if (mt === null || (tm = mt.getStr('__newindex')) === undefined || t.get(key) !== undefined) {
        checkKey(key);
        t.set(key, val);
        return;
      }
    } else {
      tm = metafield(L, t, '__newindex');
      if (tm === undefined) throw new Fault(`attempt to index a ${objTypeName(t)} value`, blame, loop === 0);
    }
    if (isFunction(tm)) {
      callMeta(L, tm, [t, key, val], FINISH_VALUE);
      return;
    }
    t = tm;
    blame = 'none';
  }
  throw new Fault("'__newindex' chain too long; possible loop");
}

/** An integer, or a float with an exact integer value (not through a float: 2^63 - 2 is one). */
function hasIntValue(x: Num): boolean {
  if (typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x))) return true;
  return floatToInt(toFloat(x), 'eq') !== undefined;
}

function isNum(v: LuaValue): v is Num {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof LFloat;
}

/** Arithmetic with coercion and metamethods (the interpreter's fast paths handle plain numbers). */
export function arith(L: LuaState, op: ArithOp, a: LuaValue, b: LuaValue): LuaValue {
  const event = EVENTS[op]!;
  const isBit = (op >= ArithOp.BAND && op <= ArithOp.SHR) || op === ArithOp.BNOT;
  // Strings convert for arithmetic (lua5.4's string metamethods) but not for bitwise operators.
  const x = isBit && typeof a === 'string' ? undefined : toNumber(a);
  const y = isBit && typeof b === 'string' ? undefined : toNumber(b);
  if (x !== undefined && y !== undefined) {
    if (!isBit && (typeof a === 'string' || typeof b === 'string')) {
      // lua5.4 does arithmetic on strings in the string metatable's C metamethods, so their errors
      // ("attempt to divide by zero") carry no position.
      try {
        return arithNum(op, x, y);
      } catch (e) {
        if (e instanceof Fault) throw new LuaError(e.message);
        throw e;
      }
    }
    if (isBit) {
      try {
        return arithNum(op, x, y);
      } catch (e) {
        // luaG_tointerror blames the first operand when it has no integer value, else the second.
        if (!(e instanceof Fault)) throw e;
        const blame = op !== ArithOp.BNOT && hasIntValue(x) ? 'C' : 'B';
        throw new Fault(e.message, blame, true, 'number'.length);
      }
    }
    return arithNum(op, x, y);
  }
  // lua5.4's string metatable implements the arithmetic events (not the bitwise ones); its handler
  // defers to the second operand's metamethod, else reports the operation and both types.
  const stringEvent = !isBit;
  let tm: LuaValue;
  if (typeof a === 'string' && stringEvent) {
    tm = typeof b === 'string' ? undefined : metafield(L, b, event);
    if (tm === undefined) throw stringArithFault(event, a, b);
  } else {
    tm = metafield(L, a, event);
    if (tm === undefined) {
      if (typeof b === 'string' && stringEvent) throw stringArithFault(event, a, b);
      tm = metafield(L, b, event);
    }
  }
  if (tm !== undefined) return call1(L, tm, [a, b]);
  if (isBit) {
    const blame = isNum(a) ? 'C' : 'B';
    throw new Fault(
      `attempt to perform bitwise operation on a ${objTypeName(blame === 'B' ? a : b)} value`,
      blame,
      true,
    );
  }
  const blame = x === undefined ? 'B' : 'C';
  throw new Fault(
    `attempt to perform arithmetic on a ${objTypeName(blame === 'B' ? a : b)} value`,
    blame,
    true,
  );
}

/** The error of the string library's arithmetic metamethod (lstrlib's trymt), which raises it in C. */
function stringArithFault(event: string, a: LuaValue, b: LuaValue): Fault {
  const f = new Fault(`attempt to ${event.slice(2)} a '${typeName(a)}' with a '${typeName(b)}'`);
  f.inNative = true;
  return f;
}

/** Exact comparison of two numbers of any representation: -1, 0, 1, or NaN when unordered. */
export function numCmp(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  const x = a instanceof LFloat ? a.n : a;
  const y = b instanceof LFloat ? b.n : b;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  // One bigint integer against a float (or a safe int): compare exactly.
  if (typeof x === 'bigint') return -numCmp(y as number, x as unknown as Num);
  const f = x;
  const i = y as bigint;
  if (f !== f) return NaN;
  if (f === Infinity) return 1;
  if (f === -Infinity) return -1;
  const fl = BigInt(Math.floor(f));
  if (fl < i) return -1;
  if (fl > i) return 1;
  return Number.isInteger(f) ? 0 : 1;
}

function cmpError(a: LuaValue, b: LuaValue): Fault {
  const t1 = objTypeName(a);
  const t2 = objTypeName(b);
  return new Fault(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`);
}

export function lessThan(L: LuaState, a: LuaValue, b: LuaValue): boolean {
  if (isNum(a) && isNum(b)) return numCmp(a, b) < 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  const tm = metafield(L, a, '__lt') ?? metafield(L, b, '__lt');
  if (tm === undefined) throw cmpError(a, b);
  const r = call1(L, tm, [a, b]);
  return r !== undefined && r !== false;
}

export function lessEqual(L: LuaState, a: LuaValue, b: LuaValue): boolean {
  if (isNum(a) && isNum(b)) return numCmp(a, b) <= 0;
  if (typeof a === 'string' && typeof b === 'string') return a <= b;
  const tm = metafield(L, a, '__le') ?? metafield(L, b, '__le');
  if (tm === undefined) {
    // Debian's lua5.4 is built with LUA_COMPAT_5_3 (LUA_COMPAT_LT_LE): a <= b is tried as not (b < a).
    const lt = metafield(L, b, '__lt') ?? metafield(L, a, '__lt');
    if (lt === undefined) throw cmpError(a, b);
    const r = call1(L, lt, [b, a], FINISH_NOT);
    return r === undefined || r === false;
  }
  const r = call1(L, tm, [a, b]);
  return r !== undefined && r !== false;
}

export function rawEquals(a: LuaValue, b: LuaValue): boolean {
  if (a === b) return true;
  if (isNum(a) && isNum(b)) return numCmp(a, b) === 0;
  return false;
}

export function equals(L: LuaState, a: LuaValue, b: LuaValue): boolean {
  if (a === b) return true;
  if (isNum(a) && isNum(b)) return numCmp(a, b) === 0;
  if (a instanceof LuaTable && b instanceof LuaTable) {
    const tm = metafield(L, a, '__eq') ?? metafield(L, b, '__eq');
    if (tm === undefined) return false;
    const r = call1(L, tm, [a, b]);
    return r !== undefined && r !== false;
  }
  return false;
}

export function length(L: LuaState, v: LuaValue): LuaValue {
  if (typeof v === 'string') return v.length;
  const tm = metafield(L, v, '__len');
  // lua5.4 passes the operand twice, as for the unary arithmetic events.
  if (tm !== undefined) return call1(L, tm, [v, v]);
  if (v instanceof LuaTable) return v.length();
  throw new Fault(`attempt to get length of a ${objTypeName(v)} value`, 'B', true);
}

/** lua_tostring: a string, a number's text, or undefined for any other value. */
export function toStr(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (isNum(v)) return numberToString(v);
  return undefined;
}

/** R[first..last] concatenated right to left, as lua5.4 does (with __concat when needed). */
export function concat(L: LuaState, stack: LuaValue[], first: number, last: number): LuaValue {
  let acc = stack[last];
  for (let i = last - 1; i >= first; i--) {
    const a = stack[i];
    const sa = toStr(a);
    const sb = toStr(acc);
    if (sa !== undefined && sb !== undefined) {
      acc = sa + sb;
      continue;
    }
    const tm = metafield(L, a, '__concat') ?? metafield(L, acc, '__concat');
    if (tm === undefined) {
      // Blame the first operand that is not a string or number (stack slot i or i+1).
      const bad = sa === undefined ? a : acc;
      throw new ConcatFault(
        `attempt to concatenate a ${objTypeName(bad)} value`,
        sa === undefined ? i : i + 1,
      );
    }
    acc = call1(L, tm, [a, acc], i);
  }
  return typeof acc === 'string' ? flat(acc) : acc;
}

/** A concat error names the stack slot to describe (relative to the frame base). */
export class ConcatFault extends Fault {
  constructor(
    message: string,
    readonly slot: number,
  ) {
    super(message, 'none', true);
  }
}

export function tostringValue(L: LuaState, v: LuaValue): string {
  const tm = metafield(L, v, '__tostring');
  if (tm !== undefined) {
    const r = call1(L, tm, [v]);
    if (typeof r !== 'string') {
      if (isNum(r)) return numberToString(r);
      throw new LuaError("'__tostring' must return a string");
    }
    return r;
  }
  return rawToString(L, v);
}

export function rawToString(L: LuaState, v: LuaValue): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'nil';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (isNum(v)) return numberToString(v);
  const named = metafield(L, v, '__name');
  const kind = typeof named === 'string' ? named : typeName(v);
  if (v instanceof LuaTable || v instanceof LuaThread || v instanceof LuaUserdata)
    return `${kind}: ${addressOf(L, v)}`;
  return `function: ${addressOf(L, v as LuaClosure | NativeFunction)}`;
}

/**
 * The address tostring and %p show for a table, function or string: made up, but stable for the
 * object (a table gets its id on first need) and the same for equal strings, as for lua5.4's
 * interned ones.
 */
export function addressOf(
  L: LuaState,
  v: LuaTable | LuaClosure | NativeFunction | LuaThread | LuaUserdata | string,
): string {
  let a: number;
  if (typeof v === 'string') a = hashName(v);
  else if (v instanceof LuaTable || v instanceof LuaThread || v instanceof LuaUserdata) {
    if (v.id === 0) v.id = L.root.nextTableId++;
    a = (v instanceof LuaTable ? 0x55550000 : v instanceof LuaThread ? 0x44440000 : 0x77770000) + v.id * 64;
  } else if (v instanceof NativeFunction) a = hashName(v.name);
  else a = 0x66660000 + closureId(v) * 64;
  return `0x${a.toString(16).padStart(14, '0')}`;
}

const closureIds = new WeakMap<object, number>();
let nextClosureId = 1;
function closureId(c: object): number {
  let id = closureIds.get(c);
  if (id === undefined) closureIds.set(c, (id = nextClosureId++));
  return id;
}
function hashName(s: string): number {
  let h = 0x7777;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
