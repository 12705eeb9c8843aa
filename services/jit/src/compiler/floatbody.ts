// The pass over a float loop's body (compiler/floatloop.ts): what kind of value each register holds at
// each point, and the float interpreter's word for each instruction. The kinds at the body's entry are
// those of the values in the registers when the loop is first entered, so the words are specialised to
// them: an integer there (a counter, the loop index, `local a = 0` before a float sum) is an integer
// register of the float interpreter, a double it keeps integral and in the safe range.
//
// A register's kind is a set: a merge of an integer and a float (the sum `a` above, an integer on entry
// and a float after the first lap) is NUM, which only arithmetic whose result is a float anyway reads.
// Besides the FORLOOP going back to the top, and those of numeric loops inside, the body's jumps go
// forward only; each back edge is a merge the pass repeats until the kinds at its top no longer change.
//
// A call of a Lua function that is a pure leaf (arithmetic on its parameters and constants, returning
// one value) is run inside the float interpreter: its words follow the loop's, on registers above the
// call's, and it leaves as a whole, at the CALL, when one of them bails (floatcallee.ts).
import { Op } from './opcodes.ts';
import type { Proto } from './proto.ts';
import { isFloat, LFloat, LuaClosure, NativeFunction, type LuaValue } from '../vm/value.ts';
import {
  BAIL,
  CALL1,
  GETF,
  GETIF,
  GETIN,
  GETIR,
  GETN,
  GETR,
  GETUP,
  IADD,
  ICALL,
  IMOVE,
  IRET,
  IUNM,
  NFORLOOP,
  NFORPREP,
  RMOVE,
  SETF,
} from './floatwords.ts';
import { leafCallee, relocate } from './floatcallee.ts';

// kinds, as bits
export const INT = 1;
export const FLT = 2;
export const REF = 4;
/** What a call left above its result register: nothing may read it. */
export const JUNK = 8;
/** Not written by the body yet: the value the loop entered with, of the kind beside this bit. */
export const ENTRY = 16;
export const NUM = INT | FLT;

/** The kind of a value in a register or a constant: an integer, a float, or anything else. */
export function kindOf(v: LuaValue): number {
  if (typeof v === 'number') return Number.isInteger(v) ? INT : FLT;
  return v instanceof LFloat ? FLT : REF;
}

/** What the pass knows of the values the loop is entered with. */
export interface Entry {
  /** The kinds register r's value was seen with (INT, FLT, REF bits). */
  kind(r: number): number;
  /** The value the function register of the CALL at pc probably holds, or undefined. */
  callee(pc: number, fnReg: number): LuaValue;
}

/** A numeric constant's kind, 0 for the others. */
function constKind(v: LuaValue): number {
  const kd = kindOf(v);
  return kd === REF ? 0 : kd;
}

/** Arithmetic ADD..DIV on operand kinds kb, kc: the word's op and its result kind, or null. */
function arith(op: number, kb: number, kc: number): [number, number] | null {
  if (op === Op.DIV) return [op, FLT];
  if (kb === INT && kc === INT) return [op - Op.ADD + IADD, INT];
  // a float on one side makes a float, whatever the other side is
  if (kb === FLT || kc === FLT) return [op, FLT];
  return null;
}

export interface BodyOptions {
  /** The loop's base register (the body may not write ra..ra+3; it reads ra + 3 as its index), or -1. */
  ra: number;
  /** The kind of a table element or field read for arithmetic: FLT (a float or bail) or NUM. */
  load: number;
  /** The kinds the pass starts with (ENTRY marks the loop's live-ins). */
  top: Uint8Array;
}

/** One pass (repeated to a fixed point for a loop) over a body: what each register may hold where. */
export class Body {
  readonly n: number;
  prog: Int32Array;
  /** may[j][r]: what register r may hold before the word at j (null: j unreached). */
  private may: (Uint8Array | null)[] = [];
  /** Registers read on entry, by the kind they entered with. */
  readonly liveInt = new Set<number>();
  readonly liveFlt = new Set<number>();
  readonly liveNum = new Set<number>();
  readonly liveRefs = new Set<number>();
  readonly written = new Set<number>();
  readsIndex = false;
  /** Arithmetic instructions (inlined callees' included). */
  arith = 0;
  /** Kinds an inlined callee's RETURNs give back. */
  returns = 0;
  /** Inlined callees: their words (the loop's register numbers and constants), appended to prog. */
  readonly extra: number[] = [];
  readonly callees: Proto[] = [];
  readonly calleeAt: number[] = [];
  /** The constants after the loop's own: each inlined callee's, in order. */
  readonly moreK: LuaValue[] = [];
  /** What the back edges of loops inside carry to their tops, by word; and whether a pass added to it. */
  private readonly back = new Map<number, Uint8Array>();
  private backGrew = false;

