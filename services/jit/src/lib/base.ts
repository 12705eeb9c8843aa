// The basic library (print, type, pairs, pcall, error, metatables, conversions ...).
import { LuaError } from '../errors/index.ts';
import { str2number } from '../vm/convert.ts';
import { callYieldable, protectedRun, yieldable, yieldableCall, type Handler } from '../vm/coroutine.ts';
import { index, rawEquals, tostringValue } from '../vm/meta.ts';
import { LuaState, raiseFromNative, typeName } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { isNumber, LuaClosure, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, defineLib, luaError, typeError } from './args.ts';
import { load } from './load.ts';
import { dofile, loadfile } from './loadfile.ts';
import { protectedCall } from './protected.ts';

function next(L: LuaState, args: LuaValue[]): NativeResult {
  const e = new Args(L, 'next', args).table(1).next(args[1]);
  return e === undefined ? undefined : [e[0], e[1]];
}

function ipairsIter(L: LuaState, args: LuaValue[]): NativeResult {
  const t = args[0];
  const i = (args[1] as number) + 1;
  const v = t instanceof LuaTable && t.metatable === null ? t.getInt(i) : index(L, t, i, 'none');
  return v === undefined ? undefined : [i, v];
}

function tonumber(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'tonumber', args);
  if (args[1] === undefined) {
    const v = A.any(1);
    if (isNumber(v)) return v;
    if (typeof v === 'string') return str2number(v);
    return undefined;
  }
  const base = A.intN(2);
  const v = args[0];
  if (typeof v !== 'string')
    return A.error(1, `string expected, got ${args.length < 1 ? 'no value' : typeName(v)}`);
  if (base < 2 || base > 36) A.error(2, 'base out of range');
  const s = v.replace(/^[ \f\n\r\t\v]+|[ \f\n\r\t\v]+$/g, '').toLowerCase();
  const m = /^(-?)([0-9a-z]+)$/.exec(s);
  if (m === null) return undefined;
  let n = 0n;
  for (const c of m[2]!) {
    const d = parseInt(c, 36);
    if (d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
  }
  if (m[1] === '-') n = -n;
  const w = BigInt.asIntN(64, n);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}

function select(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'select', args);
  const n = args[0];
  if (n === '#') return args.length - 1;
  let i = A.intN(1);
  // i counts from the selector itself, as lua_gettop does: select(-n, ...) is the first vararg.
  if (i < 0) i = args.length + i;
  if (i < 1) A.error(1, 'index out of range');
  return args.slice(i);
}

function errorFn(L: LuaState, args: LuaValue[]): NativeResult {
  const msg = args[0];
  const level = new Args(L, 'error', args).optIntN(2, 1);
  return raiseFromNative(
    L,
    errorFn,
    new LuaError(typeof msg === 'string' && level > 0 ? L.where(level) + msg : msg),
  );
}

function assertFn(L: LuaState, args: LuaValue[]): NativeResult {
  if (args[0] !== undefined && args[0] !== false) return args;
  new Args(L, 'assert', args).any(1);
  const msg = args.length > 1 ? args[1] : 'assertion failed!';
  return raiseFromNative(L, assertFn, new LuaError(typeof msg === 'string' ? L.where(1) + msg : msg));
}

function pcall(L: LuaState, args: LuaValue[]): NativeResult {
  new Args(L, 'pcall', args).any(1);
  return protectedOf(L, args[0], args.slice(1), null);
}

function xpcall(L: LuaState, args: LuaValue[]): NativeResult {
  const h = args[1];
  if (!(h instanceof LuaClosure || h instanceof NativeFunction)) typeError(L, 'xpcall', args, 2, 'function');
  return protectedOf(L, args[0], args.slice(2), { fn: h });
}

