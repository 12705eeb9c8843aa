// Which registers a range of bytecode may assign, read off the instructions: a called nested tree
// runs only its loop's instructions, so only these can differ on the stack after it.
import { argA, argB, argC, Op, opOf, writesNoRegister } from '../compiler/opcodes.ts';
import type { Proto } from '../compiler/proto.ts';

/** Registers the instructions from..to (inclusive) of p may write, calls clobbering all above them. */
export function registersWritten(p: Proto, from: number, to: number): Set<number> {
  const s = new Set<number>();
  const span = (lo: number, hi: number): void => {
    for (let r = lo; r <= Math.min(hi, p.maxstack - 1); r++) s.add(r);
  };
  for (let pc = from; pc <= to; pc++) {
    const i = p.code[pc]!;
    const a = argA(i);
    const op = opOf(i);
    if (writesNoRegister(op)) continue;
    switch (op) {
      case Op.LOADNIL:
        span(a, a + argB(i));
        break;
      case Op.SELF:
        span(a, a + 1);
        break;
      case Op.CONCAT:
        span(a, a);
        span(argB(i), argC(i));
        break;
      case Op.FORPREP:
      case Op.FORLOOP:
        span(a, a + 3);
        break;
      case Op.MOVE:
      case Op.LOADK:
      case Op.LOADBOOL:
      case Op.GETUPVAL:
      case Op.GETGLOBAL:
      case Op.GETTABLE:
      case Op.NEWTABLE:
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
      case Op.POW:
      case Op.IDIV:
      case Op.BAND:
      case Op.BOR:
      case Op.BXOR:
      case Op.SHL:
      case Op.SHR:
      case Op.UNM:
      case Op.BNOT:
      case Op.NOT:
      case Op.LEN:
      case Op.TESTSET:
      case Op.CLOSURE:
      case Op.TFORLOOP:
        span(a, a);
        break;
      default:
        // Calls, varargs, generic-for calls: everything from A up.
        span(a, p.maxstack - 1);
    }
  }
  return s;
}
