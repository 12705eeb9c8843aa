// The JIT hook of a coroutine's state (JitHook.forCoroutine): counters that run out are wound up
// again and nothing is recorded or run, so the coroutine's code stays in its own dispatch loop, the
// only place a yield can leave from (vm/coroutine.ts).
import type { CallInfo, JitHook, LuaState } from '../vm/state.ts';

export class InterpretOnly implements JitHook {
  constructor(private readonly threshold: number) {}

  forCoroutine(): JitHook {
    return this;
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
