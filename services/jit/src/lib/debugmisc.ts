// The rest of the debug library that lsjit has, as lua5.4.4's ldblib.c: getmetatable and setmetatable
// past __metatable, getregistry, gethook (no hooks: sethook is absent, so programs that test for it
// take their other way), getuservalue and setuservalue (host userdata carry no user values).
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LuaUserdata, type NativeFn } from '../vm/value.ts';
import { Args, luaError, typeError } from './args.ts';

/** Each program's registry, made when first asked for. */
const registries = new WeakMap<LuaState, LuaTable>();

/** The registry, if debug.getregistry has made it (collectgarbage marks it). */
export function madeRegistry(L: LuaState): LuaTable | undefined {
  return registries.get(L.root);
}

/** LUA_REGISTRYINDEX's table as far as lsjit has one: the main thread, the globals, the module tables. */
function registry(L: LuaState): LuaTable {
  const root = L.root;
  let r = registries.get(root);
  if (r === undefined) {
    r = new LuaTable();
    r.set(1, root.thread);
    r.set(2, root.globals);
    r.set('_LOADED', root.loaded);
    const pkg = root.loaded.get('package');
    if (pkg instanceof LuaTable) r.set('_PRELOAD', pkg.get('preload'));
    registries.set(root, r);
  }
  return r;
}

export const DEBUG_MISC: Record<string, NativeFn> = {
  getmetatable(L, args) {
    return L.metaOf(new Args(L, 'debug.getmetatable', args).any(1)) ?? undefined;
  },
  setmetatable(L, args) {
    const v = args[0];
    const mt = args[1];
    if (!(mt === undefined || mt instanceof LuaTable))
      return typeError(L, 'debug.setmetatable', args, 2, 'nil or table');
    const m = (mt as LuaTable | undefined) ?? null;
    if (v instanceof LuaTable || v instanceof LuaUserdata) {
      v.metatable = m;
      L.root.gc.check(v, m);
    } else if (L.metaOf(v) !== m)
      // the interpreter and the traces look up metatables of tables, userdata and strings only
      luaError(
        L,
        `lsjit: debug.setmetatable cannot give ${typeof v === 'string' ? 'strings' : 'values of this type'} another metatable`,
      );
    return v;
  },
  getregistry(L) {
    return registry(L);
  },
  gethook() {
    return undefined;
  },
  getuservalue(L, args) {
    new Args(L, 'debug.getuservalue', args).optIntN(2, 1);
    return undefined;
  },
  setuservalue(L, args) {
    const A = new Args(L, 'debug.setuservalue', args);
    if (!(args[0] instanceof LuaUserdata)) return typeError(L, 'debug.setuservalue', args, 1, 'userdata');
    A.any(2);
    A.optIntN(3, 1);
    return undefined;
  },
};
