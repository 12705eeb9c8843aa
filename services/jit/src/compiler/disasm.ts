// Human-readable bytecode listing (for debugging and the CLI's --dump).
import { argA, argB, argBx, argC, argSBx, OP_NAMES, Op, opOf } from './opcodes.ts';
import type { Proto } from './proto.ts';

export function disassemble(p: Proto, indent = ''): string {
  const out: string[] = [];
  out.push(
    `${indent}function <${p.source}:${p.linedefined}> params=${p.numparams}${p.isVararg ? '+' : ''} regs=${p.maxstack}`,
  );
  for (let pc = 0; pc < p.code.length; pc++) {
    const i = p.code[pc]!;
    const op = opOf(i);
    let args: string;
    switch (op) {
      case Op.LOADK:
      case Op.GETGLOBAL:
      case Op.SETGLOBAL:
      case Op.CLOSURE:
        args = `${argA(i)} ${argBx(i)}`;
        break;
      case Op.JMP:
      case Op.JMPBACK:
      case Op.FORPREP:
      case Op.FORLOOP:
      case Op.TFORLOOP:
        args = `${argA(i)} ${argSBx(i)} ; to ${pc + 1 + argSBx(i)}`;
        break;
      default:
        args = `${argA(i)} ${argB(i)} ${argC(i)}`;
    }
    out.push(`${indent}  ${String(pc).padStart(4)} [${p.lines[pc]}] ${OP_NAMES[op]} ${args}`);
    if (op === Op.SETLIST) {
      pc++;
      out.push(`${indent}  ${String(pc).padStart(4)}      (start ${p.code[pc]})`);
    }
  }
  for (const c of p.protos) out.push(disassemble(c, indent + '  '));
  return out.join('\n');
}
