// Stack tracebacks as lauxlib's luaL_traceback writes them, over the frame model of state.ts. Natives
// have no frames here: a native shows as a "[C]" level under the Lua frame that called it (a frame
// entered from a native, fromNative without metaCall, has one below it), found by the CALL that
// called it; natives called by natives have no instruction to find them by and show as "[C]: in ?".
import { argA, Op, opOf } from '../compiler/opcodes.ts';
import { LuaError } from '../errors/index.ts';
import { getObjName } from './debug.ts';
import type { CallInfo, LuaState } from './state.ts';
import { LuaTable } from './table.ts';
import { NativeFunction, type LuaValue } from './value.ts';

/**
 * Runs fn with X as it was when e was raised: X.ci is still the raising frame when e is caught, and
 * the natives running above it then count in X.cdepth again (e.natives when a dispatch loop saw e,
 * else `natives`: e left natives that pcall, xpcall or the host called straight), the innermost one
 * known when LuaState.call had called it. lua5.4 calls a message handler there.
 */
export function atRaise<T>(X: LuaState, e: unknown, natives: number, fn: () => T): T {
  const cdepth = X.cdepth;
  const err = e instanceof LuaError ? e : null;
  const n = err !== null && err.seen ? err.natives : natives;
  X.cdepth = n;
  if (err !== null && err.raisedBy !== null) X.raisedBy = { fn: err.raisedBy, depth: n };
  try {
    return fn();
  } finally {
    X.cdepth = cdepth;
    X.raisedBy = null;
  }
}

/** One level of a stack: a Lua frame, or a native called by the Lua frame `caller` (null: by the host). */
export type StackLevel =
  | { kind: 'lua'; ci: CallInfo; stack: LuaValue[]; from?: CallInfo }
  | { kind: 'C'; caller: CallInfo | null; stack: LuaValue[]; fn?: LuaValue };

/** The modules lua5.4's package.loaded holds, searched for a function's global name. */
const LOADED = ['_G', 'coroutine', 'table', 'io', 'os', 'string', 'math', 'utf8', 'debug', 'package'];

/** What debug.getinfo gives as the function of the host's level (lua.c's pmain, a C function). */
const HOST = new NativeFunction('?', () => []);

/** luaL_traceback's first and last levels shown when a stack has more than both. */
const LEVELS1 = 10;
const LEVELS2 = 11;

/** The function a CALL or TFORCALL of ci was calling (still in its slot while the call runs). */
function calleeOf(ci: CallInfo, stack: LuaValue[]): LuaValue {
  if (ci.closure === null || ci.pc <= 0) return undefined;
  const ins = ci.closure.proto.code[ci.pc - 1]!;
  const op = opOf(ins);
  if (op === Op.CALL || op === Op.TAILCALL) return stack[ci.base + argA(ins)];
  if (op === Op.TFORCALL) return stack[ci.base + argA(ins) + 3];
  return undefined;
}

/**
 * The level of the native that called a segment's first function: the pcall or xpcall that C's CALL
 * runs, or, when C itself stands for a native (a pcall of a pcall, of dofile), that native.
 */
function nativeCaller(C: LuaState): StackLevel {
  if (C.nativeFn !== undefined) return { kind: 'C', caller: null, stack: C.stack, fn: C.nativeFn };
  return { kind: 'C', caller: C.ci, stack: C.stack };
}

/**
 * X's levels, innermost first: `natives` natives running above X's innermost Lua frame (the outermost
 * of them called by that frame), then the frames, through the segments of a coroutine's protected
 * calls to the coroutine's own. The main thread ends with the host's level (lua.c's, "[C]: in ?").
 */
