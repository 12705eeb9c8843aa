// __gc metamethods, run as lua5.4 runs them: by lua_close for every object still marked when the
// program ends (lua.c closes its state after the main chunk returns or fails, and os.exit(code, true)
// closes it too), newest marked first, and by collectgarbage() for the marked objects that nothing
// reaches any more (lib/collect.ts). A finalizer runs in protected mode with no message handler; its
// error becomes a warning ("error in __gc (...)"), written only when warnings are on.
import type { Finalizable } from '../vm/gcstate.ts';
import { objTypeName, type LuaState } from '../vm/state.ts';
import { LuaClosure, NativeFunction, type LuaValue } from '../vm/value.ts';
import { protectedCall } from './protected.ts';

/** GCTM: calls o's __gc (as its metatable has it now), if any. */
export function finalize(L: LuaState, o: Finalizable): void {
  L.root.gc.unmark(o);
  const tm = o.metatable?.getStr('__gc');
  if (tm === undefined) return;
  let error: LuaValue;
  if (callable(L, tm)) {
    const r = protectedCall(L, tm, [o], null);
    if (r.ok) return;
    error = r.error;
  } else error = `attempt to call a ${objTypeName(tm)} value (metamethod '__gc')`;
  if (!L.root.gc.warnings) return;
  const msg = typeof error === 'string' ? error : 'error object is not a string';
  L.writeErr(`Lua warning: error in __gc (${msg})\n`);
}

/** Whether calling v calls something (lua5.4 names a __gc that is not callable in the error). */
function callable(L: LuaState, v: LuaValue): boolean {
  return (
    v instanceof LuaClosure || v instanceof NativeFunction || L.metaOf(v)?.getStr('__call') !== undefined
  );
}

/** lua_close's luaC_freeallobjects: every marked object's finalizer, newest first; no new marks. */
export function closeState(L: LuaState): void {
  const gc = L.root.gc;
  gc.closing = true;
  for (let o = gc.marked.pop(); o !== undefined; o = gc.marked.pop()) finalize(L, o);
}
