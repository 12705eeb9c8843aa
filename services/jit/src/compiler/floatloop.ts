// Float loops: numeric for loops whose body is float arithmetic on registers and on table fields
// (mandelbrot's inner loop, n-body's). While the JIT is off the interpreter runs such a loop's
// iterations over a Float64Array of float registers beside an array of the other values it handles
// (tables, functions): vm/floatloop.ts. In the shared stack array each float result is a new
// HeapNumber and a write barrier, which cost the interpreter ~3x on float code
// (`npm run bench:jit:register-file`).
//
// The body runs unchanged except that every instruction the float interpreter does not run becomes
// BAIL: reaching one hands the loop back to the dispatch loop at that pc. Each register the body uses
// holds a float or a reference at each point, the same on every path there (a forward pass over the
// body, whose jumps only go forward, finds which): arithmetic makes and reads floats; a table indexed
// or stored into, a function called, an upvalue read are references. An instruction that meets a
// value it cannot handle (a missing field, a table with a metatable, a native without a number
// kernel) bails before it changes anything, so that the dispatch loop runs it as if the float
// interpreter had never started it. On entry, every register read before it is written must hold a
// float where a float is read (`liveIn`); references are checked where they are used.
import { Op } from './opcodes.ts';
import { isFloat, LFloat, toFloat, type LuaValue } from '../vm/value.ts';

/** The float interpreter's word for an instruction it leaves to the dispatch loop. */
export const BAIL = 63;

// The float interpreter's own instructions, beside MOVE, ADD..DIV, UNM, JMP, EQ/LT/LE and FORLOOP
// (their opcodes, on float registers):
/** R[A] = R[B], references. */
export const RMOVE = 1;
/** R[A] = upvalue B (a reference). */
export const GETUP = 4;
/** R[A] = R[B].K[C], a float field of a table (`bj.x`). */
export const GETF = 8;
/** R[A].K[B] = RK(C), a float into a field (`bj.vx = ...`). */
export const SETF = 9;
/** R[A] = R[A](R[A + 1]): a math function of one float with its number kernel (`sqrt(d2)`). */
export const CALL1 = 36;
/** R[A] = R[B].K[C], a field holding a reference. */
export const GETR = 50;
/** R[A] = R[B][index], an element at the loop's index: a reference, or a float. */
export const GETIR = 51;
export const GETIF = 52;

export interface FloatLoop {
  /** The body's first pc (the FORLOOP's jump target) and the FORLOOP's pc. */
  readonly start: number;
  readonly end: number;
  /** The loop's base register A: its body's registers from A + 4 are dead once it ends. */
  readonly ra: number;
  /** The body and its FORLOOP in the float interpreter's words, indexed by pc - start. */
  readonly prog: Int32Array;
  /** Registers read as floats before any write on some path: they must hold floats on entry. */
  readonly liveIn: Int32Array;
  /** Registers read as references before any write on some path: loaded as they are. */
  readonly liveRefs: Int32Array;
  /** The loop's index register when the body reads it (the float interpreter keeps it there), or -1. */
  readonly index: number;
  /** Registers the body may write. */
  readonly written: Int32Array;
  /**
   * The float registers, then the constants the body reads (an operand indexes it directly: `prog`'s
   * constant operands are moved down from 256 to just above the registers).
   */
  readonly f: Float64Array;
  /** The reference registers. */
  readonly o: LuaValue[];
  /** What each register was last written as since the loop entered: 0 nothing, 1 a float, 2 a reference. */
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

// What a register may hold at a point of the body, as bits: not yet written (its value on entry), a
// float written by the body, a reference written by the body.
const ENTRY = 1;
const FLT = 2;
const REF = 4;

/** One pass over a loop body: what each register may hold where, and the words it becomes. */
class Body {
  readonly n: number;
  readonly prog: Int32Array;
  /** may[j][r]: what register r may hold before the word at j (null: j unreached). */
  private readonly may: (Uint8Array | null)[];
  readonly liveIn = new Set<number>();
  readonly liveRefs = new Set<number>();
  readonly written = new Set<number>();
  readsIndex = false;
  arith = 0;
  /** A register read as a float and as a reference on entry: no float loop. */
  conflict = false;

  constructor(
    private readonly code: Int32Array,
    readonly start: number,
    readonly end: number,
    private readonly k: readonly LuaValue[],
    readonly ra: number,
  ) {
    this.n = end - start + 1;
    // words no path of the float interpreter reaches stay BAIL
    this.prog = new Int32Array(this.n).fill(BAIL);
    this.prog[this.n - 1] = code[end]!;
    this.may = new Array<Uint8Array | null>(this.n).fill(null);
    this.may[0] = new Uint8Array(256).fill(ENTRY);
  }

  private own(r: number): boolean {
    return r >= this.ra && r <= this.ra + 3;
  }

  /** Whether register r may be read as `kind` here, noting it live on entry when it may be unwritten. */
  private read(here: Uint8Array, r: number, kind: number): boolean {
    if (r === this.ra + 3 && kind === FLT) {
      this.readsIndex = true;
      return true;
    }
    if (this.own(r)) return false;
    const m = here[r]!;
    if ((m & ~(ENTRY | kind)) !== 0) return false;
    if ((m & ENTRY) !== 0) (kind === FLT ? this.liveIn : this.liveRefs).add(r);
    return true;
  }