export function stackLevels(X: LuaState, natives: number): StackLevel[] {
  const out: StackLevel[] = [];
  let S = X;
  let ci = S.ci;
  const raised = S.raisedBy;
  for (let j = natives; j > 0; j--) {
    const caller = j === 1 && ci !== S.baseCi ? ci : null;
    // a segment standing for a native (vm/coroutine.ts suspendNative): that native is the outermost
    const fn = raised?.depth === j ? raised.fn : j === 1 && caller === null ? S.nativeFn : undefined;
    out.push({ kind: 'C', caller, stack: S.stack, fn });
  }
  for (;;) {
    if (ci === S.baseCi) {
      if (S.caller === null) break;
      // a segment standing for a native that a native of its state called (pcall, xpcall, pairs), or
      // a protected call's segment with no frames left, its error unwinding stopped in a native __close
      const p = S.caller.pending;
      if (S.nativeByNative || (S.ci === S.baseCi && p !== null && p.S === S && p.unwind !== null))
        out.push(nativeCaller(S.caller));
      S = S.caller;
      ci = S.ci;
      continue;
    }
    const below = ci.prev!;
    if (below !== S.baseCi) {
      out.push({ kind: 'lua', ci, stack: S.stack });
      if (ci.fromNative && !ci.metaCall) out.push({ kind: 'C', caller: below, stack: S.stack });
    } else if (S.caller !== null) {
      // a segment's first frame: a metamethod, called by the instruction of the state it stands in
      // for; else a function called by that state's pcall or xpcall
      if (ci.metaCall) out.push({ kind: 'lua', ci, stack: S.stack, from: S.caller.ci });
      else out.push({ kind: 'lua', ci, stack: S.stack }, nativeCaller(S.caller));
    } else {
      out.push({ kind: 'lua', ci, stack: S.stack });
      // the main thread's first frame, called by the host (lua.c's pmain)
      if (S.thread.body === undefined) out.push({ kind: 'C', caller: null, stack: S.stack, fn: HOST });
    }
    ci = below;
  }
  return out;
}

/**
 * pushglobalfuncname: "name" of a function some loaded module holds ("string.rep"; "_G." dropped).
 * The standard modules are searched first, in LOADED's order, then the others package.loaded holds
 * (required modules: "mymod.f").
 */
function globalName(L: LuaState, fn: LuaValue): string | undefined {
  if (fn === undefined) return undefined;
  const loaded = L.loaded;
  const fieldOf = (mod: string): string | undefined => {
    const t = loaded.get(mod);
    if (!(t instanceof LuaTable)) return undefined;
    for (let e = t.next(undefined); e !== undefined; e = t.next(e[0]))
      if (e[1] === fn && typeof e[0] === 'string') return mod === '_G' ? e[0] : `${mod}.${e[0]}`;
    return undefined;
  };
  for (const mod of LOADED) {
    const name = fieldOf(mod);
    if (name !== undefined) return name;
  }
  for (let e = loaded.next(undefined); e !== undefined; e = loaded.next(e[0])) {
    if (typeof e[0] !== 'string' || LOADED.includes(e[0])) continue;
    const name = fieldOf(e[0]);
    if (name !== undefined) return name;
  }
  return undefined;
}

const EVENTS: Partial<Record<Op, string>> = {
  [Op.GETGLOBAL]: 'index',
  [Op.GETTABLE]: 'index',
  [Op.SELF]: 'index',
  [Op.SETGLOBAL]: 'newindex',
  [Op.SETTABLE]: 'newindex',
  [Op.ADD]: 'add',
  [Op.SUB]: 'sub',
  [Op.MUL]: 'mul',
  [Op.DIV]: 'div',
  [Op.MOD]: 'mod',
  [Op.POW]: 'pow',
  [Op.IDIV]: 'idiv',
  [Op.BAND]: 'band',
  [Op.BOR]: 'bor',
  [Op.BXOR]: 'bxor',
  [Op.SHL]: 'shl',
  [Op.SHR]: 'shr',
  [Op.UNM]: 'unm',
  [Op.BNOT]: 'bnot',
  [Op.LEN]: 'len',
  [Op.CONCAT]: 'concat',
  [Op.EQ]: 'eq',
  [Op.LT]: 'lt',
  [Op.LE]: 'le',
  [Op.CLOSE]: 'close',
  [Op.RETURN]: 'close',
  [Op.JMP]: 'close',
};

