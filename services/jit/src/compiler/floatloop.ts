// Float loops: numeric for loops whose body is float arithmetic on registers (mandelbrot's inner
// loop). While the JIT is off the interpreter runs such a loop's iterations over a Float64Array of
// registers (vm/floatloop.ts): in the shared stack array each float result is a new HeapNumber and a
// write barrier, which cost the interpreter ~3x on float code (`npm run bench:jit:register-file`).
//
// The body runs unchanged except that every instruction the float interpreter does not run becomes
// BAIL: reaching one hands the loop back to the dispatch loop at that pc. The float interpreter's
// instructions cannot fail and produce floats from floats, so it only has to know, on entry, that
// every register it reads before writing holds a float: those are `liveIn`, found by a forward pass
// over the body (its jumps only go forward) that meets the registers surely written on every path.
import { Op } from './opcodes.ts';
import { LFloat, type LuaValue } from '../vm/value.ts';

/** The float interpreter's word for an instruction it leaves to the dispatch loop. */
export const BAIL = 63;

export interface FloatLoop {
  /** The body's first pc (the FORLOOP's jump target) and the FORLOOP's pc. */
  readonly start: number;
  readonly end: number;
  /** The body and its FORLOOP, indexed by pc - start: LOADK made a MOVE from the constants' part. */
  readonly prog: Int32Array;
  /** Registers read before any write on some path: they must hold floats when the loop enters. */
  readonly liveIn: Int32Array;
  /** The loop's index register when the body reads it (the float interpreter keeps it there), or -1. */
  readonly index: number;
  /** Registers the body may write. */
  readonly written: Int32Array;
  /**
   * The float registers, then the constants the body reads (an operand indexes it directly: `prog`'s
   * constant operands are moved down from 256 to just above the registers).
   */
  readonly f: Float64Array;
  /** Registers written since the loop entered (vm/floatloop.ts writes back those). */
  readonly dirty: Uint8Array;
  /** Run-time counts: entries, bodies run to their end and entries refused (vm/floatloop.ts). */
  entries: number;
  laps: number;
  refusals: number;
}

/** A constant that reads as a float where a float register meets it: number, or integral float box. */
function numericK(v: LuaValue): boolean {
  return typeof v === 'number' || v instanceof LFloat;
}

