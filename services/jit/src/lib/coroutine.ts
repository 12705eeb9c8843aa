// The coroutine library as lua5.4.4's lcorolib.c, over vm/coroutine.ts.
import { LuaError } from '../errors/index.ts';
import { closePending, resume, yieldable, yieldFrom } from '../vm/coroutine.ts';
import { calledByLoop, type LuaState } from '../vm/state.ts';
import { prepend } from '../vm/prepend.ts';
import { LuaTable } from '../vm/table.ts';
import { LuaClosure, LuaThread, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { defineLib, luaError, typeError } from './args.ts';

function getco(L: LuaState, self: string, args: LuaValue[]): LuaThread {
  const co = args[0];
  if (!(co instanceof LuaThread)) return typeError(L, self, args, 1, 'thread');
  return co;
}

/** A coroutine's status as seen from L: the one L runs is 'running' whatever it was left as. */
function statusOf(L: LuaState, co: LuaThread): string {
  return co === L.thread ? 'running' : co.status;
}

let wrapped = 0;

function yieldFn(L: LuaState, args: LuaValue[]): NativeResult {
  return yieldFrom(L, args, calledByLoop(L, yieldFn));
}

export function openCoroutine(L: LuaState): void {
  const CO = new LuaTable();
  L.globals.set('coroutine', CO);
  defineLib(L, CO, 'coroutine.', {
    create(L, args): NativeResult {
      const f = args[0];
      if (!(f instanceof LuaClosure || f instanceof NativeFunction))
        return typeError(L, 'coroutine.create', args, 1, 'function');
      return L.newThread(f);
    },
    resume(L, args): NativeResult {
      const co = getco(L, 'coroutine.resume', args);
      const r = resume(L, co, args.slice(1));
      if (!r.ok) return [false, r.error];
      return prepend(true, r.values);
    },
    yield: yieldFn,
    status(L, args): NativeResult {
      return statusOf(L, getco(L, 'coroutine.status', args));
    },
    running(L): NativeResult {
      return [L.thread, L.thread.body === undefined];
    },
    isyieldable(L, args): NativeResult {
      const co = args.length === 0 ? L.thread : getco(L, 'coroutine.isyieldable', args);
      // the running one not from a native's callback, nor while coroutine.close closes its variables
      return co === L.thread ? yieldable(L) : co.body !== undefined;
    },
    wrap(L, args): NativeResult {
      const f = args[0];
      if (!(f instanceof LuaClosure || f instanceof NativeFunction))
        return typeError(L, 'coroutine.wrap', args, 1, 'function');
      const co = L.newThread(f);
      // A name of its own: tostring shows natives by name, and each wrap makes another function.
      const wrapper = new NativeFunction(`coroutine.wrap#${++wrapped}`, (L, args) => {
        const r = resume(L, co, args);
        if (r.ok) return r.values;
        // auxwrap: a coroutine that failed is closed (its <close> variables may replace the error)
        const error = co.failed ? closePending(co).error : r.error;
        co.failed = false;
        // a string error gets the position of the caller of the wrapped function
        throw new LuaError(typeof error === 'string' ? L.where(1) + error : error);
      });
      wrapper.holds = [co];
      return wrapper;
    },
    close(L, args): NativeResult {
      const co = getco(L, 'coroutine.close', args);
      const status = statusOf(L, co);
      if (status !== 'suspended' && status !== 'dead')
        return luaError(L, `cannot close a ${status} coroutine`);
      const { error, raised } = closePending(co);
      co.status = 'dead';
      co.failed = false;
      co.error = undefined;
      return raised ? [false, error] : true;
    },
  });
}
