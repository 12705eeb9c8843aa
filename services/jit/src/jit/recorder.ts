// The recorder: runs one iteration of a hot loop itself, instruction by instruction, on the real
// interpreter state, and writes down what it did as trace IR with the types it saw. It checks an
// instruction before executing it and aborts when the trace could not express it, so an abort always
// leaves the interpreter's state exact at an instruction boundary (for an abort inside an inlined
// call: at the call, with the arguments put back) and the interpreter simply carries on from there.
// Each opcode family is recorded by its own file in record/; record/state.ts is what they share.
import { eliminateCommon } from './cse.ts';
import { Op, opOf } from '../compiler/opcodes.ts';
import type { InlinedFrame, Path } from './ir.ts';
import { ACCESS } from './record/access.ts';
import { ARITHMETIC } from './record/arith.ts';
import { BRANCHES } from './record/branches.ts';
import { CALLS } from './record/calls.ts';
import { CLOSURES } from './record/closures.ts';
import { VARARGS } from './record/varargs.ts';
import { LOOPS } from './record/loops.ts';
import { MOVES } from './record/moves.ts';
import { recordCalleeLoop } from './record/callee-loops.ts';
import { callTree, closeRepeatLoops } from './record/nested.ts';
import { Abort, RecordState, type OpRecorder } from './record/state.ts';
import { loopEndPc } from './loops.ts';
import { registersWritten } from './writes.ts';

/**
 * Runaway bound: a recording that has not come back to the loop header after this many instructions
 * (nested loops' iterations included) is abandoned.
 */
export const MAX_RECORD_INSTRUCTIONS = 12000;
/** The abort of a recording past that bound (the engine retries such a loop calling its inner trees). */
export const TOO_LONG = 'trace too long';
/** The recorded iteration left the loop: it was the loop's last, or the path out of it. */
export const LEAVES = 'leaves the loop';

const BY_OP: Record<number, OpRecorder> = {
  ...MOVES,
  ...ACCESS,
  ...ARITHMETIC,
  ...BRANCHES,
  ...CALLS,
  ...LOOPS,
  ...CLOSURES,
  ...VARARGS,
};

/** Opcodes that start or close a loop: a function trace has none. */
const LOOP_OPS = new Set([Op.FORPREP, Op.FORLOOP, Op.TFORCALL, Op.TFORLOOP, Op.JMPBACK]);

export type RecordResult =
  /** hints: promote guards made and pure calls folded (record/promote.ts, record/pure.ts). */
  | { ok: true; path: Path; pc: number; hints: number; steps: number }
  | { ok: false; pc: number; why: string; nested: boolean; frames: InlinedFrame[] | null; steps: number };

export class Recorder extends RecordState {
  record(startPc: number): RecordResult {
    let pc = startPc;
    let steps = 0;
    try {
      for (;;) {
        if (steps > MAX_RECORD_INSTRUCTIONS) throw new Abort(TOO_LONG);
        steps++;
        const next = this.step(pc);
        if (next < 0) {
          // Back at the header (-1) or past the loop's end (-2 - pc): the back-edge has run.
          closeRepeatLoops(this);
          eliminateCommon(this.nodes);
          const path = { nodes: this.nodes, writes: this.pathWrites };
          const hints = this.hintsApplied;
          if (this.endPc >= 0) return { ok: true, path, pc: this.endPc, hints, steps };
          pc = next === -1 ? this.tree.header : -2 - next;
          this.checkStable();
          return { ok: true, path, pc, hints, steps };
        }
        pc = next;
      }
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      const nested = e.nested || (e.message === TOO_LONG && this.verify !== null);
      const at = this.abortPc >= 0 ? this.abortPc : this.unwind(pc);
      return { ok: false, pc: at, why: e.message, nested, frames: this.abortFrames, steps };
    }
  }

  /**
   * At a nested loop's header: its body runs many times in one run of the trace, so what it writes is
   * no constant there, and every visit must know the same registers as the first one did, or later
   * iterations would not repeat the recorded body (a local promoted in the first is known in the next).
   */
  private settleKnown(pc: number): void {
    const first = this.knownAt.get(pc);
    if (this.known.size === 0 && this.loaded.size === 0) {
      if (first === undefined) this.knownAt.set(pc, new Set());
      return;
    }
    const p = this.frame.p;
    for (const r of registersWritten(p, pc, loopEndPc(p, pc))) this.forget(r);
    if (first === undefined) this.knownAt.set(pc, new Set(this.known.keys()));
    else for (const v of [...this.known.keys()]) if (!first.has(v)) this.known.delete(v);
  }

  /** Records and executes the instruction at pc; returns the next pc, -1 at the header, -2-pc after the loop. */
  private step(pc: number): number {
    const f = this.frame;
    const i = f.p.code[pc]!;
    const op = opOf(i);
    const d = f.depth;
    this.instrStart = this.out.length;
    this.instrPc = pc;
    // A path that leaves the traced loop (break, return path, goto out) stays an exit.
    if (d === 0 && (pc < this.tree.header || pc > this.loopEnd)) throw new Abort(LEAVES);
    if (this.tree.kind === 'function' && LOOP_OPS.has(op)) throw new Abort('loop in a function trace');
    if (d === 0 && this.backTargets.has(pc) && pc !== this.tree.header) this.settleKnown(pc);
    if (
      d === 0 &&
      this.tree.kind === 'loop' &&
      this.verify === null &&
      this.backTargets.has(pc) &&
      pc !== this.tree.header
    ) {
      const next = callTree(this, pc);
      if (next >= 0) return next;
    }
    if (d === 0 && this.verify === null && this.backTargets.has(pc)) {
      const prev = this.visits.get(pc);
      this.visits.set(pc, {
        idx: this.out.length,
        writeIdx: this.writeLog.length,
        types: new Map(this.types),
        peels: prev === undefined ? 0 : prev.peels,
      });
    }
    if (d > 0) {
      const next = recordCalleeLoop(this, f, pc, i);
      if (next >= 0) return next;
    }
    const rop = BY_OP[op];
    if (rop === undefined) throw new Abort('untraceable instruction');
    return rop(this, f, pc, i);
  }
}
