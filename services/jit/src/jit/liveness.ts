// Which registers of a function may still be read at a pc, read off its bytecode (backward dataflow
// over its instructions). A trace leaving at pc only has to store those: the interpreter overwrites
// the others before it reads them. Conservative wherever an instruction's effect is not exact:
// "to top" operands (B or C = 0) read every register from A up, conditional writes kill nothing,
// and a register a closure of the function may capture is live everywhere (upvalues read the stack).
import { argA, argB, argBx, argC, argSBx, Op, opOf } from '../compiler/opcodes.ts';
import type { Proto } from '../compiler/proto.ts';

/** A function's live sets: `words` 32-bit words per pc. */
interface Liveness {
  words: number;
  bits: Uint32Array;
}

const cache = new WeakMap<Proto, Liveness>();

/**
 * Whether register r may be read at pc (before being written) when the interpreter resumes there,
 * as a predicate for one pc. Out-of-range pcs (no resume point) keep everything. Registers from
 * maxstack up are always live: only multiple results (VARARG, a call's) reach past the frame, and a
 * "to top" operand reads them, however many there are (`f(...)` with more varargs than registers).
 */
export function liveAt(p: Proto, pc: number): (r: number) => boolean {
  const lv = liveness(p);
  if (pc < 0 || pc >= p.code.length) return () => true;
  const base = pc * lv.words;
  const bits = lv.bits;
  const frame = p.maxstack;
  return (r) => r >= frame || (bits[base + (r >>> 5)]! & (1 << (r & 31))) !== 0;
}

function liveness(p: Proto): Liveness {
  let lv = cache.get(p);
  if (lv === undefined) {
    lv = compute(p);
    cache.set(p, lv);
  }
  return lv;
}

/** What one instruction reads and (always) writes, and where control goes after it. */
interface Effect {
  uses: number[];
  defs: number[];
  succ: number[];
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let r = lo; r <= hi; r++) out.push(r);
  return out;
}

function effect(p: Proto, pc: number): Effect {
  const i = p.code[pc]!;
  const op = opOf(i);
  const a = argA(i);
  const b = argB(i);
  const c = argC(i);
  const top = p.maxstack - 1;
  const rk = (x: number): number[] => (x < 256 ? [x] : []);
  const next = [pc + 1];
  switch (op) {
    case Op.MOVE:
    case Op.UNM:
    case Op.BNOT:
    case Op.NOT:
    case Op.LEN:
      return { uses: [b], defs: [a], succ: next };
    case Op.LOADK:
    case Op.GETUPVAL:
    case Op.GETGLOBAL:
    case Op.NEWTABLE:
      return { uses: [], defs: [a], succ: next };
    case Op.CLOSURE:
      return { uses: [], defs: [a], succ: next };
    case Op.LOADBOOL:
      return { uses: [], defs: [a], succ: [c !== 0 ? pc + 2 : pc + 1] };
    case Op.LOADNIL:
      return { uses: [], defs: range(a, a + b), succ: next };
    case Op.SETUPVAL:
    case Op.SETGLOBAL:
      return { uses: [a], defs: [], succ: next };
    case Op.GETTABLE:
      return { uses: [b, ...rk(c)], defs: [a], succ: next };
    case Op.SETTABLE:
      return { uses: [a, ...rk(b), ...rk(c)], defs: [], succ: next };
    case Op.SELF:
      return { uses: [b, ...rk(c)], defs: [a, a + 1], succ: next };
    case Op.ADD:
    case Op.SUB:
    case Op.MUL:
    case Op.DIV:
    case Op.MOD:
    case Op.POW:
    case Op.IDIV:
    case Op.BAND:
    case Op.BOR:
    case Op.BXOR:
    case Op.SHL:
    case Op.SHR:
      return { uses: [...rk(b), ...rk(c)], defs: [a], succ: next };
    case Op.CONCAT:
      return { uses: range(b, c), defs: [a], succ: next };
    case Op.JMP:
    case Op.JMPBACK:
      return { uses: [], defs: [], succ: [pc + 1 + argSBx(i)] };
    case Op.EQ:
    case Op.LT:
    case Op.LE:
      return { uses: [...rk(b), ...rk(c)], defs: [], succ: [pc + 1, pc + 2] };
    case Op.TEST:
      return { uses: [a], defs: [], succ: [pc + 1, pc + 2] };
    case Op.TESTSET:
      return { uses: [b], defs: [], succ: [pc + 1, pc + 2] };
    case Op.CALL:
      return {
        uses: range(a, b === 0 ? top : a + b - 1),
        defs: c === 0 ? [] : range(a, a + c - 2),
        succ: next,
      };
    case Op.TAILCALL:
      return { uses: range(a, b === 0 ? top : a + b - 1), defs: [], succ: [] };
    case Op.RETURN:
      return { uses: b === 0 ? range(a, top) : range(a, a + b - 2), defs: [], succ: [] };
    case Op.FORPREP:
      return { uses: [a, a + 1, a + 2], defs: [], succ: [pc + 1, pc + 2 + argSBx(i)] };
    case Op.FORLOOP:
      return { uses: [a, a + 1, a + 2], defs: [], succ: [pc + 1, pc + 1 + argSBx(i)] };
    case Op.TFORCALL:
      return { uses: [a, a + 1, a + 2], defs: range(a + 3, a + 2 + c), succ: next };
    case Op.TFORLOOP:
      return { uses: [a + 1], defs: [], succ: [pc + 1, pc + 1 + argSBx(i)] };
    case Op.SETLIST:
      // The next word is SETLIST's start index, not an instruction.
      return { uses: range(a, b === 0 ? top : a + b), defs: [], succ: [pc + 2] };
    case Op.VARARG:
      return { uses: [], defs: b === 0 ? [] : range(a, a + b - 2), succ: next };
    case Op.CLOSE:
      return { uses: [], defs: [], succ: next };
    default:
      // An opcode this analysis does not know: everything is live across it.
      return { uses: range(0, top), defs: [], succ: next };
  }
}

