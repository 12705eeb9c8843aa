// Instruction format: one 32-bit int per instruction (stored in an Int32Array).
//   bits 0-5  op   (64 opcodes)
//   bits 6-13 A    (register 0-255)
//   bits 14-22 B   (9 bits: register, or constant index + 256 when an operand is "RK")
//   bits 23-31 C   (9 bits, same)
//   Bx  = bits 14-31 (18 bits, unsigned);  sBx = Bx - MAXSBX (signed jump offset)
// RK(x): x < 256 is register x, x >= 256 is constant x - 256.
// Loop back-edges use their own opcodes (FORLOOP, TFORLOOP, JMPBACK) so a tracing JIT can count them.

export enum Op {
  MOVE, //       A B     R[A] = R[B]
  LOADK, //      A Bx    R[A] = K[Bx]
  LOADBOOL, //   A B C   R[A] = B != 0; if C then pc++
  LOADNIL, //    A B     R[A..A+B] = nil
  GETUPVAL, //   A B     R[A] = Up[B]
  SETUPVAL, //   A B     Up[B] = R[A]
  GETGLOBAL, //  A Bx    R[A] = G[K[Bx]]
  SETGLOBAL, //  A Bx    G[K[Bx]] = R[A]
  GETTABLE, //   A B C   R[A] = R[B][RK(C)]
  SETTABLE, //   A B C   R[A][RK(B)] = RK(C)
  NEWTABLE, //   A B C   R[A] = {} (B, C size hints)
  SELF, //       A B C   R[A+1] = R[B]; R[A] = R[B][RK(C)]
  ADD, //        A B C   R[A] = RK(B) + RK(C)
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  IDIV,
  BAND,
  BOR,
  BXOR,
  SHL,
  SHR,
  UNM, //        A B     R[A] = -R[B]
  BNOT,
  NOT,
  LEN,
  CONCAT, //     A B C   R[A] = R[B] .. ... .. R[C]
  JMP, //        A sBx   if A then close upvalues >= R[A-1]; pc += sBx
  JMPBACK, //    A sBx   same as JMP, but a loop back-edge
  EQ, //         A B C   if (RK(B) == RK(C)) != A then pc++  (the next instruction is a JMP)
  LT,
  LE,
  TEST, //       A C     if truthy(R[A]) != C then pc++
  TESTSET, //    A B C   if truthy(R[B]) == C then R[A] = R[B] else pc++
  CALL, //       A B C   R[A..A+C-2] = R[A](R[A+1..A+B-1]); B=0: args to top; C=0: results to top
  TAILCALL, //   A B     return R[A](R[A+1..A+B-1])
  RETURN, //     A B     return R[A..A+B-2]; B=0: to top
  FORPREP, //    A sBx   prepare numeric loop R[A..A+2]; skip the loop (pc += sBx + 1) if it runs 0 times
  FORLOOP, //    A sBx   step; if looping, R[A+3] = index and pc += sBx (back-edge)
  TFORCALL, //   A C     R[A+3..A+2+C] = R[A](R[A+1], R[A+2])
  TFORLOOP, //   A sBx   if R[A+1] != nil then R[A] = R[A+1]; pc += sBx (back-edge)
  SETLIST, //    A B     R[A][start+i] = R[A+i], 1 <= i <= B (B=0: to top); start is the next word
  CLOSURE, //    A Bx    R[A] = closure(protos[Bx])
  VARARG, //     A B     R[A..A+B-2] = varargs; B=0: all, to top
  CLOSE, //      A B     B=0: close upvalues and <close> variables >= R[A]; B=1: mark R[A] to be closed
}

export const OP_NAMES = [
  'MOVE',
  'LOADK',
  'LOADBOOL',
  'LOADNIL',
  'GETUPVAL',
  'SETUPVAL',
  'GETGLOBAL',
  'SETGLOBAL',
  'GETTABLE',
  'SETTABLE',
  'NEWTABLE',
  'SELF',
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'MOD',
  'POW',
  'IDIV',
  'BAND',
  'BOR',
  'BXOR',
  'SHL',
  'SHR',
  'UNM',
  'BNOT',
  'NOT',
  'LEN',
  'CONCAT',
  'JMP',
  'JMPBACK',
  'EQ',
  'LT',
  'LE',
  'TEST',
  'TESTSET',
  'CALL',
  'TAILCALL',
  'RETURN',
  'FORPREP',
  'FORLOOP',
  'TFORCALL',
  'TFORLOOP',
  'SETLIST',
  'CLOSURE',
  'VARARG',
  'CLOSE',
];

export const MAXSBX = 131071;
export const RK_CONST = 256;
export const MAX_REGS = 250;

export function encABC(op: Op, a: number, b: number, c: number): number {
  return op | (a << 6) | (b << 14) | (c << 23);
}
export function encABx(op: Op, a: number, bx: number): number {
  return op | (a << 6) | (bx << 14);
}
export function encAsBx(op: Op, a: number, sbx: number): number {
  return op | (a << 6) | ((sbx + MAXSBX) << 14);
}

export const opOf = (i: number): Op => i & 63;
export const argA = (i: number): number => (i >>> 6) & 255;
export const argB = (i: number): number => (i >>> 14) & 511;
export const argC = (i: number): number => i >>> 23;
export const argBx = (i: number): number => i >>> 14;
export const argSBx = (i: number): number => (i >>> 14) - MAXSBX;

/** Back-edge opcodes: where a tracing JIT counts iterations. */
export function isBackEdge(op: Op): boolean {
  return op === Op.FORLOOP || op === Op.TFORLOOP || op === Op.JMPBACK;
}

/** Instructions that assign no register: stores, jumps, tests, returns, SETLIST, CLOSE. */
export function writesNoRegister(op: Op): boolean {
  switch (op) {
    case Op.SETUPVAL:
    case Op.SETGLOBAL:
    case Op.SETTABLE:
    case Op.JMP:
    case Op.JMPBACK:
    case Op.EQ:
    case Op.LT:
    case Op.LE:
    case Op.TEST:
    case Op.RETURN:
    case Op.SETLIST:
    case Op.CLOSE:
      return true;
    default:
      return false;
  }
}
