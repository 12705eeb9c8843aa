// Loop traces calling function traces (a loop calling a recursive function such as fib): the trace
// calls the callee's compiled function trace as a JS function, as function traces call each other.
// When the callee hands frames back (functions.ts), the callee's frame is pushed on the root frame,
// the frames it left above it, and the interpreter finishes them; the trace then leaves after the
// call.
import type { LuaState } from '../vm/state.ts';
import type { LuaClosure } from '../vm/value.ts';
import type { Gen } from './codegen.ts';
import { materialize, type CallState } from './functions.ts';
import type { Node } from './ir.ts';
import { boxExpr, checkExpr, TT, unboxExpr } from './types.ts';

/** Frames function traces called from loop traces hand over (one call at a time). */
const CALLS: CallState = { frames: [] };

/** What a loop trace's call of a function trace needs at run time (kept in the trace's consts). */
export class FunctionCallSite {
  readonly calls = CALLS;

  constructor(
    /** Root-frame pc of the call. */
    readonly callPc: number,
    readonly nres: number,
  ) {}

  /** The callee left frames: the interpreter finishes them; returns what the trace returns. */
  handover(L: LuaState, base: number, func: number, cl: LuaClosure): number {
    L.ci.pc = this.callPc + 1;
    const ci = L.pushFrame(cl, base + func, cl.proto.numparams, this.nres);
    // Its RETURN leaves this nested run of the interpreter; no native lies between it and the root.
    ci.fromNative = true;
    ci.metaCall = true;
    materialize(L, ci, CALLS.frames);
    CALLS.frames.length = 0;
    L.execute(L);
    return -2 - (this.callPc + 1);
  }
}

/** A loop trace's callfn node (codegen's callfn is the function traces' one). */
export function loopCallCode(g: Gen, n: Extract<Node, { k: 'callfn' }>): string {
  const a = n.a;
  const site = g.konst(g.tree.consts[n.site!]);
  const fn = g.op({ r: a }, TT.FUN);
  const args = n.targs.map(
    (t, j) => `stack[base + ${a + 1 + j}] = ${boxExpr(t, g.op({ r: a + 1 + j }, t))};`,
  );
  for (let j = n.nargs; j < n.nparams; j++) args.push(`stack[base + ${a + 1 + j}] = undefined;`);
  // Before handing over: the root's registers below the call (from a on the slots are the call's:
  // the callee's frame, which its exits have stored, and then its results).
  const spill: string[] = [];
  const stored = new Set<number>();
  const store = (r: number, t: TT): void => {
    if (stored.has(r) || r >= a) return;
    stored.add(r);
    spill.push(`stack[base + ${r}] = ${boxExpr(t, g.op({ r }, t))};`);
  };
  for (const [r, t] of n.after.snap) store(r, t);
  for (const r of g.facts.loopCarried) store(r, g.tree.entry.get(r)!);
  let code =
    `if (base + ${a + n.room} >= stack.length) ${g.exitCode(n.exit)}\n` +
    `u = ${g.konst(g.tree.consts[n.callee])}.fn; if (u === null) ${g.exitCode(n.exit)}\n` +
    `${args.join(' ')}\n` +
    `${site}.calls.frames.length = 0;\n` +
    `u = u(L, stack, base + ${a + 1}, ${fn}, ${site}.calls, 0);\n` +
    `if (u < 0) {\nif (u === -1) ${g.exitCode(n.exit)}\n${spill.join(' ')}\n` +
    `return ${site}.handover(L, base, ${a}, ${fn});\n}\n` +
    (n.exact === true
      ? // All its results, for a call taking them (B = 0): another count leaves, L.top set as the
        // interpreter's RETURN sets it (the registers from a on are the call's).
        `if (u !== ${n.nres}) {\n${spill.join(' ')}\n` +
        `L.top = base + ${a} + u; return ${-2 - (n.exit.pc + 1)};\n}`
      : `for (; u < ${n.nres}; u++) stack[base + ${a} + u] = undefined;`);
  n.ts.forEach((t, j) => {
    code +=
      `\nt = stack[base + ${a + j}]; if (!(${checkExpr(t, 't')})) ${g.exitCode(n.after)}\n` +
      `${g.dst(a + j, t)} = ${unboxExpr(t, 't')};`;
  });
  return code;
}
