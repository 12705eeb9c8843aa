// What an instruction does with the result of a metamethod that yielded, once a resume has finished
// the metamethod (lvm.c's luaV_finishOp). The metamethod ran on a segment (vm/coroutine.ts callMeta)
// while the instruction's frame waited at the pc after it; the dispatch loop calls this when it runs
// that frame again, and goes on from ci.pc.
import { argA, argB, Op, opOf } from '../compiler/opcodes.ts';
import { FINISH_NOT, FINISH_REPEAT } from './coroutine.ts';
import { concat } from './meta.ts';
import type { CallInfo, LuaState } from './state.ts';

export function finishMeta(L: LuaState, ci: CallInfo): void {
  const done = L.metaDone!;
  L.metaDone = null;
  // `code`, not the superinstructions of `icode`: a fused head that calls a metamethod stops its chain
  // and stores its register as the instruction it stands for (compiler/fuse.ts)
  const ins = ci.closure!.proto.code[ci.pc - 1]!;
  const v = done.values[0];
  if (done.finish === FINISH_REPEAT) {
    // CLOSE, or a JMP that closes: closes the variables left, then does the rest
    ci.pc--;
    return;
  }
  switch (opOf(ins)) {
    case Op.EQ:
    case Op.LT:
    case Op.LE: {
      let r = v !== undefined && v !== false;
      if (done.finish === FINISH_NOT) r = !r;
      // a test that fails skips the JMP after it
      if (r !== (argA(ins) !== 0)) ci.pc++;
      return;
    }
    case Op.SETTABLE:
    case Op.SETGLOBAL:
      return;
    case Op.CONCAT: {
      // the values right of the metamethod's operands are folded into its result already
      const s = L.stack;
      s[done.finish] = v;
      s[ci.base + argA(ins)] = concat(L, s, ci.base + argB(ins), done.finish);
      return;
    }
    default:
      // GETGLOBAL, GETTABLE, SELF, the arithmetic and bitwise operators, LEN
      L.stack[ci.base + argA(ins)] = v;
  }
}