  /** A float operand: a register (or the index), or a numeric constant. */
  private operand(here: Uint8Array, x: number): boolean {
    return x < 256 ? this.read(here, x, FLT) : numericK(this.k[x - 256]);
  }

  /** The float interpreter's word for the instruction at j, and what it writes (-1: nothing). */
  private translate(j: number, here: Uint8Array): [number, number, number] {
    const ins = this.code[this.start + j]!;
    const op = ins & 63;
    const a = (ins >>> 6) & 255;
    const b = (ins >>> 14) & 511;
    const c = ins >>> 23;
    const k = this.k;
    const none: [number, number, number] = [BAIL, -1, 0];
    if (op !== Op.EQ && op !== Op.LT && op !== Op.LE && op !== Op.JMP && this.own(a)) return none;
    // the index or an integer constant: two of them make an integer
    const integral = (x: number): boolean => (x < 256 ? x === this.ra + 3 : !isFloat(k[x - 256]));
    const stringK = (x: number): boolean => x >= 256 && typeof k[x - 256] === 'string';
    switch (op) {
      case Op.MOVE: {
        if (b >= 256 || this.own(b)) return none;
        const m = here[b]! & ~ENTRY;
        const ref = m === REF || (m === 0 && nextUse(this.code, this.start + j, this.end, a) === REF);
        if (!this.read(here, b, ref ? REF : FLT)) return none;
        return [ref ? (ins & ~63) | RMOVE : ins, a, ref ? REF : FLT];
      }
      case Op.LOADK: {
        const bx = ins >>> 14;
        if (bx >= 256 || !isFloat(k[bx])) return none;
        return [Op.MOVE | (a << 6) | ((256 + bx) << 14), a, FLT];
      }
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
        if (!this.operand(here, b) || !this.operand(here, c)) return none;
        if (op !== Op.DIV && integral(b) && integral(c)) return none;
        this.arith++;
        // lua5.4 compiles `x - 0` as `x + 0` (OP_ADDI, the constant negated): -0.0 - 0 is 0.0 there
        if (op === Op.SUB && c >= 256 && k[c - 256] === 0) return [(ins & ~63) | Op.ADD, a, FLT];
        return [ins, a, FLT];
      case Op.UNM:
        if (b >= 256 || b === this.ra + 3 || !this.read(here, b, FLT)) return none;
        this.arith++;
        return [ins, a, FLT];
      case Op.EQ:
      case Op.LT:
      case Op.LE:
        // its JMP is its other half: the float interpreter runs or skips it
        if (this.start + j + 1 >= this.end || (this.code[this.start + j + 1]! & 63) !== Op.JMP) return none;
        return this.operand(here, b) && this.operand(here, c) ? [ins, -1, 0] : none;
      case Op.JMP: {
        const target = j + 1 + ((ins >>> 14) - 131071);
        return a === 0 && target > j && target < this.n ? [ins, -1, 0] : none;
      }
      case Op.GETTABLE: {
        if (b >= 256 || !this.read(here, b, REF)) return none;
        const ref = nextUse(this.code, this.start + j, this.end, a) === REF;
        if (c === this.ra + 3) return [(ins & ~63) | (ref ? GETIR : GETIF), a, ref ? REF : FLT];
        if (!stringK(c)) return none;
        return [(ins & ~63) | (ref ? GETR : GETF), a, ref ? REF : FLT];
      }
      case Op.SETTABLE:
        if (!stringK(b) || !this.read(here, a, REF)) return none;
        if (c < 256 ? !this.read(here, c, FLT) : !isFloat(k[c - 256])) return none;
        return [(ins & ~63) | SETF, -1, 0];
      case Op.GETUPVAL:
        return [(ins & ~63) | GETUP, a, REF];
      case Op.CALL:
        if (b !== 2 || c !== 2 || a + 1 >= 256 || this.own(a + 1)) return none;
        if (!this.read(here, a, REF) || !this.read(here, a + 1, FLT)) return none;
        return [(ins & ~63) | CALL1, a, FLT];
      default:
        return none;
    }
  }

  /** Where the float interpreter may go from j (FORLOOP and BAIL leave it). */
  private successors(j: number): number[] {
    const w = this.prog[j]!;
    const op = w & 63;
    if (op === BAIL || op === Op.FORLOOP) return [];
    if (op === Op.JMP) return [j + 1 + ((w >>> 14) - 131071)];
    if (op === Op.EQ || op === Op.LT || op === Op.LE) return [j + 1, j + 2];
    return [j + 1];
  }

