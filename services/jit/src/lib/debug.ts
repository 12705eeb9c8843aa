// The debug library, as lua5.4.4's ldblib.c: traceback and getinfo over vm/traceback.ts here (the levels
// in debuglevels.ts), locals and upvalues in debugvars.ts, the rest lsjit has in debugmisc.ts.
import { toStr } from '../vm/meta.ts';
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { currentLine, levelFunction, levelName, traceback, type StackLevel } from '../vm/traceback.ts';
import { LuaClosure, LuaThread, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, argError, defineLib } from './args.ts';
import { DEBUG_MISC } from './debugmisc.ts';
import { DEBUG_VARS, upvalueCount } from './debugvars.ts';
import { levelsOf } from './debuglevels.ts';

const OPTIONS = 'SlnrutfL';

/** db_getinfo's table for a function (level undefined) or a level of a stack. */
function info(fn: LuaValue, lv: StackLevel | undefined, options: string): LuaTable {
  const t = new LuaTable();
  const p = fn instanceof LuaClosure ? fn.proto : null;
  if (options.includes('S')) {
    if (p === null) {
      t.set('source', '=[C]');
      t.set('short_src', '[C]');
    } else {
      t.set('source', p.chunk ?? `@${p.source}`);
      t.set('short_src', p.source);
    }
    t.set('linedefined', p === null ? -1 : p.linedefined);
    // a main chunk has no lines of its own (luaY_parser leaves its lastlinedefined 0)
    t.set('lastlinedefined', p === null ? -1 : p.linedefined === 0 ? 0 : p.lastlinedefined);
    t.set('what', p === null ? 'C' : p.linedefined === 0 ? 'main' : 'Lua');
  }
  if (options.includes('l')) t.set('currentline', lv?.kind === 'lua' ? currentLine(lv.ci) : -1);
  if (options.includes('u')) {
    t.set('nups', p === null ? 0 : upvalueCount(p));
    t.set('nparams', p === null ? 0 : p.numparams);
    t.set('isvararg', p === null ? true : p.isVararg);
  }
  if (options.includes('n')) {
    const n = lv === undefined ? undefined : levelName(lv);
    if (n !== undefined) t.set('name', n[1]);
    t.set('namewhat', n === undefined ? '' : n[0]);
  }
  if (options.includes('r')) {
    t.set('ftransfer', 0);
    t.set('ntransfer', 0);
  }
  if (options.includes('t')) t.set('istailcall', lv?.kind === 'lua' ? lv.ci.tail : false);
  if (options.includes('L') && p !== null) {
    const lines = new LuaTable();
    for (let pc = 0; pc < p.lines.length; pc++) lines.set(p.lines[pc]!, true);
    t.set('activelines', lines);
  }
  if (options.includes('f')) t.set('func', fn);
  return t;
}

export function openDebug(L: LuaState): void {
  const D = new LuaTable();
  L.globals.set('debug', D);
  defineLib(L, D, 'debug.', { ...DEBUG_VARS, ...DEBUG_MISC });
  defineLib(L, D, 'debug.', {
    getinfo(L, args): NativeResult {
      const co = args[0] instanceof LuaThread ? args[0] : null;
      const at = co === null ? 0 : 1;
      const A = new Args(L, 'debug.getinfo', args);
      const options = A.optString(at + 2, 'flnSrtu');
      if (options.startsWith('>')) return argError(L, 'debug.getinfo', at + 2, "invalid option '>'");
      const target = args[at];
      let fn: LuaValue;
      let lv: StackLevel | undefined;
      if (target instanceof LuaClosure || target instanceof NativeFunction) fn = target;
      else {
        const level = A.intN(at + 1);
        lv = levelsOf(L, co)[level];
        if (level < 0 || lv === undefined) return undefined;
        fn = levelFunction(lv);
      }
      for (const c of options)
        if (!OPTIONS.includes(c)) return argError(L, 'debug.getinfo', at + 2, 'invalid option');
      return info(fn, lv, options);
    },
    traceback(L, args): NativeResult {
      const co = args[0] instanceof LuaThread ? args[0] : null;
      const at = co === null ? 0 : 1;
      const m: LuaValue = args[at];
      const msg = toStr(m);
      // a message that is no string or number comes back untouched
      if (msg === undefined && m !== undefined) return m;
      const own = co === null || co === L.thread;
      // Args counts from the message: lua5.4 names the level argument #2, or #3 after a thread.
      const level = new Args(L, 'debug.traceback', args).optIntN(at + 2, own ? 1 : 0);
      return traceback(L, levelsOf(L, co), msg, level);
    },
  });
}
