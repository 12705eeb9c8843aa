// require and the package library, as lua5.4's loadlib.c: package.loaded (the registry's _LOADED),
// package.preload, and the four searchers (preload, Lua files on package.path, C libraries on
// package.cpath, and a C library's root). This implementation loads no C libraries: it finds them,
// as lua5.4 does, and then fails as a lua5.4 built without dlopen fails. Files come from the host
// (StateOptions.files); a host that gives none (the HTTP service) has modules only in preload.
import { LuaError } from '../errors/index.ts';
import { toStr } from '../vm/meta.ts';
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LuaClosure, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, defineLib, luaError } from './args.ts';
import { loadFile } from './loadfile.ts';
import { filesOf } from './luafile.ts';

/** Debian's lua5.4 defaults (its luaconf.h adds /usr/share/lua and the multiarch C directory). */
const PATH_DEFAULT =
  '/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;/usr/local/lib/lua/5.4/?.lua;' +
  '/usr/local/lib/lua/5.4/?/init.lua;/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;' +
  './?.lua;./?/init.lua';
const CPATH_DEFAULT =
  '/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/lib/lua/5.4/?.so;' +
  '/usr/local/lib/lua/5.4/loadall.so;./?.so';

/** loadlib.c's message where dynamic libraries are not built in, and loadlib's third result. */
const DLMSG = 'dynamic libraries not enabled; check your Lua installation';
const LIB_FAIL = 'absent';

/** setpath: LUA_PATH_5_4 or LUA_PATH from the environment, ";;" standing for the default. */
function envPath(L: LuaState, envName: string, dft: string): string {
  const path = L.env?.[`${envName}_5_4`] ?? L.env?.[envName];
  if (path === undefined) return dft;
  const mark = path.indexOf(';;');
  if (mark < 0) return path;
  let s = mark > 0 ? path.slice(0, mark) + ';' : '';
  s += dft;
  if (mark < path.length - 2) s += ';' + path.slice(mark + 2);
  return s;
}

/**
 * searchpath: the first readable file of `path` with name (its `sep`s made `rep`s) put for each '?',
 * or the "no file" lines for every one tried. Names are split at each ';', empty ones too.
 */
export function searchPath(
  L: LuaState,
  name: string,
  path: string,
  sep: string,
  rep: string,
): { file: string } | { tried: string } {
  if (sep !== '' && name.includes(sep)) name = name.split(sep).join(rep);
  const names = path.split('?').join(name);
  if (names !== '') for (const f of names.split(';')) if (filesOf(L).readable(f)) return { file: f };
  return { tried: `no file '${names.split(';').join("'\n\tno file '")}'` };
}

export function openPackage(L: LuaState): void {
  const pkg = new LuaTable();
  // the registry's _PRELOAD: the preload searcher keeps it when package.preload is replaced
  const preload = new LuaTable();
  const searchers = new LuaTable();

  /** findfile: searchpath over package[field], which must be a string. */
  const findFile = (L: LuaState, name: string, field: string): { file: string } | { tried: string } => {
    const path = toStr(pkg.get(field));
    if (path === undefined) throw new LuaError(`'package.${field}' must be a string`);
    return searchPath(L, name, path, '.', '/');
  };
  /** checkload of a C library: found, but there is no dlopen to open it. */
  const cannotLoad = (name: string, file: string): never => {
    throw new LuaError(`error loading module '${name}' from file '${file}':\n\t${DLMSG}`);
  };

  const searcherPreload = (L: LuaState, args: LuaValue[]): NativeResult => {
    const name = new Args(L, 'searcher_preload', args).string(1);
    const loader = preload.get(name);
    return loader === undefined ? `no field package.preload['${name}']` : [loader, ':preload:'];
  };
  const searcherLua = (L: LuaState, args: LuaValue[]): NativeResult => {
    const name = new Args(L, 'searcher_Lua', args).string(1);
    const found = findFile(L, name, 'path');
    if (!('file' in found)) return found.tried;
    const f = loadFile(L, found.file, 'bt', null);
    if (f instanceof LuaClosure) return [f, found.file];
    throw new LuaError(`error loading module '${name}' from file '${found.file}':\n\t${toStr(f[1]) ?? ''}`);
  };
  const searcherC = (L: LuaState, args: LuaValue[]): NativeResult => {
    const name = new Args(L, 'searcher_C', args).string(1);
    const found = findFile(L, name, 'cpath');
    return 'file' in found ? cannotLoad(name, found.file) : found.tried;
  };
  const searcherCroot = (L: LuaState, args: LuaValue[]): NativeResult => {
    const name = new Args(L, 'searcher_Croot', args).string(1);
    const dot = name.indexOf('.');
    if (dot < 0) return [];
    const found = findFile(L, name.slice(0, dot), 'cpath');
    return 'file' in found ? cannotLoad(name, found.file) : found.tried;
  };
  [searcherPreload, searcherLua, searcherC, searcherCroot].forEach((fn, i) =>
    searchers.set(i + 1, new NativeFunction('?', fn)),
  );

  /** findloader: asks each searcher in turn; the messages of those that found nothing make the error. */
  const findLoader = (L: LuaState, name: string): [LuaValue, LuaValue] => {
    const list = pkg.get('searchers');
    if (!(list instanceof LuaTable)) luaError(L, "'package.searchers' must be a table");
    let msg = '';
    for (let i = 1; ; i++) {
      const searcher = list.getInt(i);
      if (searcher === undefined) luaError(L, `module '${name}' not found:${msg}`);
      const r = L.call(searcher, [name]);
      if (r[0] instanceof LuaClosure || r[0] instanceof NativeFunction) return [r[0], r[1]];
      const text = toStr(r[0]);
      if (text !== undefined) msg += '\n\t' + text;
    }
  };

  defineLib(L, L.globals, '', {
    require(L, args) {
      const name = new Args(L, 'require', args).string(1);
      const loaded = L.loaded;
      const have = loaded.get(name);
      if (have !== undefined && have !== false) return have;
      const [loader, data] = findLoader(L, name);
      const r = L.call(loader, [name, data])[0];
      if (r !== undefined) loaded.set(name, r);
      if (loaded.get(name) === undefined) loaded.set(name, true);
      return [loaded.get(name), data];
    },
  });
  defineLib(L, pkg, 'package.', {
    searchpath(L, args) {
      const a = new Args(L, 'searchpath', args);
      const found = searchPath(L, a.string(1), a.string(2), a.optString(3, '.'), a.optString(4, '/'));
      return 'file' in found ? found.file : [undefined, found.tried];
    },
    loadlib(L, args) {
      const a = new Args(L, 'loadlib', args);
      a.string(1);
      a.string(2);
      return [undefined, DLMSG, LIB_FAIL];
    },
  });
  pkg.set('config', '/\n;\n?\n!\n-\n');
  pkg.set('path', envPath(L, 'LUA_PATH', PATH_DEFAULT));
  pkg.set('cpath', envPath(L, 'LUA_CPATH', CPATH_DEFAULT));
  pkg.set('loaded', L.loaded);
  pkg.set('preload', preload);
  pkg.set('searchers', searchers);
  L.globals.set('package', pkg);
}
