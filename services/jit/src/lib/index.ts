import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { openBase } from './base.ts';
import { openCoroutine } from './coroutine.ts';
import { openDebug } from './debug.ts';
import { openGc } from './gc.ts';
import { openIo } from './io.ts';
import { openMath } from './math.ts';
import { openOs } from './os.ts';
import { openPackage } from './package.ts';
import { openString } from './string.ts';
import { openTable } from './table.ts';
import { openUtf8 } from './utf8.ts';

export { ExitRequest } from './os.ts';
export { closeState } from './finalizers.ts';
export { fileText } from './loadfile.ts';
export { closeFiles } from './io.ts';
export { ERRNO } from './errno.ts';

/** The modules luaL_openlibs opens, in its order, each a global and an entry of package.loaded. */
const MODULES = ['_G', 'package', 'coroutine', 'table', 'io', 'os', 'string', 'math', 'utf8', 'debug'];

export function openLibs(L: LuaState): void {
  L.globals = new LuaTable();
  L.loaded = new LuaTable();
  openBase(L);
  openPackage(L);
  openGc(L);
  openString(L);
  openMath(L);
  openTable(L);
  openIo(L);
  openOs(L);
  openUtf8(L);
  openCoroutine(L);
  openDebug(L);
  for (const name of MODULES) L.loaded.set(name, L.globals.get(name));
}
