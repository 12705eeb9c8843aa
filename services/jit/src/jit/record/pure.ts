// Calls to `--@pure` Lua functions (parser/hints.ts) whose arguments are all constant in the trace
// (literals, promoted locals, earlier folded results): the recording makes the call once, in the
// interpreter, and the trace keeps only the callee's identity guard and its results as constants.
// The hint is the programmer's promise; nothing checks that the function really is pure.
import { argA, argB, argC } from '../../compiler/opcodes.ts';
import type { Proto } from '../../compiler/proto.ts';
import type { LuaClosure } from '../../vm/value.ts';
import { vreg } from '../ir.ts';
import { isConstant } from '../types.ts';
import { Abort, type Frame, type RecordState } from './state.ts';

/** Pure functions that once returned something a trace cannot hold as a constant: inlined instead. */
const unfoldable = new WeakSet<Proto>();

/** The JIT's way of running a call with recording switched off (engine.ts). */
interface QuietHook {
  quiet?<T>(run: () => T): T;
}

/** Can the call at pc (instruction i, callee cl) be folded? Its arguments must all be constants. */
export function foldable(rec: RecordState, f: Frame, i: number, cl: LuaClosure): boolean {
  const p = cl.proto;
  if (!p.pure || p.isVararg || unfoldable.has(p) || argB(i) === 0 || argC(i) === 0) return false;
  return rec.argsConstancy(f, argA(i), argB(i) - 1) !== 'varying';
}

/** Records the call as its results, running it now; returns the next pc. */
export function foldPure(rec: RecordState, f: Frame, pc: number, i: number, cl: LuaClosure): number {
  const a = argA(i);
  const nargs = argB(i) - 1;
  const nres = argC(i) - 1;
  const L = rec.L;
  const s = rec.stack;
  const fidx = f.base + a;
  rec.emit({ k: 'fnguard', src: vreg(f.depth, a), fn: cl, exit: rec.exit(pc) });
  const saved = s.slice(fidx, fidx + 1 + nargs);
  const restore = (why: string): never => {
    for (let j = 0; j <= nargs; j++) s[fidx + j] = saved[j];
    throw new Abort(why);
  };
  const ci = L.ci;
  const cdepth = L.cdepth;
  const run = (): void => {
    const callee = L.pushFrame(cl, fidx, nargs, nres);
    // Its RETURN leaves this nested run of the interpreter.
    callee.fromNative = true;
    callee.metaCall = true;
    L.execute(L);
  };
  try {
    const hook = L.jit as QuietHook | null;
    if (hook?.quiet !== undefined) hook.quiet(run);
    else run();
  } catch {
    // Not folded: the interpreter makes the call again from the CALL and raises the error itself.
    L.ci = ci;
    L.cdepth = cdepth;
    L.closeUpvals(fidx);
    restore('pure call raised');
  }
  const vals = s.slice(fidx, fidx + nres);
  if (!vals.every(isConstant)) {
    unfoldable.add(cl.proto);
    restore('pure call result not a constant');
  }
  rec.foldedResults(f, a, vals);
  rec.top = -1;
  return pc + 1;
}
