// The debug library's locals and upvalues, as lua5.4.4's ldblib.c: getlocal, setlocal, getupvalue,
// setupvalue, upvalueid, upvaluejoin. Upvalues are numbered as luac numbers them: this compiler reads
// globals through L.globals (GETGLOBAL) without the _ENV upvalue luac gives a function that names one,
// so that upvalue is counted where luac would have put it (Proto.envAt) and reads as the globals table.
import { argA, Op, opOf } from '../compiler/opcodes.ts';
import type { LocVar, Proto } from '../compiler/proto.ts';
import type { LuaState } from '../vm/state.ts';
import type { StackLevel } from '../vm/traceback.ts';
import { levelsOf } from './debuglevels.ts';
import {
  LuaClosure,
  LuaThread,
  LuaUserdata,
  NativeFunction,
  UpVal,
  type LuaValue,
  type NativeFn,
} from '../vm/value.ts';
import { Args, argError, luaError, typeError } from './args.ts';

/** A Lua level's local `n` (lua_getlocal): its name and where its value lives, or null. */
interface Slot {
  name: string;
  get: () => LuaValue;
  set: (v: LuaValue) => void;
}

/** luaF_getlocalname: the n-th variable active at pc (locvars in order of their start). */
function activeLocal(p: Proto, n: number, pc: number): LocVar | undefined {
  for (const lv of p.locvars) {
    if (lv.startpc > pc) break;
    if (pc < lv.endpc && --n === 0) return lv;
  }
  return undefined;
}

/**
 * luaG_findlocal over level k of `levels`: a named variable, a "(temporary)" register below where the
 * level's callee sits, or a "(vararg)" (n negative). lua5.4 asks the frame at its current instruction.
 */
function findLocal(levels: StackLevel[], k: number, n: number): Slot | null {
  const lv = levels[k]!;
  if (lv.kind !== 'lua') return null;
  const { ci, stack } = lv;
  const p = ci.closure!.proto;
  const pc = Math.max(ci.pc - 1, 0);
  if (n < 0) {
    const va = ci.varargs;
    if (va === null || -n > va.length) return null;
    return { name: '(vararg)', get: () => va[-n - 1], set: (v) => (va[-n - 1] = v) };
  }
  const slot = (name: string, reg: number): Slot => ({
    name,
    get: () => stack[ci.base + reg],
    set: (v) => (stack[ci.base + reg] = v),
  });
  const local = n > 0 ? activeLocal(p, n, pc) : undefined;
  if (local !== undefined) return slot(local.name, local.reg);
  // registers below where its callee's frame starts are temporaries
  const callee = levels[k - 1];
  let limit: number;
  if (callee !== undefined && callee.kind === 'lua' && callee.stack === stack)
    limit = callee.ci.func - ci.base;
  else {
    const op = opOf(p.code[pc]!);
    limit = op === Op.CALL || op === Op.TAILCALL ? argA(p.code[pc]!) : ci.top - ci.base;
  }
  return n > 0 && n <= limit ? slot('(temporary)', n - 1) : null;
}

/** getlocal's and setlocal's variable n at a level (argument `at`) of the running state or of co. */
function localArg(
  L: LuaState,
  self: string,
  co: LuaThread | null,
  level: number,
  at: number,
  n: number,
): Slot | null {
  const levels = levelsOf(L, co);
  if (level < 0 || level >= levels.length) return argError(L, self, at, 'level out of range');
  return findLocal(levels, level, n);
}

/** lua_Debug's 'u' count: the upvalues, with the _ENV that globals read through counted as lua5.4 has it. */
export function upvalueCount(p: Proto): number {
  return p.upvals.length + (p.envAt >= 0 ? 1 : 0);
}

/**
 * The n-th upvalue as lua5.4 numbers them (1-based): '_ENV' where Proto.envAt puts it (no cell), else
 * a cell; `env` for the main chunk's own _ENV and its captures.
 */
function upvalueAt(
  f: LuaClosure,
  n: number,
): { name: string; cell: UpVal | null; env: boolean; index: number } | null {
  const p = f.proto;
  const env = p.envAt;
  if (n < 1 || n > upvalueCount(p)) return null;
  const v = n - 1;
  if (v === env) return { name: '_ENV', cell: null, env: true, index: -1 };
  const r = env >= 0 && v > env ? v - 1 : v;
  const d = p.upvals[r]!;
  return { name: d.name, cell: f.upvals[r]!, env: d.env === true, index: r };
}