  constructor(
    private readonly code: Int32Array,
    private readonly start: number,
    private readonly end: number,
    private readonly k: readonly LuaValue[],
    private readonly entry: Entry,
    private readonly opt: BodyOptions,
  ) {
    this.n = end - start + 1;
    this.prog = new Int32Array(this.n);
  }

  private own(r: number): boolean {
    return this.opt.ra >= 0 && r >= this.opt.ra && r <= this.opt.ra + 3;
  }

  /** The kinds register r may hold here if all of them are in `accept` (0 otherwise); notes live-ins. */
  private read(here: Uint8Array, r: number, accept: number): number {
    if (this.opt.ra >= 0 && r === this.opt.ra + 3) {
      if ((accept & INT) === 0) return 0;
      this.readsIndex = true;
      return INT;
    }
    if (this.own(r)) return 0;
    const m = here[r]!;
    const kinds = m & (INT | FLT | REF | JUNK);
    if (kinds === 0 || (kinds & ~accept) !== 0) return 0;
    if ((m & ENTRY) !== 0) {
      const e = this.entry.kind(r);
      if (e === INT) this.liveInt.add(r);
      else if (e === FLT) this.liveFlt.add(r);
      else if (e === NUM) this.liveNum.add(r);
      else if (e === REF) this.liveRefs.add(r);
    }
    return kinds;
  }

  /** A numeric operand's kinds: a register's, or a numeric constant's (0: not numeric). */
  private operand(here: Uint8Array, x: number): number {
    return x < 256 ? this.read(here, x, NUM) : constKind(this.k[x - 256]);
  }

  /**
   * The word for the instruction at j: [word, register written (-1: none), its kind, and whether the
   * registers above it are left as junk (a call)].
   */
  private translate(j: number, here: Uint8Array): [number, number, number, boolean] {
    const pc = this.start + j;
    const ins = this.code[pc]!;
    const op = ins & 63;
    const a = (ins >>> 6) & 255;
    const b = (ins >>> 14) & 511;
    const c = ins >>> 23;
    const none: [number, number, number, boolean] = [BAIL, -1, 0, false];
    if (op !== Op.EQ && op !== Op.LT && op !== Op.LE && op !== Op.JMP && op !== Op.RETURN && this.own(a))
      return none;
    const stringK = (x: number): boolean => x >= 256 && typeof this.k[x - 256] === 'string';
    switch (op) {
      case Op.MOVE: {
        const kb = this.read(here, b, NUM | REF);
        if (kb === INT) return [(ins & ~63) | IMOVE, a, INT, false];
        if (kb === FLT) return [ins, a, FLT, false];
        if (kb === REF) return [(ins & ~63) | RMOVE, a, REF, false];
        return none;
      }
      case Op.LOADK: {
        const bx = ins >>> 14;
        const kd = bx < 256 ? constKind(this.k[bx]) : 0;
        if (kd === 0) return none;
        return [(kd === INT ? IMOVE : Op.MOVE) | (a << 6) | ((256 + bx) << 14), a, kd, false];
      }
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV: {
        const kb = this.operand(here, b);
        const kc = this.operand(here, c);
        if (kb === 0 || kc === 0) return none;
        const r = arith(op, kb, kc);
        if (r === null) return none;
        this.arith++;
        // lua5.4 compiles `x - 0` as `x + 0` (OP_ADDI, the constant negated): -0.0 - 0 is 0.0 there
        const zero = op === Op.SUB && c >= 256 && this.k[c - 256] === 0;
        return [(ins & ~63) | (zero ? (r[1] === INT ? IADD : Op.ADD) : r[0]), a, r[1], false];
      }
      case Op.UNM: {
        if (b >= 256) return none;
        const kb = this.read(here, b, NUM);
        if (kb !== INT && kb !== FLT) return none;
        this.arith++;
        return [kb === INT ? (ins & ~63) | IUNM : ins, a, kb, false];
      }
      case Op.EQ:
      case Op.LT:
      case Op.LE:
        // its JMP is its other half: the float interpreter runs or skips it
        if (j + 1 >= this.last() || (this.code[pc + 1]! & 63) !== Op.JMP) return none;
        return this.operand(here, b) !== 0 && this.operand(here, c) !== 0 ? [ins, -1, 0, false] : none;
      case Op.JMP: {
        const target = j + 1 + ((ins >>> 14) - 131071);
        return a === 0 && target > j && target < this.n ? [ins, -1, 0, false] : none;
      }
      case Op.GETTABLE: {
        if (b >= 256 || this.read(here, b, REF) === 0) return none;
        const ref = nextUse(this.code, pc, this.end, a) === REF;
        const kd = ref ? REF : this.opt.load;
        if (c < 256) {
          // an element at an integer key (the loop index, a counter)
          if (this.read(here, c, INT) !== INT) return none;
          return [(ins & ~63) | (ref ? GETIR : kd === FLT ? GETIF : GETIN), a, kd, false];
        }
        if (!stringK(c)) return none;
        return [(ins & ~63) | (ref ? GETR : kd === FLT ? GETF : GETN), a, kd, false];
      }
      case Op.SETTABLE:
        if (!stringK(b) || this.read(here, a, REF) === 0) return none;
        if (c < 256 ? this.read(here, c, FLT) !== FLT : !isFloat(this.k[c - 256])) return none;
        return [(ins & ~63) | SETF, -1, 0, false];
      case Op.GETUPVAL:
        return [(ins & ~63) | GETUP, a, REF, false];
      case Op.FORPREP:
      case Op.FORLOOP:
        return this.nested(j, ins, here)
          ? [(ins & ~63) | (op === Op.FORPREP ? NFORPREP : NFORLOOP), a, INT, false]
          : none;
      case Op.CALL:
        return this.call(pc, ins, here) ?? none;
      case Op.RETURN: {
        // an inlined callee's: one value back to the caller
        if (this.opt.ra >= 0 || b !== 2) return none;
        const kinds = this.read(here, a, NUM);
        if (kinds === 0) return none;
        this.returns |= kinds;
        return [IRET | (a << 6), -1, 0, false];
      }
      default:
        return none;
    }
  }

