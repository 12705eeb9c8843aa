// The JIT hook of a coroutine's state (JitHook.forCoroutine). Loops are recorded and run as in the
// main thread, but only trees that never run Lua code in a nested interpreter loop (yieldsafe.ts):
// the coroutine's code stays in its own dispatch loop, the only place a yield can leave from
// (vm/coroutine.ts). Function traces the main thread compiled run here too (they hand their frames
// back to this loop); recording one runs its calls in nested loops, so none is recorded here.
import type { Proto } from '../compiler/proto.ts';
import type { CallInfo, JitHook, LuaState } from '../vm/state.ts';
import type { LoopLookup } from './record/callee-loops.ts';

/** What the coroutine's hook takes from the main thread's JIT (engine.ts). */
export interface CoroutineHost {
  readonly tracing: number;
  readonly findLoop: LoopLookup;
  prepare(p: Proto): void;
  onLoop(L: LuaState, ci: CallInfo, inCoroutine: boolean): void;
  onLoopEntry(L: LuaState, ci: CallInfo, inCoroutine: boolean): void;
  onCall(L: LuaState, ci: CallInfo, inCoroutine: boolean): CallInfo;
  quiet<T>(fn: () => T): T;
}

export class CoroutineJit implements JitHook {
  constructor(private readonly host: CoroutineHost) {}

  forCoroutine(): JitHook {
    return this;
  }

  get tracing(): number {
    return this.host.tracing;
  }

  /** The main thread's loops: a coroutine's recording refuses to call their trees (record/). */
  readonly findLoop: LoopLookup = (p, header) => this.host.findLoop(p, header);

  prepare(p: Proto): void {
    this.host.prepare(p);
  }

  onLoop(L: LuaState, ci: CallInfo): void {
    this.host.onLoop(L, ci, true);
  }

  onLoopEntry(L: LuaState, ci: CallInfo): void {
    this.host.onLoopEntry(L, ci, true);
  }

  onCall(L: LuaState, ci: CallInfo): CallInfo {
    return this.host.onCall(L, ci, true);
  }

  /** A pure call folded while recording here runs with recording off (record/pure.ts). */
  quiet<T>(fn: () => T): T {
    return this.host.quiet(fn);
  }
}