/** The function and upvalue number arguments of getupvalue, setupvalue, upvalueid: the upvalue, or null. */
function upvalueArg(L: LuaState, self: string, args: LuaValue[]): ReturnType<typeof upvalueAt> {
  const n = new Args(L, self, args).intN(2);
  const f = args[0];
  if (!(f instanceof LuaClosure || f instanceof NativeFunction))
    return typeError(L, self, args, 1, 'function');
  // natives have none here
  return f instanceof LuaClosure ? upvalueAt(f, n) : null;
}

/**
 * upvaluejoin's function argument n and the upvalue number after it, checked in ldblib.c's order (the
 * number, the function, the index): the upvalue.
 */
function joinArg(
  L: LuaState,
  self: string,
  args: LuaValue[],
  n: number,
): NonNullable<ReturnType<typeof upvalueAt>> {
  const nup = new Args(L, self, args).intN(n + 1);
  const f = args[n - 1];
  if (!(f instanceof LuaClosure || f instanceof NativeFunction))
    return typeError(L, self, args, n, 'function');
  // natives have no upvalues here (lua5.4's library functions have none either)
  const u = f instanceof LuaClosure ? upvalueAt(f, nup) : null;
  return u ?? argError(L, self, n + 1, 'invalid upvalue index');
}

/** lua_upvalueid: one light userdata per cell; the _ENV cells of a program's chunks share one. */
const ids = new WeakMap<object, LuaUserdata>();
function idOf(key: object): LuaUserdata {
  let u = ids.get(key);
  if (u === undefined) ids.set(key, (u = new LuaUserdata(null)));
  return u;
}

export const DEBUG_VARS: Record<string, NativeFn> = {
  getlocal(L, args) {
    const co = args[0] instanceof LuaThread ? args[0] : null;
    const at = co === null ? 1 : 2;
    const A = new Args(L, 'debug.getlocal', args);
    const f = args[at - 1];
    const n = A.intN(at + 1);
    // a function: the names of its parameters, no values (lua_getlocal with no frame)
    if (f instanceof LuaClosure || f instanceof NativeFunction) {
      if (!(f instanceof LuaClosure) || n < 1 || n > f.proto.numparams) return undefined;
      return activeLocal(f.proto, n, 0)?.name;
    }
    const slot = localArg(L, 'debug.getlocal', co, A.intN(at), at, n);
    return slot === null ? undefined : [slot.name, slot.get()];
  },
  setlocal(L, args) {
    const co = args[0] instanceof LuaThread ? args[0] : null;
    const at = co === null ? 1 : 2;
    const A = new Args(L, 'debug.setlocal', args);
    const level = A.intN(at);
    const n = A.intN(at + 1);
    A.any(at + 2);
    const slot = localArg(L, 'debug.setlocal', co, level, at, n);
    if (slot === null) return undefined;
    slot.set(args[at + 1]);
    return slot.name;
  },
  getupvalue(L, args) {
    const u = upvalueArg(L, 'debug.getupvalue', args);
    // no such upvalue: no results (auxupvalue returns 0)
    if (u === null) return [];
    if (u.cell === null) return [u.name, L.globals];
    return [u.name, u.cell.open ? u.cell.stack[u.cell.idx] : u.cell.value];
  },
  setupvalue(L, args) {
    new Args(L, 'debug.setupvalue', args).any(3);
    const u = upvalueArg(L, 'debug.setupvalue', args);
    if (u === null) return [];
    const v = args[2];
    if (u.cell === null) {
      // globals go through L.globals, which a function cannot swap for a table of its own
      if (v !== L.globals) luaError(L, "lsjit: a function's _ENV can only be the globals table");
      return u.name;
    }
    if (u.cell.open) u.cell.stack[u.cell.idx] = v;
    else u.cell.value = v;
    return u.name;
  },
  upvaluejoin(L, args) {
    const self = 'debug.upvaluejoin';
    const u1 = joinArg(L, self, args, 1);
    const u2 = joinArg(L, self, args, 3);
    const f1 = args[0] as LuaClosure;
    const env1 = u1.cell === null || u1.env;
    if (env1 || u2.cell === null) {
      // globals go through L.globals, not the _ENV cell (see setupvalue): joining _ENV to _ENV
      // changes nothing, and a function's _ENV cannot become another table
      if (env1 && (u2.cell === null || u2.env)) return [];
      luaError(L, 'lsjit: an _ENV upvalue can only be joined to another _ENV');
    }
    f1.upvals[u1.index] = u2.cell;
    // Traces hold the cells of the closures they inlined as constants.
    L.root.jit?.forgetTraces?.();
    return [];
  },
  upvalueid(L, args) {
    const u = upvalueArg(L, 'debug.upvalueid', args);
    // lua5.4.4's db_upvalueid answers fail
    if (u === null) return undefined;
    // _ENV: the globals' cell, which every function of a chunk shares in lua5.4
    return idOf(u.cell === null || u.env ? L.globals : u.cell);
  },
};
