// Leaf Lua functions the float interpreter runs inline (compiler/floatbody.ts): spectral-norm's
// `A(i, j)`, arithmetic on its parameters returning one value. Nothing in such a function can fail or
// be seen from outside (no table, call, upvalue or global), so leaving it in the middle and running the
// CALL again in the dispatch loop is the same as never having entered it.
import { Op } from './opcodes.ts';
import type { Proto } from './proto.ts';
import { BAIL, IADD, IMOVE, IMUL, IRET, ISUB, IUNM, NUMBER_OPS } from './floatwords.ts';

/** Instructions a leaf may hold. */
const LEAF = new Set<number>([...NUMBER_OPS, Op.JMP, Op.RETURN]);

/**
 * q when a call with `nargs` arguments whose function is in register `fnReg` can run it inline: a leaf
 * of exactly that many parameters that never writes them (the CALL, run again after a bail, reads them)
 * and whose registers, above the call's, stay within the 256 the float interpreter numbers.
 */
export function leafCallee(q: Proto, nargs: number, fnReg: number): Proto | null {
  if (q.isVararg || q.numparams !== nargs || fnReg + 1 + q.maxstack > 255) return null;
  for (const ins of q.code) {
    const op = ins & 63;
    if (!LEAF.has(op)) return null;
    const a = (ins >>> 6) & 255;
    const writes = op !== Op.EQ && op !== Op.LT && op !== Op.LE && op !== Op.JMP && op !== Op.RETURN;
    if (writes && a < nargs) return null;
    // closing upvalues is not arithmetic
    if (op === Op.JMP && a !== 0) return null;
  }
  return q;
}

/**
 * A callee's words in the loop's numbering: registers moved up by `shift`, constants by `kshift`, its
 * RETURNs given the caller's result register `dest`. Null when a number leaves its field.
 */
export function relocate(words: Int32Array, shift: number, kshift: number, dest: number): number[] | null {
  const out: number[] = [];
  let fits = true;
  const reg = (r: number): number => {
    if (r + shift > 255) fits = false;
    return r + shift;
  };
  const rk = (x: number): number => {
    if (x < 256) return reg(x);
    if (x + kshift > 511) fits = false;
    return x + kshift;
  };
  for (const w of words) {
    const op = w & 63;
    const a = (w >>> 6) & 255;
    const b = (w >>> 14) & 511;
    const c = w >>> 23;
    if (op === BAIL || op === Op.JMP) out.push(w);
    else if (op === Op.MOVE || op === IMOVE || op === Op.UNM || op === IUNM)
      out.push(op | (reg(a) << 6) | (rk(b) << 14));
    else if ((op >= Op.ADD && op <= Op.DIV) || op === IADD || op === ISUB || op === IMUL)
      out.push(op | (reg(a) << 6) | (rk(b) << 14) | (rk(c) << 23));
    else if (op === Op.EQ || op === Op.LT || op === Op.LE)
      out.push(op | (a << 6) | (rk(b) << 14) | (rk(c) << 23));
    else if (op === IRET) out.push(IRET | (reg(a) << 6) | (dest << 14));
    else return null;
  }
  return fits ? out : null;
}
