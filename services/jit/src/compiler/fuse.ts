// Superinstructions for the interpreter running without the JIT (`Proto.icode`). A value the next
// instruction reads goes there in a JS local: each float result stored in the shared stack array costs
// V8 a HeapNumber, and each instruction a dispatch.
//  * Dead heads: an ADD/SUB/MUL/DIV, or a GETTABLE with a constant string key, whose temporary only the
//    next instruction reads. That consumer (ADD..DIV, LT/LE + JMP, or a SETTABLE with a constant string
//    key storing an arithmetic result) runs in the same dispatch and is skipped; the temporary is never
//    stored. When the consumer is a head itself the chain goes on (`ij * (ij - 1) * 0.5 + i`).
//  * Pairs: a head whose temporary the next instruction leaves alone while computing a second one,
//    which the instruction after combines with it (isPairHead): both stay in JS locals.
//  * MOVE runs (FMOVES): the first MOVE performs the ones after it.
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
import type { FloatLoopSite } from './floatloop.ts';

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

/** An instruction that can start a chain: arithmetic, or a GETTABLE with a constant string key. */
function makesValue(ins: number, k: readonly LuaValue[]): boolean {
  const op = ins & 63;
  return isArith(op) || (op === Op.GETTABLE && isStringK(ins >>> 23, k));
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
  return makesValue(prev, k);
}

/**
 * Two values in flight (`dx * dx + dy * dy`, `bj.vx + dx * bm`): `first` (arithmetic or a constant-key
 * GETTABLE) writes a temporary t1 that `second`, arithmetic writing another temporary t2 and not
 * reading t1, leaves alone; the arithmetic `op` being emitted reads exactly t1 and t2. `first` becomes
 * a head whose chain computes `second` aside and combines both. A jump may land on `second` only from
 * a path that wrote t1 itself (`(c and d * f) + g * h`), and there `second` runs as it is.
 */
export function isPairHead(
  first: number,
  second: number,
  op: Op,
  b: number,
  c: number,
  nactvar: number,
  k: readonly LuaValue[],
): boolean {
  if (!isArith(op) || !isArith(second & 63)) return false;
  if (!makesValue(first, k)) return false;
  const t1 = (first >>> 6) & 255;
  const t2 = (second >>> 6) & 255;
  if (t1 < nactvar || t2 < nactvar || t1 === t2) return false;
  if (((second >>> 14) & 511) === t1 || second >>> 23 === t1) return false;
  return (b === t1 && c === t2) || (b === t2 && c === t1);
}

/** Whether the instruction before a FORLOOP can run the loop step itself. */
export function isLoopTail(prev: number): boolean {
  return isArith(prev & 63);
}

/**
 * The first MOVE of a run of MOVEs (call arguments): it runs the plain MOVEs after it in its dispatch.
 * A jump into the run lands on a plain MOVE; MOVE cannot fail, so nothing else can tell.
 */
export const FMOVES = 52;

/** A FORLOOP whose loop runs on float registers (compiler/floatloop.ts, vm/floatloop.ts). */
export const FFORLOOP = 53;
/** That loop's FORPREP: an integer loop enters the float registers from its first body. */
export const FFORPREP = 54;

/**
 * The interpreter's copy of `code` with each head's opcode moved to its fused number, and each float
 * loop site's FORLOOP and FORPREP to FFORLOOP and FFORPREP. The arithmetic before such a FORLOOP stays
 * unfused: a loop tail would step the loop itself, and the float loop is entered at its FORLOOP. Each
 * site keeps the words it replaced, for when it turns out to be no float loop (vm/floatsite.ts).
 */
export function fuseCode(
  code: Int32Array,
  heads: readonly number[],
  sites: readonly (FloatLoopSite | undefined)[] | null,
): Int32Array {
  const icode = Int32Array.from(code);
  for (const pc of heads) {
    const op = code[pc]! & 63;
    icode[pc] = (code[pc]! & ~63) | (op === Op.GETTABLE ? FGETFIELD : op + FUSED_OFFSET);
  }
  for (let pc = 0; pc + 1 < code.length; pc++) {
    const op = code[pc]! & 63;
    if (op === Op.SETLIST)
      pc++; // its next word is a raw number
    else if (op === Op.MOVE && (code[pc + 1]! & 63) === Op.MOVE) {
      icode[pc] = (code[pc]! & ~63) | FMOVES;
      while (pc + 1 < code.length && (code[pc + 1]! & 63) === Op.MOVE) pc++;
    }
  }
  sites?.forEach((site, pc) => {
    if (site === undefined) return;
    const replace = (at: number, w: number): void => {
      site.plain.set(at, icode[at]!);
      icode[at] = w;
    };
    replace(pc, (code[pc]! & ~63) | FFORLOOP);
    // a float loop's body starts right after its FORPREP
    replace(site.start - 1, (code[site.start - 1]! & ~63) | FFORPREP);
    // a loop tail; not a loop inside ending there, which may be a site of its own
    if (pc - 1 >= site.start && heads.includes(pc - 1)) replace(pc - 1, code[pc - 1]!);
  });
  return icode;
}