/**
 * Registers the instructions from..to (inclusive) of p may read, and every register a closure of p
 * captures (a call may read those through an upvalue): what a nested loop's compiled tree, which
 * runs only those instructions, can see of the frame.
 */
export function registersRead(p: Proto, from: number, to: number): Set<number> {
  const s = new Set<number>(captured(p));
  for (let pc = from; pc <= to && pc < p.code.length; pc++) {
    for (const r of effect(p, pc).uses) s.add(r);
    // The next word is SETLIST's start index, not an instruction.
    if (opOf(p.code[pc]!) === Op.SETLIST) pc++;
  }
  return s;
}

/** Registers some closure made by p captures (argBx of CLOSURE is the nested proto's index). */
export function captured(p: Proto): number[] {
  const out = new Set<number>();
  for (let pc = 0; pc < p.code.length; pc++) {
    const i = p.code[pc]!;
    if (opOf(i) !== Op.CLOSURE) continue;
    for (const d of p.protos[argBx(i)]!.upvals) if (d.inStack) out.add(d.index);
  }
  return [...out];
}

function compute(p: Proto): Liveness {
  const n = p.code.length;
  const words = Math.max(1, Math.ceil(Math.max(p.maxstack, 1) / 32));
  const bits = new Uint32Array(n * words);
  const effects: Effect[] = [];
  const isData = new Uint8Array(n);
  for (let pc = 0; pc < n; pc++) {
    if (isData[pc]) {
      effects.push({ uses: [], defs: [], succ: [] });
      continue;
    }
    const e = effect(p, pc);
    if (opOf(p.code[pc]!) === Op.SETLIST && pc + 1 < n) isData[pc + 1] = 1;
    effects.push(e);
  }
  const pinned = new Uint32Array(words);
  for (const r of captured(p)) if (r < words * 32) pinned[r >>> 5]! |= 1 << (r & 31);
  const tmp = new Uint32Array(words);
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      if (isData[pc]) continue;
      const e = effects[pc]!;
      tmp.fill(0);
      for (const s of e.succ) {
        if (s < 0 || s >= n) continue;
        for (let w = 0; w < words; w++) tmp[w]! |= bits[s * words + w]!;
      }
      for (const r of e.defs) if (r < words * 32) tmp[r >>> 5]! &= ~(1 << (r & 31));
      for (const r of e.uses) if (r < words * 32) tmp[r >>> 5]! |= 1 << (r & 31);
      for (let w = 0; w < words; w++) {
        tmp[w]! |= pinned[w]!;
        if (bits[pc * words + w] !== tmp[w]) {
          bits[pc * words + w] = tmp[w]!;
          changed = true;
        }
      }
    }
  }
  return { words, bits };
}
