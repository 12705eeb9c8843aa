// Closures made inside a traced loop (a callback written inline at its call, `map(t, function(x)
// return x * k end)`). The trace holds its locals in JS variables, not on the interpreter's stack, so
// an open upvalue on one would read a stale slot: a closure is made here only over locals that keep
// their value for the rest of their scope, and each gets a closed cell holding that value. Nobody can
// tell the difference: the local is not assigned again while the cell would be open, and no closure
// made in its scope assigns the upvalue.
import { argA, argB, argBx, argSBx, Op, opOf } from '../../compiler/opcodes.ts';
import type { Proto } from '../../compiler/proto.ts';
import { closedUpval, LuaClosure, type UpVal } from '../../vm/value.ts';
import { type ClosureUp, vreg } from '../ir.ts';
import { TT } from '../types.ts';
import { isBackEdge } from '../loops.ts';
import { registersWritten } from '../writes.ts';
import { Abort, truthy, type OpRecorder } from './state.ts';

/** Whether p or a function nested in it assigns an upvalue. */
function assignsUpvalue(p: Proto): boolean {
  for (let pc = 0; pc < p.code.length; pc++) if (opOf(p.code[pc]!) === Op.SETUPVAL) return true;
  return p.protos.some(assignsUpvalue);
}

/**
 * Whether local register r, captured by the CLOSURE at pc, keeps its value until its scope ends:
 * no instruction after pc in the scope may assign it, no jump in the scope goes back to pc or before
 * (the closure made again over the same open variable), and no closure of p over r assigns upvalues.
 */
function sealed(p: Proto, pc: number, r: number): boolean {
  const lv = p.locvars.find((l) => l.reg === r && l.startpc <= pc && pc < l.endpc);
  if (lv === undefined) return false;
  if (registersWritten(p, pc + 1, lv.endpc - 1).has(r)) return false;
  for (let q = pc; q < lv.endpc; q++) {
    const i = p.code[q]!;
    const op = opOf(i);
    const back = isBackEdge(op) || op === Op.JMP;
    if (back && q + 1 + argSBx(i) <= pc && q + 1 + argSBx(i) >= lv.startpc) return false;
  }
  for (let q = 0; q < p.code.length; q++) {
    const i = p.code[q]!;
    if (opOf(i) !== Op.CLOSURE) continue;
    const np = p.protos[argBx(i)]!;
    if (np.upvals.some((d) => d.inStack && d.index === r) && assignsUpvalue(np)) return false;
  }
  return true;
}

const closure: OpRecorder = (rec, f, pc, i) => {
  if (rec.tree.kind !== 'loop') throw new Abort('closure in a function trace');
  const a = argA(i);
  const np = f.p.protos[argBx(i)]!;
  const s = rec.stack;
  const root = rec.frames[0]!;
  const ups: ClosureUp[] = [];
  const cells: UpVal[] = [];
  for (const d of np.upvals) {
    if (d.inStack) {
      if (!sealed(f.p, pc, d.index)) throw new Abort('closure over a local assigned later');
      const t = rec.rtype(f, d.index);
      ups.push({ r: vreg(f.depth, d.index), t });
      cells.push(closedUpval(s[f.base + d.index]));
    } else {
      const uv = f.cl.upvals[d.index]!;
      // Open on a register of the traced frame, which the trace holds in a JS variable.
      if (uv.open && uv.idx >= root.base) throw new Abort('closure over an upvalue of a traced register');
      if (f.depth === 0) ups.push({ uv: d.index, konst: -1 });
      else if (f.clo !== undefined) ups.push({ uv: d.index, konst: -1, clo: f.clo });
      else ups.push({ uv: d.index, konst: rec.konst(uv) });
      cells.push(uv);
    }
  }
  rec.emit({ k: 'closure', dst: vreg(f.depth, a), proto: rec.konst(np), ups });
  rec.setType(f, a, TT.FUN);
  s[f.base + a] = new LuaClosure(np, cells);
  if (np.closures < 2) np.closures++;
  return pc + 1;
};

export const CLOSURES: Record<number, OpRecorder> = {
  [Op.CLOSURE]: closure,
  // Closes nothing in a trace: closures made here hold closed cells, and no open upvalue may point
  // at the frame's registers (checked while recording, as for a JMP that closes).
  [Op.CLOSE]: (rec, f, pc, i) => {
    if (argB(i) !== 0) {
      // a trace runs no __close: one that marks a <close> variable is not traced, unless the value is
      // nil or false (a generic for's closing value, mostly), which marks nothing (guarded)
      const a = argA(i);
      if (truthy(rec.stack[f.base + a])) throw new Abort('to-be-closed variable');
      const r = vreg(f.depth, a);
      if (!rec.known.has(r))
        rec.emit({ k: 'test', a: r, ta: rec.rtype(f, a), want: false, exit: rec.exit(pc) });
      return pc + 1;
    }
    const ou = rec.L.openUpvals;
    if (ou.length > 0 && ou[ou.length - 1]!.idx >= f.base + argA(i)) throw new Abort('open upvalues');
    // Closing the loop function's `<close>` variables (a return inside the loop): they were marked
    // before the loop, out of the trace, and may hold a value to close on another entry
    if (f.depth === 0 && rec.tree.kind === 'loop') {
      const p = f.cl.proto;
      const a = argA(i);
      for (const lv of p.locvars)
        if (lv.tbc === true && lv.reg >= a && lv.startpc <= rec.tree.header && pc < lv.endpc)
          throw new Abort('closes a <close> variable');
    }
    return pc + 1;
  },
};
