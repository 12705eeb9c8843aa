// Symbolic execution over bytecode to name the value an error is about, like ldebug.c's getobjname:
// "(local 'x')", "(global 'f')", "(field 'y')", "(upvalue 'u')", "(method 'm')", "(constant 's')".
import {
  argA,
  argB,
  argBx,
  argC,
  argSBx,
  Op,
  opOf,
  RK_CONST,
  writesNoRegister,
} from '../compiler/opcodes.ts';
import type { Proto } from '../compiler/proto.ts';

export function localName(p: Proto, reg: number, pc: number): string | undefined {
  const found = variableName(p, reg, pc);
  return found !== undefined && !found.startsWith('(') ? found : undefined;
}

/** The variable in register reg at pc, internal ones ("(for state)") included. */
export function variableName(p: Proto, reg: number, pc: number): string | undefined {
  let found: string | undefined;
  for (const lv of p.locvars) {
    if (lv.reg === reg && lv.startpc <= pc && pc < lv.endpc) found = lv.name;
  }
  return found;
}

/** Whether an instruction sets R(A) for naming purposes: FORPREP's control registers name nothing. */
function setsA(op: Op): boolean {
  return op !== Op.FORPREP && !writesNoRegister(op);
}

/** The pc of the last instruction before lastpc that certainly set reg, or -1. */
function findSetReg(p: Proto, lastpc: number, reg: number): number {
  let setreg = -1;
  let jmptarget = 0;
  const code = p.code;
  for (let pc = 0; pc < lastpc; pc++) {
    const i = code[pc]!;
    const op = opOf(i);
    const a = argA(i);
    let change = false;
    switch (op) {
      case Op.LOADNIL:
        change = a <= reg && reg <= a + argB(i);
        break;
      case Op.TFORCALL:
        change = reg >= a + 3;
        break;
      case Op.CALL:
      case Op.TAILCALL:
      case Op.VARARG:
        change = reg >= a;
        break;
      case Op.SELF:
        change = reg === a || reg === a + 1;
        break;
      case Op.SETLIST:
        pc++; // skip the start-index word
        break;
      case Op.JMP:
      case Op.JMPBACK: {
        const dest = pc + 1 + argSBx(i);
        if (dest <= lastpc && dest > jmptarget) jmptarget = dest;
        break;
      }
      default:
        change = setsA(op) && reg === a;
    }
    if (change) setreg = pc < jmptarget ? -1 : pc;
  }
  return setreg;
}

export function getObjName(p: Proto, lastpc: number, reg: number): [string, string] | undefined {
  const ln = localName(p, reg, lastpc);
  if (ln !== undefined) return ['local', ln];
  const pc = findSetReg(p, lastpc, reg);
  if (pc < 0) return undefined;
  const i = p.code[pc]!;
  switch (opOf(i)) {
    case Op.MOVE: {
      const b = argB(i);
      if (b < argA(i)) return getObjName(p, pc, b);
      return undefined;
    }
    case Op.GETUPVAL:
      return ['upvalue', p.upvals[argB(i)]?.name ?? '?'];
    case Op.GETGLOBAL:
      return ['global', String(p.k[argBx(i)])];
    case Op.GETTABLE: {
      // lua5.4 compiles constant string keys to GETFIELD, integer keys 0..255 to GETI ("integer
      // index") and any other key to GETTABLE, which names the key only if it is a string constant.
      const c = argC(i);
      if (c < RK_CONST) {
        const r = getObjName(p, pc, c);
        return ['field', r !== undefined && r[0] === 'constant' ? r[1] : '?'];
      }
      const key = p.k[c - RK_CONST];
      // lua5.4's gxf: a field of a table named _ENV is a global
      if (typeof key === 'string')
        return [getObjName(p, pc, argB(i))?.[1] === '_ENV' ? 'global' : 'field', key];
      if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= 255) {
        return ['field', 'integer index'];
      }
      return ['field', '?'];
    }
    case Op.SELF: {
      const c = argC(i);
      if (reg === argA(i) && c >= RK_CONST && typeof p.k[c - RK_CONST] === 'string') {
        return ['method', p.k[c - RK_CONST] as string];
      }
      return undefined;
    }
    case Op.LOADK: {
      const v = p.k[argBx(i)];
      if (typeof v === 'string') return ['constant', v];
      return undefined;
    }
    default:
      return undefined;
  }
}

export function varInfo(p: Proto, pc: number, reg: number): string {
  const r = getObjName(p, pc, reg);
  return r === undefined ? '' : ` (${r[0]} '${r[1]}')`;
}
