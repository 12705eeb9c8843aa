// loadfile and dofile, over lauxlib's luaL_loadfilex: a file the host gives (StateOptions.files), or
// standard input when no name is given, loaded as a chunk named "@name" ("=stdin").
import { LuaError } from '../errors/index.ts';
import { callYieldable } from '../vm/coroutine.ts';
import type { LuaState } from '../vm/state.ts';
import { LuaClosure, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args } from './args.ts';
import { standardInput } from './io.ts';
import { loadChunk } from './load.ts';
import { filesOf } from './luafile.ts';

/**
 * luaL_loadfilex's skipcomment: a UTF-8 byte order mark is dropped, and a first line starting with
 * '#' (a shebang) too, its newline kept so that lines count as in the file.
 */
export function fileText(bytes: string): string {
  const text = bytes.startsWith('\xef\xbb\xbf') ? bytes.slice(3) : bytes;
  return text.startsWith('#') ? text.replace(/^[^\n]*/, '') : text;
}

/** luaL_loadfilex: the file's chunk, or [fail, message] ("cannot open name: reason", a syntax error). */
export function loadFile(
  L: LuaState,
  name: string | undefined,
  mode: string,
  env: { env: LuaValue } | null,
): LuaClosure | [undefined, LuaValue] {
  const bytes = name === undefined ? standardInput(L).rest() : filesOf(L).open(name, 'r');
  if (typeof bytes !== 'string') return [undefined, `cannot ${bytes.cannot} ${name}: ${bytes.reason}`];
  return loadChunk(L, fileText(bytes), name === undefined ? '=stdin' : `@${name}`, mode, env);
}

export function loadfile(L: LuaState, args: LuaValue[]): NativeResult {
  const a = new Args(L, 'loadfile', args);
  const name = args[0] === undefined ? undefined : a.string(1);
  const mode = args[1] === undefined ? 'bt' : a.string(2);
  return loadFile(L, name, mode, args.length >= 3 ? { env: args[2] } : null);
}

export function dofile(L: LuaState, args: LuaValue[]): NativeResult {
  const name = args[0] === undefined ? undefined : new Args(L, 'dofile', args).string(1);
  const f = loadFile(L, name, 'bt', null);
  // lua_error: the message as it is, no position added
  if (!(f instanceof LuaClosure)) throw new LuaError(f[1]);
  // lua_callk: inside a coroutine the file may yield
  return callYieldable(L, f, []);
}