/** funcnamefromcode: what the instruction before caller's pc calls a function it calls. */
function nameFromCode(caller: CallInfo): [string, string] | undefined {
  if (caller.closure === null || caller.pc <= 0) return undefined;
  const p = caller.closure.proto;
  const ins = p.code[caller.pc - 1]!;
  const op = opOf(ins);
  if (op === Op.CALL || op === Op.TAILCALL) return getObjName(p, caller.pc - 1, argA(ins));
  if (op === Op.TFORCALL) return ['for iterator', 'for iterator'];
  const event = EVENTS[op];
  return event === undefined ? undefined : ['metamethod', event];
}

/** The function running at a level (undefined: a native no instruction tells). */
export function levelFunction(lv: StackLevel): LuaValue {
  if (lv.kind === 'lua') return lv.ci.closure!;
  return lv.fn ?? (lv.caller === null ? undefined : calleeOf(lv.caller, lv.stack));
}

/** getfuncname: what the code that called a level's function calls it ("local", "f"), if anything. */
export function levelName(lv: StackLevel): [string, string] | undefined {
  if (lv.kind === 'C') return lv.caller === null ? undefined : nameFromCode(lv.caller);
  const ci = lv.ci;
  return ci.tail || (ci.fromNative && !ci.metaCall) ? undefined : nameFromCode(lv.from ?? ci.prev!);
}

/** The line a Lua level is at. */
export function currentLine(ci: CallInfo): number {
  return ci.closure!.proto.lines[Math.max(ci.pc - 1, 0)]!;
}

/** A level's "[C]: in ..." or "chunk:line: in ..." line, and whether a tail call replaced its caller. */
function describe(L: LuaState, lv: StackLevel): { line: string; tail: boolean } {
  const fn = levelFunction(lv);
  const g = globalName(L, fn);
  const n = levelName(lv);
  if (lv.kind === 'C') {
    if (g !== undefined) return { line: `[C]: in function '${g}'`, tail: false };
    return { line: `[C]: in ${n === undefined ? '?' : `${n[0]} '${n[1]}'`}`, tail: false };
  }
  const ci = lv.ci;
  const p = ci.closure!.proto;
  const where = `${p.source}:${currentLine(ci)}: in `;
  if (g !== undefined) return { line: `${where}function '${g}'`, tail: ci.tail };
  if (n !== undefined) return { line: `${where}${n[0]} '${n[1]}'`, tail: ci.tail };
  if (p.linedefined === 0) return { line: `${where}main chunk`, tail: ci.tail };
  return { line: `${where}function <${p.source}:${p.linedefined}>`, tail: ci.tail };
}

/** luaL_traceback over levels from `level` on: msg (if any), then "stack traceback:" and a line each. */
export function traceback(L: LuaState, levels: StackLevel[], msg: string | undefined, level: number): string {
  let s = msg === undefined ? 'stack traceback:' : `${msg}\nstack traceback:`;
  const last = levels.length - 1;
  let limit = last - level > LEVELS1 + LEVELS2 ? LEVELS1 : -1;
  // a negative level names no level (lua_getstack fails at once)
  while (level >= 0 && level <= last) {
    if (limit-- === 0) {
      // as lua5.4.4: the level that shows the notice is skipped too, beyond the n it counts
      level++;
      const n = last - level - LEVELS2 + 1;
      s += `\n\t...\t(skipping ${n} levels)`;
      level += n;
      continue;
    }
    const d = describe(L, levels[level++]!);
    s += `\n\t${d.line}`;
    if (d.tail) s += '\n\t(...tail calls...)';
  }
  return s;
}
