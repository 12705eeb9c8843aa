// load as lua5.4's luaB_load: a chunk from a string, or from the pieces a function returns, compiled
// at run time into a function whose one upvalue, _ENV, is the globals or the env given.
import { compile } from '../compiler/index.ts';
import { LuaError, LuaSyntaxError, ParserCStackOverflow } from '../errors/index.ts';
import { parse } from '../parser/index.ts';
import { handledAtRaise } from '../vm/coroutine.ts';
import type { LuaState } from '../vm/state.ts';
import { toStr } from '../vm/meta.ts';
import { closedUpval, LuaClosure, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, typeError } from './args.ts';
import { protectedCall } from './protected.ts';

/** lua5.4's LUA_IDSIZE: the longest chunk name shown in messages, with its terminating NUL. */
const IDSIZE = 60;

/** luaO_chunkid: how a chunk's name appears in messages ('=name', '@file' or the source itself). */
export function chunkId(source: string): string {
  if (source.startsWith('=')) return source.slice(1, IDSIZE);
  if (source.startsWith('@')) {
    if (source.length <= IDSIZE) return source.slice(1);
    return '...' + source.slice(source.length - (IDSIZE - 4));
  }
  const nl = source.indexOf('\n');
  const room = IDSIZE - '[string "..."]'.length - 1;
  if (source.length < room && nl < 0) return `[string "${source}"]`;
  const line = nl < 0 ? source : source.slice(0, nl);
  return `[string "${line.slice(0, room)}..."]`;
}

/**
 * The source a reader function gives piece by piece, up to a nil or empty piece. An error the reader
 * raises is load's failure, as lua_load reads inside its protected parse.
 */
function readAll(L: LuaState, reader: LuaValue): string | { error: LuaValue } {
  let source = '';
  for (;;) {
    // lua_load's protected parse keeps the running message handler (xpcall's, lua.c's)
    const r = protectedCall(L, reader, [], L.errfunc);
    if (!r.ok) return { error: r.error };
    const got = r.results[1];
    if (got === undefined || got === '') return source;
    // lua_isstring: a number is a string piece too
    const piece = toStr(got);
    // lua5.4 raises it inside the reader's protected parse, positioned at load's caller
    if (piece === undefined) {
      const e = new LuaError(L.where(1) + 'reader function must return a string');
      return { error: handledAtRaise(L, L.errfunc, e, L.cdepth) };
    }
    source += piece;
  }
}

export function load(L: LuaState, args: LuaValue[]): NativeResult {
  const a = new Args(L, 'load', args);
  const chunk = args[0];
  let source: string;
  let name: string;
  if (typeof chunk === 'string' || typeof chunk === 'number' || typeof chunk === 'bigint') {
    source = a.string(1);
    name = a.optString(2, source);
  } else {
    if (!(chunk instanceof LuaClosure || chunk instanceof NativeFunction))
      return typeError(L, 'load', args, 1, 'function');
    name = a.optString(2, '=(load)');
    const read = readAll(L, chunk);
    if (typeof read !== 'string') return [undefined, read.error];
    source = read;
  }
  // An env, even nil, replaces the globals: every free name then goes through the _ENV upvalue.
  return loadChunk(L, source, name, a.optString(3, 'bt'), args.length >= 4 ? { env: args[3] } : null);
}

/**
 * lua_load of a whole source: the chunk as a function whose _ENV is the globals, or `env.env` when
 * given, or [fail, message] as load and loadfile return it.
 */
export function loadChunk(
  L: LuaState,
  source: string,
  name: string,
  mode: string,
  env: { env: LuaValue } | null,
): LuaClosure | [undefined, LuaValue] {
  // lua5.4's binary chunks start with ESC 'Lua'; this implementation has no binary format
  const binary = source.startsWith('\x1bLua');
  if (!mode.includes(binary ? 'b' : 't'))
    return [undefined, `attempt to load a ${binary ? 'binary' : 'text'} chunk (mode is '${mode}')`];
  const id = chunkId(name);
  if (binary) return [undefined, `${id}: bad binary format (precompiled chunks are not supported)`];
  let proto;
  try {
    // lua_load parses on top of the C calls running (a deep nesting fails sooner in nested calls)
    proto = compile(parse(source, id, true, L.nCcalls), id, env !== null, name);
  } catch (e) {
    // the parser's C stack overflow is a runtime error, which the running message handler sees
    if (e instanceof ParserCStackOverflow)
      return [undefined, handledAtRaise(L, L.errfunc, new LuaError(e.value), L.cdepth)];
    if (e instanceof LuaSyntaxError) return [undefined, e.value];
    throw e;
  }
  L.jit?.prepare(proto);
  return new LuaClosure(proto, [closedUpval(env !== null ? env.env : L.globals)]);
}
