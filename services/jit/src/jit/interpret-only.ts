// The JIT hook of a coroutine's state (JitHook.forCoroutine): counters that run out are wound up
// again and nothing is recorded or run, so the coroutine's code stays in its own dispatch loop, the
// only place a yield can leave from (vm/coroutine.ts).
import type { Proto } from '../compiler/proto.ts';
import type { CallInfo, JitHook, LuaState } from '../vm/state.ts';
import { giveCounters } from './counters.ts';

export class InterpretOnly implements JitHook {
  constructor(private readonly threshold: number) {}

  forCoroutine(): JitHook {
    return this;
  }

  // Counters as the main thread's JIT gives them: a chunk loaded here may run there, traced.
  prepare(p: Proto): void {
    giveCounters(p, this.threshold);
  }

  onLoop(_L: LuaState, ci: CallInfo): void {
    ci.closure!.proto.hotcounts![ci.pc] = this.threshold;
  }

  onLoopEntry(): void {}

  onCall(_L: LuaState, ci: CallInfo): CallInfo {
    const hc = ci.closure!.proto.hotcounts!;
    hc[hc.length - 1] = this.threshold;
    return ci;
  }
}
