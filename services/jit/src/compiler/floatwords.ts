import { Op } from './opcodes.ts';

// The float interpreter's words (vm/floatloop.ts): beside MOVE, ADD..DIV, UNM, JMP, EQ/LT/LE and
// FORLOOP, which keep their opcodes and run on float registers, these are its own. A word keeps its
// instruction's A, B and C fields unless said otherwise.

/** An instruction the float interpreter leaves to the dispatch loop. */
export const BAIL = 63;
/** R[A] = R[B], references. */
export const RMOVE = 1;
/** R[A] = R[B] (or a constant), an integer. */
export const IMOVE = 2;
/** R[A] = upvalue B (a reference). */
export const GETUP = 4;
/** R[A] = R[B].K[C], a float field of a table (`bj.x`). */
export const GETF = 8;
/** R[A].K[B] = RK(C), a float into a field (`bj.vx = ...`). */
export const SETF = 9;
/** R[A] = R[A](R[A + 1]): a math function of one float with its number kernel (`sqrt(d2)`). */
export const CALL1 = 36;
/** R[A] = R[A](R[A + 1], ...): an inlined leaf Lua function, callee B; its words start at calleeAt[B]. */
export const ICALL = 37;
/** An inlined callee's RETURN of its R[A] (the loop's numbering) into the caller's R[B]. */
export const IRET = 38;
/**
 * A numeric for loop inside the float loop, on integers: its FORPREP (skipping the loop, or setting
 * R[A + 1] to the count and R[A + 3] to the index) and its FORLOOP, with their jumps.
 */
export const NFORPREP = 39;
export const NFORLOOP = 41;
/** Integer arithmetic R[A] = RK(B) op RK(C), in the safe range (IADD, ISUB, IMUL as ADD, SUB, MUL). */
export const IADD = 44;
export const ISUB = 45;
export const IMUL = 46;
/** R[A] = -R[B], an integer. */
export const IUNM = 47;
/** R[A] = R[B].K[C], a field holding a number: an integer or a float (read where a float results). */
export const GETN = 48;
/** R[A] = R[B][R[C]], an element at an integer key holding a number. */
export const GETIN = 49;
/** R[A] = R[B].K[C], a field holding a reference. */
export const GETR = 50;
/** R[A] = R[B][R[C]], an element at an integer key: a reference, or a float. */
export const GETIR = 51;
export const GETIF = 52;

/** Instructions on numbers that keep their opcode (LOADK becomes a MOVE from the constants). */
export const NUMBER_OPS: readonly number[] = [
  Op.MOVE,
  Op.LOADK,
  Op.ADD,
  Op.SUB,
  Op.MUL,
  Op.DIV,
  Op.UNM,
  Op.EQ,
  Op.LT,
  Op.LE,
];
