// Facts about a function's loops read off its bytecode and debug info.
import { argSBx, Op, opOf } from '../compiler/opcodes.ts';
import type { Proto } from '../compiler/proto.ts';

/** Registers holding locals in scope at a loop header (their values live across iterations). */
export function headerLocalsOf(p: Proto, header: number): Set<number> {
  const s = new Set<number>();
  for (const lv of p.locvars) if (lv.startpc <= header && header < lv.endpc) s.add(lv.reg);
  return s;
}

/** Whether op is a loop's back-edge (a numeric or generic for, a while, repeat or backward goto). */
export function isBackEdge(op: Op): boolean {
  return op === Op.FORLOOP || op === Op.TFORLOOP || op === Op.JMPBACK;
}

/** The pcs loop back-edges of a function jump to. */
export function backEdgeTargets(p: Proto): Set<number> {
  const s = new Set<number>();
  const code = p.code;
  for (let pc = 0; pc < code.length; pc++) {
    if (isBackEdge(opOf(code[pc]!))) s.add(pc + 1 + argSBx(code[pc]!));
  }
  return s;
}

/** The last back-edge to a loop header: the loop's body is header..that pc. */
export function loopEndPc(p: Proto, header: number): number {
  const code = p.code;
  let end = header;
  for (let pc = header; pc < code.length; pc++) {
    if (isBackEdge(opOf(code[pc]!)) && pc + 1 + argSBx(code[pc]!) === header) end = pc;
  }
  return end;
}

/** Whether another loop of the function encloses the loop at header. */
export function insideLoop(p: Proto, header: number): boolean {
  const code = p.code;
  for (let pc = header; pc < code.length; pc++) {
    if (isBackEdge(opOf(code[pc]!)) && pc + 1 + argSBx(code[pc]!) < header) return true;
  }
  return false;
}

const NOT_STRAIGHT = new Set([Op.EQ, Op.LT, Op.LE, Op.TEST, Op.TESTSET, Op.FORPREP, Op.TFORCALL, Op.JMPBACK]);

/**
 * Whether a loop's body (header to its back-edge) is straight code: no conditional test, so every trip
 * runs all of it and none leaves early, and no nested loop.
 */
export function straightBody(p: Proto, header: number): boolean {
  const end = loopEndPc(p, header);
  for (let pc = header; pc < end; pc++) if (NOT_STRAIGHT.has(opOf(p.code[pc]!))) return false;
  return true;
}
