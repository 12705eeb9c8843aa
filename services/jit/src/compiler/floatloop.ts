// Float loops: numeric for loops whose body is float arithmetic on registers, table fields and
// elements, with integers beside (mandelbrot's inner loop, n-body's, spectral-norm's with its call of
// A). While the JIT is off the interpreter runs such a loop's iterations over a Float64Array of number
// registers beside an array of the other values it handles (tables, functions): vm/floatloop.ts. In the
// shared stack array each float result is a new HeapNumber and a write barrier, which cost the
// interpreter ~3x on float code (`npm run bench:jit:register-file`).
//
// The compiler only picks the loops that may be float loops (`floatLoopSites`). The first time one is
// entered, the pass over its body (floatbody.ts) specialises it to the kinds of the values it is entered
// with (`specialise`), or finds it is none. The body runs unchanged except that every instruction the
// float interpreter does not run becomes BAIL: reaching one hands the loop back to the dispatch loop at
// that pc. An instruction that meets a value it cannot handle (a missing field, a table with a
// metatable, an integer leaving the safe range) bails before it changes anything, so that the dispatch
// loop runs it as if the float interpreter had never started it. On each entry, the registers read
// before they are written must hold the kinds the loop was specialised to; references are checked
// where they are used.
import { Op } from './opcodes.ts';
import type { Proto } from './proto.ts';
import { Body, ENTRY, FLT, kindOf, NUM, type Entry } from './floatbody.ts';
import {
  BAIL,
  CALL1,
  GETF,
  GETIF,
  GETIN,
  GETIR,
  GETN,
  GETR,
  IADD,
  IMOVE,
  IMUL,
  IRET,
  ISUB,
  IUNM,
  NFORLOOP,
  NFORPREP,
  NUMBER_OPS,
  RMOVE,
  SETF,
} from './floatwords.ts';
import { LFloat, toFloat, type LuaValue } from '../vm/value.ts';

export * from './floatwords.ts';
export type { Entry } from './floatbody.ts';

export interface FloatLoop {
  /** The body's first pc (the FORLOOP's jump target) and the FORLOOP's pc. */
  readonly start: number;
  readonly end: number;
  /** The loop's base register A: its body's registers from A + 4 are dead once it ends. */
  readonly ra: number;
  /**
   * The body and its FORLOOP in the float interpreter's words, indexed by pc - start, then the words of
   * the callees it runs inline.
   */
  readonly prog: Int32Array;
  /** The body's length: a word at or past it is an inlined callee's. */
  readonly n: number;
  /** Registers read before any write on some path, by the kind they must hold on entry. */
  readonly liveFlt: Int32Array;
  readonly liveInt: Int32Array;
  /** An integer or a float. */
  readonly liveNum: Int32Array;
  readonly liveRefs: Int32Array;
  /** The loop's index register when the body reads it (the float interpreter keeps it there), or -1. */
  readonly index: number;
  /** Registers the body may write (its callees' own registers are not written back). */
  readonly written: Int32Array;
  /** The inlined callees (an ICALL's B), and where their words start in prog. */
  readonly callees: readonly Proto[];
  readonly calleeAt: Int32Array;
  /**
   * The number registers, then the constants the body reads (an operand indexes it directly: `prog`'s
   * constant operands are moved down from 256 to just above the registers).
   */
  readonly f: Float64Array;
  /** The reference registers. */
  readonly o: LuaValue[];
  /**
   * What each register was last written as since the loop entered: 0 nothing, 1 a float, 2 a
   * reference, 3 an integer.
   */
  readonly dirty: Uint8Array;
  /** Run-time counts: entries, bodies run to their end and entries refused (vm/floatloop.ts). */
  entries: number;
  laps: number;
  refusals: number;
  /** Entries refused since the last one taken, those at the FORPREP counting 16 (vm/floatloop.ts). */
  streak: number;
}

/** A loop the float interpreter may run: specialised on its first entry. */
export interface FloatLoopSite {
  readonly start: number;
  readonly end: number;
  /** Null until its first entry, and when it turned out to be no float loop. */
  loop: FloatLoop | null;
  /** It was no float loop, or it was given up: the dispatch loop runs it. */
  given: boolean;
  /** The words `icode` had at its pcs before it was made a float loop (compiler/fuse.ts). */
  readonly plain: Map<number, number>;
  /** The kinds each register was entered with, over the site's specialisations (vm/floatsite.ts). */
  readonly seen: Uint8Array;
  specialisations: number;
}

/** Instructions a float loop's first word may be. */
const FIRST = new Set<number>([...NUMBER_OPS, Op.GETTABLE, Op.GETUPVAL]);

/** Loops the float interpreter does not run inside one (a numeric for loop it does): they bail on every lap. */
const OTHER_LOOPS = new Set<number>([Op.TFORCALL, Op.TFORLOOP, Op.JMPBACK]);

/** Whether the body start..end - 1 may make a float loop, as far as its code alone tells. */
function candidate(code: Int32Array, start: number, end: number): boolean {
  if (!FIRST.has(code[start]! & 63)) return false;
  let arith = false;
  for (let pc = start; pc < end; pc++) {
    const op = code[pc]! & 63;
    if (OTHER_LOOPS.has(op)) return false;
    if ((op >= Op.ADD && op <= Op.DIV) || op === Op.UNM) arith = true;
  }
  return arith;
}