  /**
   * Whether the FORPREP or FORLOOP at j is a loop inside the body, on integers: its FORPREP and FORLOOP
   * pair up within the body, and its initial value (or index), limit (or count) and step are integers.
   */
  private nested(j: number, ins: number, here: Uint8Array): boolean {
    const a = (ins >>> 6) & 255;
    const sbx = (ins >>> 14) - 131071;
    const prep = (ins & 63) === Op.FORPREP;
    // FORPREP at p jumps to its FORLOOP at p + 1 + sBx, which jumps back to the body at p + 1
    const p = prep ? j : j + sbx;
    const q = prep ? j + 1 + sbx : j;
    if (this.opt.ra < 0 || p < 0 || q >= this.last() || a + 3 > 255) return false;
    const fp = this.code[this.start + p]!;
    const fq = this.code[this.start + q]!;
    if ((fp & 63) !== Op.FORPREP || (fq & 63) !== Op.FORLOOP || ((fp >>> 6) & 255) !== a) return false;
    if (((fq >>> 6) & 255) !== a || p + 1 + ((fp >>> 14) - 131071) !== q) return false;
    if (q + 1 + ((fq >>> 14) - 131071) !== p + 1) return false;
    for (let r = a; r <= a + 3; r++) if (this.own(r)) return false;
    for (let r = a; r <= a + 2; r++) if (this.read(here, r, INT) !== INT) return false;
    return true;
  }

  /** A CALL of one result: a math function's number kernel, or a leaf Lua function run inline. */
  private call(pc: number, ins: number, here: Uint8Array): [number, number, number, boolean] | null {
    const a = (ins >>> 6) & 255;
    const b = (ins >>> 14) & 511;
    if (ins >>> 23 !== 2 || b === 0 || this.opt.ra < 0 || this.own(a + 1)) return null;
    const fn = this.entry.callee(pc, a);
    if (fn instanceof NativeFunction) {
      if (fn.num1 === null || b !== 2) return null;
      if (this.read(here, a, REF) === 0 || this.read(here, a + 1, FLT) !== FLT) return null;
      this.arith++;
      return [(ins & ~63) | CALL1, a, FLT, false];
    }
    if (!(fn instanceof LuaClosure)) return null;
    const q = leafCallee(fn.proto, b - 1, a);
    if (q === null || this.read(here, a, REF) === 0) return null;
    const top = new Uint8Array(256).fill(JUNK);
    for (let r = 0; r < b - 1; r++) {
      top[r] = this.read(here, a + 1 + r, NUM);
      if (top[r] === 0) return null;
    }
    const inner = new Body(q.code, 0, q.code.length - 1, q.k, this.entry, {
      ra: -1,
      load: this.opt.load,
      top,
    });
    inner.pass(top);
    const rk = inner.returns;
    if ((inner.prog[0]! & 63) === BAIL || rk === 0) return null;
    // its constants follow the loop's and the callees' before it
    const words = relocate(inner.prog, a + 1, this.k.length + this.moreK.length, a);
    if (words === null) return null;
    this.arith += inner.arith;
    const at = this.n + this.extra.length;
    this.extra.push(...words);
    this.moreK.push(...q.k);
    this.calleeAt.push(at);
    this.callees.push(q);
    return [ICALL | (a << 6) | ((this.callees.length - 1) << 14), a, rk, true];
  }

