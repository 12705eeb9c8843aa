// The stack levels the debug library counts in: the running state's, or another coroutine's, which
// is stopped in a call or where the error it died of was raised.
import { innermost } from '../vm/coroutine.ts';
import type { LuaState } from '../vm/state.ts';
import { stackLevels, type StackLevel } from '../vm/traceback.ts';
import type { LuaThread } from '../vm/value.ts';

/**
 * The levels of a coroutine other than the running one: where it is stopped in a call, or where the
 * error it died of was raised (until coroutine.close), else none.
 */
function threadLevels(co: LuaThread): StackLevel[] {
  // inside the metamethods the error left (vm/coroutine.ts callMeta)
  if (co.status === 'dead' && co.failed) return stackLevels(innermost(co.L), co.failedNatives);
  if (co.status !== 'suspended' && co.status !== 'normal') return [];
  if (!co.started) return [];
  let X = co.L;
  while (X.pending !== null) X = X.pending.S;
  // stopped inside coroutine.yield (suspended) or coroutine.resume (normal)
  return stackLevels(X, 1);
}

/** The levels debug functions count in: the running state's (from L's natives), or coroutine co's. */
export function levelsOf(L: LuaState, co: LuaThread | null): StackLevel[] {
  return co === null || co === L.thread ? stackLevels(L, L.cdepth) : threadLevels(co);
}
