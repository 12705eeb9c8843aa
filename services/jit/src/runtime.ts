// Loading and running a chunk: source -> AST -> bytecode -> interpreter, with lua.c's conventions.
import { compile, type Proto } from './compiler/index.ts';
import { LuaError } from './errors/index.ts';
import { closeFiles, closeState, ExitRequest, fileText, openLibs } from './lib/index.ts';
import { emptyJitStats, TracingJit, type JitStats } from './jit/index.ts';
import { parse } from './parser/index.ts';
import { resetShapes } from './vm/shape.ts';
import { handledAtRaise } from './vm/coroutine.ts';
import { stackLevels, traceback } from './vm/traceback.ts';
import {
  execute,
  executeCaught,
  hostErrorMessage,
  closedUpval,
  isNumber,
  LuaClosure,
  LuaState,
  LuaTable,
  NativeFunction,
  tostringValue,
  typeName,
  type LuaValue,
  type StateOptions,
} from './vm/index.ts';

/** The program's output, input and environment (StateOptions), and how to run it. */
export interface RunOptions extends StateOptions {
  /** Name used in messages ("file.lua:3: ..."), as lua.c derives it from the script path. */
  chunkname: string;
  /** Script arguments: arg[0] is the chunkname, then these. */
  args?: string[];
  /** Tracing JIT on (default) or off (interpreter only). */
  jit?: boolean;
  /** Backward branches before a loop is traced; 1 traces every loop at its first iteration. */
  hotLoopThreshold?: number;
  /** Take the program's `--@pure` / `--@promote` JIT hints (default) or ignore them. */
  hints?: boolean;
  /** Receives the JavaScript generated for each trace (debugging). */
  dumpTrace?: (s: string) => void;
  /**
   * Called with the outcome before lua_close runs the program's pending finalizers (lib/finalizers.ts),
   * where lua.c reports an uncaught error: what the finalizers write comes after the message.
   */
  beforeClose?: (r: RunResult) => void;
}

/** Loop iterations before a loop is traced, when the caller does not say. */
export const DEFAULT_HOT_LOOP_THRESHOLD = 56;

export interface RunResult {
  /** lua.c's exit status: 0, or 1 after an uncaught error. */
  status: number;
  /** For status 1: the message lua.c prints after "lua5.4: ". */
  error?: string;
  /**
   * For a runtime error: the stack traceback lua.c's message handler appends to the message, where
   * the error was raised ("stack traceback:\n\t..."). None for a syntax error, an error value whose
   * __tostring gives the message, or an error that a `<close>` variable's __close replaced.
   */
  traceback?: string;
  /** What the tracing JIT did. */
  stats: JitStats;
}

/**
 * Compiles a program as lua5.4 loads a file (luaL_loadfilex): a byte order mark and a first line
 * starting with '#' (a shebang) are skipped (lib/loadfile.ts's fileText). load() of a string
 * (lib/load.ts) skips nothing, as lua_load does not.
 */
export function load(source: string, chunkname: string, hints = true): Proto {
  // lua.c loads a script as "@script" (luaL_loadfilex)
  return compile(parse(fileText(source), chunkname, hints), chunkname, false, `@${chunkname}`);
}

export function newState(opts: StateOptions): LuaState {
  resetShapes();
  const L = new LuaState(opts);
  L.execute = execute;
  L.executeCaught = executeCaught;
  openLibs(L);
  return L;
}

/** Whether an error value's message is its __tostring's, which lua.c's msghandler gives as it is. */
function ownMessage(L: LuaState, v: LuaValue): boolean {
  return typeof v !== 'string' && !isNumber(v) && L.metaOf(v)?.getStr('__tostring') !== undefined;
}

/** lua.c's msghandler: the text printed for an uncaught error value. */
export function errorText(L: LuaState, v: LuaValue): string {
  if (typeof v === 'string') return v;
  if (isNumber(v) || ownMessage(L, v)) return tostringValue(L, v);
  return `(error object is a ${typeName(v)} value)`;
}