  /** The words the pass translates: a loop's body without its FORLOOP, a callee's whole code. */
  private last(): number {
    return this.opt.ra >= 0 ? this.n - 1 : this.n;
  }

  /** Where the float interpreter may go from j (FORLOOP, RETURN and BAIL leave the body). */
  private successors(j: number): number[] {
    const w = this.prog[j]!;
    const op = w & 63;
    if (op === BAIL || op === Op.FORLOOP || op === IRET) return [];
    if (op === Op.JMP) return [j + 1 + ((w >>> 14) - 131071)];
    if (op === Op.EQ || op === Op.LT || op === Op.LE) return [j + 1, j + 2];
    // a loop inside: the FORPREP skips it or enters it, the FORLOOP leaves it or goes back
    if (op === NFORPREP) return [j + 1, j + 2 + ((w >>> 14) - 131071)];
    if (op === NFORLOOP) return [j + 1, j + 1 + ((w >>> 14) - 131071)];
    return [j + 1];
  }

  /** One forward pass from `top`; returns what reaches the loop's FORLOOP (null: nothing). */
  pass(top: Uint8Array): Uint8Array | null {
    const loop = this.opt.ra >= 0;
    this.prog = new Int32Array(this.n).fill(BAIL);
    if (loop) this.prog[this.n - 1] = this.code[this.end]!;
    this.may = new Array<Uint8Array | null>(this.n).fill(null);
    for (const [s, m] of this.back) this.may[s] = Uint8Array.from(m);
    this.may[0] = Uint8Array.from(top);
    for (const set of [this.liveInt, this.liveFlt, this.liveNum, this.liveRefs, this.written]) set.clear();
    this.readsIndex = false;
    this.arith = 0;
    this.returns = 0;
    this.extra.length = this.callees.length = this.calleeAt.length = this.moreK.length = 0;
    const last = this.last();
    for (let j = 0; j < last; j++) {
      const here = this.may[j];
      if (here === null || here === undefined) continue;
      const [word, w, kind, junkAbove] = this.translate(j, here);
      this.prog[j] = word;
      let out = here;
      if (w >= 0) {
        out = Uint8Array.from(here);
        out[w] = kind;
        if (junkAbove) out.fill(JUNK, w + 1);
        this.written.add(w);
        const op = word & 63;
        if (op === NFORPREP || op === NFORLOOP) {
          // the count and the index besides the initial value
          out[w + 1] = out[w + 3] = INT;
          this.written.add(w + 1).add(w + 3);
        }
      }
      for (const s of this.successors(j)) {
        if (s <= j) {
          // the back edge of a loop inside: what it carries is merged at its top in the next pass
          const m = this.back.get(s) ?? new Uint8Array(256);
          for (let r = 0; r < 256; r++) {
            if ((m[r]! | out[r]!) !== m[r]) this.backGrew = true;
            m[r]! |= out[r]!;
          }
          this.back.set(s, m);
          continue;
        }
        const there = this.may[s];
        if (there === null || there === undefined) this.may[s] = Uint8Array.from(out);
        else for (let r = 0; r < 256; r++) there[r]! |= out[r]!;
      }
    }
    return loop ? (this.may[this.n - 1] ?? null) : null;
  }

  /**
   * The loop's passes: the kinds at the top merge what the FORLOOP sends back, and those at the top of
   * each loop inside what its FORLOOP does, until they all stay.
   */
  run(): boolean {
    const top = Uint8Array.from(this.opt.top);
    this.back.clear();
    for (let round = 0; round < 16; round++) {
      this.backGrew = false;
      const back = this.pass(top);
      if (back === null) return false;
      let grew = this.backGrew;
      for (let r = 0; r < 256; r++) {
        const m = top[r]! | (back[r]! & ~ENTRY);
        if (m !== top[r]) {
          top[r] = m;
          grew = true;
        }
      }
      if (!grew) return true;
    }
    return false;
  }

  /** Whether the word at j is reached by the pass and bails there. */
  bailsAt(j: number): boolean {
    const m = this.may[j];
    return m !== null && m !== undefined && (this.prog[j]! & 63) === BAIL;
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
