// Superinstructions for the interpreter running without the JIT (`Proto.icode`). A value the next
// instruction reads goes there in a JS local: each float result stored in the shared stack array costs
// V8 a HeapNumber, and each instruction a dispatch.
//  * Dead heads: an ADD/SUB/MUL/DIV, or a GETTABLE with a constant string key, whose temporary only the
//    next instruction reads. That consumer (ADD..DIV, LT/LE + JMP, or a SETTABLE with a constant string
//    key storing an arithmetic result) runs in the same dispatch and is skipped; the temporary is never
//    stored. When the consumer is a head itself the chain goes on (`ij * (ij - 1) * 0.5 + i`).
//  * Loop tails: arithmetic right before a FORLOOP (`s = s + x` ending a loop body) stores its result
//    and runs the loop step; so does a LT/LE whose jump goes to a FORLOOP.
// Every other word of `icode` is the word of `code`, so a jump, an exit or an error position at any pc
// still finds the original instruction, and a head whose fast path does not apply simply runs as the
// original instruction. The JIT records from `code` and never sees these opcodes; the interpreter runs
// `icode` only while the JIT is off, when nothing can observe a skipped temporary.
// (Feeding a result that must also be stored, `zr = a - b + c; zr2 = zr * zr`, measured slower than two
// dispatches, so locals are not heads.)
import { Op } from './opcodes.ts';
import type { LuaValue } from '../vm/value.ts';

/** Arithmetic heads and loop tails: ADD 12 -> 47 ... DIV 15 -> 50. */
export const FUSED_OFFSET = 35;
export const FADD = Op.ADD + FUSED_OFFSET;
/** GETTABLE R[A] = R[B][K] with a string constant, feeding the next instruction. */
export const FGETFIELD = 51;

function isArith(op: number): boolean {
  return op >= Op.ADD && op <= Op.DIV;
}

/** An RK operand that is a string constant. */
function isStringK(rk: number, k: readonly LuaValue[]): boolean {
  return rk >= 256 && typeof k[rk - 256] === 'string';
}

/**
 * Whether `prev` feeds a consumer `op` (operands b, c; for SETTABLE the key and the value, with the
 * table register not prev's target): prev writes a temporary (>= nactvar, freed by the consumer's
 * expression) that exactly one operand reads.
 */
export function isHead(
  prev: number,
  op: Op,
  b: number,
  c: number,
  nactvar: number,
  k: readonly LuaValue[],
): boolean {
  const pop = prev & 63;
  const t = (prev >>> 6) & 255;
  if (t < nactvar) return false;
  if (op === Op.SETTABLE) return isArith(pop) && c === t && b !== t && isStringK(b, k);
  if (!isArith(op) && op !== Op.LT && op !== Op.LE) return false;
  if ((b === t) === (c === t)) return false;
  return isArith(pop) || (pop === Op.GETTABLE && isStringK(prev >>> 23, k));
}

/** Whether the instruction before a FORLOOP can run the loop step itself. */
export function isLoopTail(prev: number): boolean {
  return isArith(prev & 63);
}

/** The interpreter's copy of `code` with each head's opcode moved to its fused number. */
export function fuseCode(code: Int32Array, heads: readonly number[]): Int32Array {
  const icode = Int32Array.from(code);
  for (const pc of heads) {
    const op = code[pc]! & 63;
    icode[pc] = (code[pc]! & ~63) | (op === Op.GETTABLE ? FGETFIELD : op + FUSED_OFFSET);
  }
  return icode;
}