/** pcall's or xpcall's results: in a coroutine the function may yield when the pcall itself may. */
function protectedOf(L: LuaState, fn: LuaValue, args: LuaValue[], handler: Handler): LuaValue[] {
  if (yieldableCall(L, fn)) return protectedRun(L, fn, args, handler);
  const yields = yieldable(L);
  if (yields && !(fn instanceof NativeFunction)) {
    // a __call written in Lua runs on a segment as a function would (lua5.4 calls it in fn's place)
    const h = L.metaOf(fn)?.getStr('__call');
    if (yieldableCall(L, h)) return protectedRun(L, h, [fn, ...args], handler);
  }
  const r = protectedCall(L, fn, args, handler, yields);
  return r.ok ? r.results : [false, r.error];
}

export function openBase(L: LuaState): void {
  const G = L.globals;
  G.set('_G', G);
  G.set('_VERSION', 'Lua 5.4');
  defineLib(L, G, '', {
    print(L, args) {
      let s = '';
      for (let i = 0; i < args.length; i++) {
        if (i > 0) s += '\t';
        s += tostringValue(L, args[i]);
      }
      L.write(s + '\n');
      return [];
    },
    type(L, args) {
      return typeName(new Args(L, 'type', args).any(1));
    },
    tostring(L, args) {
      return tostringValue(L, new Args(L, 'tostring', args).any(1));
    },
    tonumber,
    ipairs(L, args) {
      new Args(L, 'ipairs', args).any(1);
      return [L.ipairsIter!, args[0], 0];
    },
    pairs(L, args) {
      const t = new Args(L, 'pairs', args).any(1);
      const mm = L.metaOf(t)?.getStr('__pairs');
      // lua5.4's lua_callk: __pairs may yield, and gives exactly three values
      if (mm !== undefined) return callYieldable(L, mm, [t], 3);
      // As lua5.4's: any value without __pairs, which next then refuses ('for iterator' in a loop).
      return [L.nextFn!, t, undefined];
    },
    select,
    error: errorFn,
    pcall,
    xpcall,
    load,
    loadfile,
    dofile,
    assert: assertFn,
    setmetatable(L, args) {
      const A = new Args(L, 'setmetatable', args);
      const t = A.table(1);
      const mt = args[1];
      // A missing second argument is no nil here: lua5.4 says "got no value".
      if (args.length < 2 || (mt !== undefined && !(mt instanceof LuaTable)))
        typeError(L, 'setmetatable', args, 2, 'nil or table');
      if (t.metatable !== null && t.metatable.getStr('__metatable') !== undefined) {
        luaError(L, 'cannot change a protected metatable');
      }
      t.metatable = (mt as LuaTable | undefined) ?? null;
      L.root.gc.check(t, t.metatable);
      return t;
    },
    getmetatable(L, args) {
      const mt = L.metaOf(new Args(L, 'getmetatable', args).any(1));
      if (mt === null) return undefined;
      const protectedMt = mt.getStr('__metatable');
      return protectedMt !== undefined ? protectedMt : mt;
    },
    rawget(L, args) {
      const A = new Args(L, 'rawget', args);
      return A.table(1).get(A.any(2));
    },
    rawset(L, args) {
      const A = new Args(L, 'rawset', args);
      const t = A.table(1);
      const k = A.any(2);
      A.any(3);
      if (k === undefined) luaError(L, 'table index is nil');
      if (typeof k === 'number' && k !== k) luaError(L, 'table index is NaN');
      t.set(k, args[2]);
      return t;
    },
    rawequal(L, args) {
      const A = new Args(L, 'rawequal', args);
      return rawEquals(A.any(1), A.any(2));
    },
    rawlen(L, args) {
      const v = args[0];
      if (v instanceof LuaTable) return v.length();
      if (typeof v === 'string') return v.length;
      return typeError(L, 'rawlen', args, 1, 'table or string');
    },
    next,
  });
  L.nextFn = G.getStr('next') as NativeFunction;
  L.ipairsIter = new NativeFunction('ipairs_iter', ipairsIter);
}