  run(): void {
    for (let j = 0; j < this.n - 1; j++) {
      const here = this.may[j];
      if (here === null || here === undefined) continue;
      const [word, w, kind] = this.translate(j, here);
      this.prog[j] = word;
      let out = here;
      if (w >= 0) {
        out = Uint8Array.from(here);
        out[w] = kind;
        this.written.add(w);
      }
      for (const s of this.successors(j)) {
        const there = this.may[s];
        if (there === null || there === undefined) this.may[s] = Uint8Array.from(out);
        else for (let r = 0; r < 256; r++) there[r]! |= out[r]!;
      }
    }
    for (const r of this.liveIn) if (this.liveRefs.has(r)) this.conflict = true;
    // The next iteration reads them again: what a body leaves there must be what it reads first
    // (a float read at the top and a table stored later would be read back from the float registers).
    const last = this.may[this.n - 1];
    if (last !== null && last !== undefined) {
      for (const r of this.liveIn) if ((last[r]! & REF) !== 0) this.conflict = true;
      for (const r of this.liveRefs) if ((last[r]! & FLT) !== 0) this.conflict = true;
    }
  }

  /** Whether the FORLOOP can be reached without bailing. */
  reachesEnd(): boolean {
    return this.may[this.n - 1] !== null && this.may[this.n - 1] !== undefined;
  }
}

/**
 * How the body next reads register r after the instruction at pc, in code order: REF as a table
 * indexed or stored into or a function called, else FLT (also when it is written first, or never
 * read). The pass over the body then checks that every path agrees.
 */
function nextUse(code: Int32Array, pc: number, end: number, r: number): number {
  for (let q = pc + 1; q < end; q++) {
    const ins = code[q]!;
    const op = ins & 63;
    const a = (ins >>> 6) & 255;
    const b = (ins >>> 14) & 511;
    if (op === Op.GETTABLE && b === r) return REF;
    if ((op === Op.SETTABLE || op === Op.CALL) && a === r) return REF;
    if (op === Op.JMP || op === Op.EQ || op === Op.LT || op === Op.LE || op === Op.SETTABLE) {
      if (b === r || ins >>> 23 === r) return FLT;
      continue;
    }
    if (b === r || ins >>> 23 === r) return FLT;
    if (a === r) return FLT;
  }
  return FLT;
}

/** Operands of the word that are float operands (RK: a register, or a constant to move down). */
function floatOperands(w: number): ('b' | 'c')[] {
  const op = w & 63;
  if (op === Op.MOVE || op === Op.UNM) return ['b'];
  if ((op >= Op.ADD && op <= Op.DIV) || op === Op.EQ || op === Op.LT || op === Op.LE) return ['b', 'c'];
  if (op === SETF) return ['c'];
  return [];
}

/**
 * Moves prog's constant float operands (256 + index) to just above the highest register it uses, and
 * returns the float registers so laid out, the constants filled in, with the number of registers.
 */
function compactConstants(
  prog: Int32Array,
  k: readonly LuaValue[],
  index: number,
): { f: Float64Array; regs: number } {
  let regs = index + 1;
  let consts = 0;
  for (const w of prog) {
    const op = w & 63;
    if (op === BAIL || op === Op.JMP || op === Op.FORLOOP) continue;
    regs = Math.max(regs, ((w >>> 6) & 255) + 2); // CALL1's argument is A + 1
    const b = (w >>> 14) & 511;
    if (b < 256) regs = Math.max(regs, b + 1);
    for (const x of floatOperands(w)) {
      const v = x === 'b' ? b : w >>> 23;
      if (v < 256) regs = Math.max(regs, v + 1);
      else consts = Math.max(consts, v - 256 + 1);
    }
  }
  const f = new Float64Array(regs + consts);
  for (let j = 0; j < consts; j++) {
    const v = k[j];
    f[regs + j] = numericK(v) ? toFloat(v as number | LFloat) : NaN;
  }
  const at = (x: number): number => (x < 256 ? x : x - 256 + regs);
  for (let j = 0; j < prog.length; j++) {
    const w = prog[j]!;
    const ops = floatOperands(w);
    let nw = w;
    if (ops.includes('b')) nw = (nw & ~(511 << 14)) | (at((w >>> 14) & 511) << 14);
    if (ops.includes('c')) nw = (nw & 0x7fffff) | (at(w >>> 23) << 23);
    prog[j] = nw;
  }
  return { f, regs };
}

/** The float loop for the FORLOOP at `end`, or null when the float interpreter could not run it. */
export function floatLoop(code: Int32Array, end: number, k: readonly LuaValue[]): FloatLoop | null {
  const fl = code[end]!;
  const start = end + 1 + ((fl >>> 14) - 131071);
  const ra = (fl >>> 6) & 255;
  const body = new Body(code, start, end, k, ra);
  body.run();
  const prog = body.prog;
  // Worth it only when an iteration can run without bailing: the FORLOOP is reached, after arithmetic.
  if (!body.reachesEnd() || body.conflict || body.arith < 1 || (prog[0]! & 63) === BAIL) return null;
  const index = body.readsIndex ? ra + 3 : -1;
  const { f, regs } = compactConstants(prog, k, index);
  return {
    start,
    end,
    ra,
    prog,
    liveIn: Int32Array.from(body.liveIn),
    liveRefs: Int32Array.from(body.liveRefs),
    index,
    written: Int32Array.from(body.written),
    f,
    o: new Array<LuaValue>(regs).fill(undefined),
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