function isFloatK(v: LuaValue): boolean {
  return v instanceof LFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/**
 * The float interpreter's word for `ins`, or BAIL. The loop's own registers (A..A+3) hold integers:
 * the body may read its index (A+3, a float register there, exact below 2^53) where the result is a
 * float anyway, and touches them in no other way.
 */
function translate(ins: number, pc: number, end: number, k: readonly LuaValue[], ra: number): number {
  const op = ins & 63;
  const a = (ins >>> 6) & 255;
  const b = (ins >>> 14) & 511;
  const c = ins >>> 23;
  const own = (r: number): boolean => r >= ra && r <= ra + 3;
  const index = ra + 3;
  const operand = (x: number): boolean => (x < 256 ? !own(x) || x === index : numericK(k[x - 256]));
  // the index or an integer constant: two of them make an integer
  const integral = (x: number): boolean => (x < 256 ? x === index : !isFloatK(k[x - 256]));
  switch (op) {
    case Op.MOVE:
      return own(a) || own(b) ? BAIL : ins;
    case Op.LOADK: {
      const bx = ins >>> 14;
      if (own(a) || bx >= 256 || !isFloatK(k[bx])) return BAIL;
      return Op.MOVE | (a << 6) | ((256 + bx) << 14);
    }
    case Op.ADD:
    case Op.SUB:
    case Op.MUL:
    case Op.DIV:
      if (own(a) || !operand(b) || !operand(c)) return BAIL;
      if (op !== Op.DIV && integral(b) && integral(c)) return BAIL;
      // lua5.4 compiles `x - 0` as `x + 0` (OP_ADDI, the constant negated): -0.0 - 0 is 0.0 there
      if (op === Op.SUB && c >= 256 && k[c - 256] === 0) return (ins & ~63) | Op.ADD;
      return ins;
    case Op.UNM:
      return own(a) || b >= 256 || own(b) ? BAIL : ins;
    case Op.EQ:
    case Op.LT:
    case Op.LE:
      return operand(b) && operand(c) ? ins : BAIL;
    case Op.JMP: {
      const target = pc + 1 + ((ins >>> 14) - 131071);
      return a === 0 && target > pc && target <= end ? ins : BAIL;
    }
    default:
      return BAIL;
  }
}

/** The registers an instruction of the float interpreter reads (RK constants left out). */
function reads(ins: number): number[] {
  const op = ins & 63;
  const b = (ins >>> 14) & 511;
  const c = ins >>> 23;
  const regs: number[] = [];
  if (op === Op.MOVE || op === Op.UNM) {
    if (b < 256) regs.push(b);
  } else if (op !== Op.JMP && op !== BAIL && op !== Op.FORLOOP) {
    if (b < 256) regs.push(b);
    if (c < 256) regs.push(c);
  }
  return regs;
}

function writes(ins: number): number {
  const op = ins & 63;
  return op === Op.MOVE || op === Op.UNM || (op >= Op.ADD && op <= Op.DIV) ? (ins >>> 6) & 255 : -1;
}

/** Where the float interpreter may go from index j of prog (FORLOOP and BAIL leave it). */
function successors(prog: Int32Array, j: number): number[] {
  const op = prog[j]! & 63;
  if (op === BAIL || op === Op.FORLOOP) return [];
  if (op === Op.JMP) return [j + 1 + ((prog[j]! >>> 14) - 131071)];
  if (op === Op.EQ || op === Op.LT || op === Op.LE) return [j + 1, j + 2];
  return [j + 1];
}

/**
 * Moves prog's constant operands (256 + index) to just above the highest register it uses, and returns
 * the float registers so laid out, the constants filled in, with the number of registers.
 */
function compactConstants(
  prog: Int32Array,
  k: readonly LuaValue[],
  index: number,
): { f: Float64Array; regs: number } {
  const compute = (op: number): boolean => op !== BAIL && op !== Op.JMP && op !== Op.FORLOOP;
  let regs = index + 1;
  let consts = 0;
  for (const ins of prog) {
    if (!compute(ins & 63)) continue;
    regs = Math.max(regs, ((ins >>> 6) & 255) + 1);
    for (const x of [(ins >>> 14) & 511, ins >>> 23]) {
      if (x < 256) regs = Math.max(regs, x + 1);
      else consts = Math.max(consts, x - 256 + 1);
    }
  }
  const f = new Float64Array(regs + consts);
  for (let j = 0; j < consts; j++) {
    const v = k[j];
    f[regs + j] = typeof v === 'number' ? v : v instanceof LFloat ? v.n : NaN;
  }
  const at = (x: number): number => (x < 256 ? x : x - 256 + regs);
  for (let j = 0; j < prog.length; j++) {
    const ins = prog[j]!;
    if (compute(ins & 63)) prog[j] = (ins & 0x3fff) | (at((ins >>> 14) & 511) << 14) | (at(ins >>> 23) << 23);
  }
  return { f, regs };
}

/** The float loop for the FORLOOP at `end`, or null when the float interpreter could not run it. */
export function floatLoop(code: Int32Array, end: number, k: readonly LuaValue[]): FloatLoop | null {
  const fl = code[end]!;
  const start = end + 1 + ((fl >>> 14) - 131071);
  const ra = (fl >>> 6) & 255;
  const n = end - start + 1;
  const prog = new Int32Array(n);
  for (let j = 0; j < n - 1; j++) prog[j] = translate(code[start + j]!, start + j, end, k, ra);
  prog[n - 1] = fl;
  // A compare's JMP is its other half: the float interpreter runs or skips it.
  for (let j = 0; j < n - 1; j++) {
    const op = prog[j]! & 63;
    const compare = op === Op.EQ || op === Op.LT || op === Op.LE;
    if (compare && (j + 1 >= n - 1 || (code[start + j + 1]! & 63) !== Op.JMP)) prog[j] = BAIL;
  }
  // surely[j]: registers written on every path from the start to j (null: j unreached)
  const surely: (Uint8Array | null)[] = new Array<Uint8Array | null>(n).fill(null);
  surely[0] = new Uint8Array(256);
  const liveIn = new Set<number>();
  const written = new Set<number>();
  let readsIndex = false;
  let arith = 0;
  for (let j = 0; j < n; j++) {
    const here = surely[j];
    if (here === null || here === undefined) continue;
    const ins = prog[j]!;
    for (const r of reads(ins)) {
      if (r === ra + 3) readsIndex = true;
      else if (here[r] === 0) liveIn.add(r);
    }
    const w = writes(ins);
    const out = w >= 0 ? Uint8Array.from(here) : here;
    if (w >= 0) {
      out[w] = 1;
      written.add(w);
      if ((ins & 63) !== Op.MOVE) arith++;
    }
    for (const s of successors(prog, j)) {
      const there = surely[s];
      if (there === null || there === undefined) surely[s] = Uint8Array.from(out);
      else for (let r = 0; r < 256; r++) there[r]! &= out[r]!;
    }
  }
  // Worth it only when an iteration can run without bailing: the FORLOOP is reached, after arithmetic.
  if (surely[n - 1] === null || arith < 1 || (prog[0]! & 63) === BAIL) return null;
  const { f, regs } = compactConstants(prog, k, readsIndex ? ra + 3 : -1);
  return {
    start,
    end,
    prog,
    liveIn: Int32Array.from(liveIn),
    index: readsIndex ? ra + 3 : -1,
    written: Int32Array.from(written),
    f,
    dirty: new Uint8Array(regs),
    entries: 0,
    laps: 0,
    refusals: 0,
  };
}

/** The float loops of a function's code, by FORLOOP pc (null when it has none). */
export function floatLoops(code: Int32Array, k: readonly LuaValue[]): (FloatLoop | undefined)[] | null {
  let loops: (FloatLoop | undefined)[] | null = null;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]! & 63;
    if (op === Op.SETLIST)
      pc++; // its next word is a raw number
    else if (op === Op.FORLOOP) {
      const fl = floatLoop(code, pc, k);
      if (fl !== null) (loops ??= [])[pc] = fl;
    }
  }
  return loops;
}