/**
 * lua.c's msghandler, called where an error was raised (vm/coroutine.ts's handledAtRaise): errorText
 * with a traceback from the level that raised it appended, unless __tostring made the message.
 */
const MSGHANDLER = new NativeFunction('msghandler', (L, args) => {
  const msg = errorText(L, args[0]);
  return ownMessage(L, args[0]) ? msg : `${msg}\n${traceback(L, stackLevels(L, L.cdepth), undefined, 1)}`;
});
/** lua.c's handler, the one lsjit runs a program under. */
const LUA_C_HANDLER = { fn: MSGHANDLER };

/** RunResult's error and traceback of what lua.c's handler made of an error: the last traceback is its. */
function report(L: LuaState, handled: LuaValue): { error: string; traceback?: string } {
  const text = errorText(L, handled);
  const at = text.lastIndexOf('\nstack traceback:\n');
  return at < 0 ? { error: text } : { error: text.slice(0, at), traceback: text.slice(at + 1) };
}

/** Runs a script as `lua5.4 script` would; source holds one byte per char (latin1). */
export function runSource(source: string, opts: RunOptions): RunResult {
  const L = newState(opts);
  const stats = emptyJitStats();
  const argt = new LuaTable();
  argt.set(0, opts.chunkname);
  (opts.args ?? []).forEach((a, i) => argt.set(i + 1, a));
  L.globals.set('arg', argt);
  let proto: Proto;
  try {
    proto = load(source, opts.chunkname, opts.hints !== false);
  } catch (e) {
    if (e instanceof LuaError) return { status: 1, error: errorText(L, e.value), stats };
    throw e;
  }
  if (opts.jit !== false) {
    const jit = new TracingJit({
      hotLoopThreshold: opts.hotLoopThreshold ?? DEFAULT_HOT_LOOP_THRESHOLD,
      stats,
      dump: opts.dumpTrace,
    });
    jit.prepare(proto);
    L.jit = jit;
  }
  L.errfunc = LUA_C_HANDLER;
  try {
    const r = runMain(L, proto, opts, stats);
    if (r.close) {
      opts.beforeClose?.(r.result);
      try {
        closeState(L);
      } catch (e) {
        // os.exit in a finalizer ends the program there, with its status
        if (e instanceof ExitRequest) return { status: e.status, stats };
        throw e;
      }
    }
    return r.result;
  } finally {
    closeFiles(L);
  }
}

/** Runs the main chunk as lua.c's docall; close: whether lua.c then closes the state (lua_close). */
function runMain(
  L: LuaState,
  proto: Proto,
  opts: RunOptions,
  stats: JitStats,
): { result: RunResult; close: boolean } {
  try {
    L.call(new LuaClosure(proto, [closedUpval(L.globals)]), (opts.args ?? []).slice());
    if (opts.dumpTrace !== undefined && L.jit instanceof TracingJit)
      opts.dumpTrace(L.jit.exitReport() + '\n');
    return { result: { status: 0, stats }, close: true };
  } catch (e) {
    if (e instanceof ExitRequest) return { result: { status: e.status, stats }, close: e.close };
    if (e instanceof LuaError) {
      const handled = handledAtRaise(L, LUA_C_HANDLER, e, L.cdepth);
      // lua.c's lua_pcall then closes the chunk's pending <close> variables with what its handler
      // made; the handler sees an error a __close raises too (ldo.c's luaD_closeprotected).
      L.ci = L.baseCi;
      L.cdepth = 0;
      const closed = L.closeTbcOnError(0, handled, (e) => handledAtRaise(L, LUA_C_HANDLER, e, L.cdepth));
      return { result: { status: 1, ...report(L, closed.error), stats }, close: true };
    }
    // A RangeError the interpreter did not see (raised outside any Lua frame) is a host limit too.
    if (e instanceof RangeError)
      return { result: { status: 1, error: hostErrorMessage(e) ?? 'stack overflow', stats }, close: false };
    throw e;
  }
}