/** The loops of a function's code that may be float loops, by FORLOOP pc (null when it has none). */
export function floatLoopSites(code: Int32Array): (FloatLoopSite | undefined)[] | null {
  let sites: (FloatLoopSite | undefined)[] | null = null;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]! & 63;
    if (op === Op.SETLIST)
      pc++; // its next word is a raw number
    else if (op === Op.FORLOOP) {
      const start = pc + 1 + ((code[pc]! >>> 14) - 131071);
      if (candidate(code, start, pc))
        (sites ??= [])[pc] = {
          start,
          end: pc,
          loop: null,
          given: false,
          plain: new Map(),
          seen: new Uint8Array(256),
          specialisations: 0,
        };
    }
  }
  return sites;
}

/**
 * The float loop for the FORLOOP at `end`, specialised to the values it is entered with, or null when
 * the float interpreter could not run an iteration of it.
 */
export function specialise(
  code: Int32Array,
  end: number,
  k: readonly LuaValue[],
  entry: Entry,
): FloatLoop | null {
  const fl = code[end]!;
  const start = end + 1 + ((fl >>> 14) - 131071);
  const ra = (fl >>> 6) & 255;
  const top = new Uint8Array(256);
  for (let r = 0; r < 256; r++) top[r] = ENTRY | entry.kind(r);
  // Elements and fields read for arithmetic: as numbers of either kind where a float results anyway
  // (`x[j] * A(i, j)` with integers in x), else as floats; whichever leaves fewer instructions to bail.
  let best: Body | null = null;
  let bails = Infinity;
  for (const load of [NUM, FLT]) {
    const body = new Body(code, start, end, k, entry, { ra, load, top });
    if (!body.run()) continue;
    let n = 0;
    for (let j = 0; j < body.n; j++) if (body.bailsAt(j)) n++;
    for (const w of body.extra) if ((w & 63) === BAIL) n++;
    if (n < bails) {
      best = body;
      bails = n;
    }
  }
  // Worth it only when an iteration can run without bailing, after arithmetic.
  if (best === null || best.arith < 1 || (best.prog[0]! & 63) === BAIL) return null;
  const prog = Int32Array.from([...best.prog, ...best.extra]);
  const index = best.readsIndex ? ra + 3 : -1;
  const { f, regs } = compactConstants(prog, [...k, ...best.moreK], index);
  return {
    start,
    end,
    ra,
    prog,
    n: best.n,
    liveFlt: Int32Array.from(best.liveFlt),
    liveInt: Int32Array.from(best.liveInt),
    liveNum: Int32Array.from(best.liveNum),
    liveRefs: Int32Array.from(best.liveRefs),
    index,
    written: Int32Array.from(best.written),
    callees: best.callees,
    calleeAt: Int32Array.from(best.calleeAt),
    f,
    o: new Array<LuaValue>(regs).fill(undefined),
    dirty: new Uint8Array(regs),
    entries: 0,
    laps: 0,
    refusals: 0,
    streak: 0,
  };
}

/** Operands of the word that are number operands (RK: a register, or a constant to move down). */
function numberOperands(w: number): ('b' | 'c')[] {
  const op = w & 63;
  if (op === Op.MOVE || op === IMOVE || op === Op.UNM || op === IUNM) return ['b'];
  if ((op >= Op.ADD && op <= Op.DIV) || op === IADD || op === ISUB || op === IMUL) return ['b', 'c'];
  if (op === Op.EQ || op === Op.LT || op === Op.LE) return ['b', 'c'];
  if (op === SETF) return ['c'];
  return [];
}

/** Words whose B field is a register that numberOperands leaves out. */
const REGISTER_B = new Set<number>([RMOVE, GETF, GETN, GETR, GETIF, GETIN, GETIR, IRET]);

/**
 * Moves prog's constant number operands (256 + index) to just above the highest register it uses, and
 * returns the number registers so laid out, the constants filled in, with the number of registers.
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
    // CALL1 reads A + 1; a loop inside writes A..A + 3
    regs = Math.max(
      regs,
      ((w >>> 6) & 255) + (op === CALL1 ? 2 : op === NFORPREP || op === NFORLOOP ? 4 : 1),
    );
    const b = (w >>> 14) & 511;
    // B is a table or a reference, or IRET's result register (the number operands come below; in the
    // other words B is an upvalue, a callee, a jump, a string constant or nothing)
    if (REGISTER_B.has(op)) regs = Math.max(regs, b + 1);
    if (op === GETIF || op === GETIN || op === GETIR) regs = Math.max(regs, (w >>> 23) + 1);
    for (const x of numberOperands(w)) {
      const v = x === 'b' ? b : w >>> 23;
      if (v < 256) regs = Math.max(regs, v + 1);
      else consts = Math.max(consts, v - 256 + 1);
    }
  }
  const f = new Float64Array(regs + consts);
  for (let j = 0; j < consts; j++) {
    const v = k[j];
    f[regs + j] = typeof v === 'number' || v instanceof LFloat ? toFloat(v) : NaN;
  }
  const at = (x: number): number => (x < 256 ? x : x - 256 + regs);
  for (let j = 0; j < prog.length; j++) {
    const w = prog[j]!;
    const ops = numberOperands(w);
    let nw = w;
    if (ops.includes('b')) nw = (nw & ~(511 << 14)) | (at((w >>> 14) & 511) << 14);
    if (ops.includes('c')) nw = (nw & 0x7fffff) | (at(w >>> 23) << 23);
    prog[j] = nw;
  }
  return { f, regs };
}

export { kindOf };
