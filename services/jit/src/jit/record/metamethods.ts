// Metamethods written in Lua (`__add` of a vector class, an `__index` function supplying defaults),
// inlined like a called function. The interpreter calls them from inside an instruction, so their
// frame sits above the caller's registers and their one result goes to the instruction's target
// register (Frame.meta); the caller then goes on after the instruction. Guards: the operand's
// metatable is the one seen (getmeta), that metatable's shape (so its slot holds the event) and the
// function read from the slot (fnguard). An exit before any store re-runs the instruction; after one,
// the interpreter finishes the metamethod's frame and finishInlined moves its result.
import { argA, argB, argC } from '../../compiler/opcodes.ts';
import { DICT } from '../../vm/shape.ts';
import { MAX_CCALLS } from '../../vm/state.ts';
import type { LuaTable } from '../../vm/table.ts';
import { LuaClosure, type LuaValue } from '../../vm/value.ts';
import { vreg, type Opnd } from '../ir.ts';
import { TT } from '../types.ts';
import { recordGetField } from './fields.ts';
import { VARARG_REGS } from './varargs.ts';
import { Abort, type Frame, type RecordState, traceableType } from './state.ts';

/** Registers of the caller's frame the metatable and the metamethod are read into (see fields.ts). */
const MT_REG = 253;
const FN_REG = 252;

/** One argument of a metamethod: an operand of the instruction, its type and its value. */
export interface MetaArg {
  opnd: Opnd;
  t: TT;
  v: LuaValue;
}

/** Table t in register tab, as a metamethod's argument. */
function tableArg(tab: number, t: LuaTable): MetaArg {
  return { opnd: { r: tab }, t: TT.TAB, v: t };
}

/**
 * The Lua function `mt[event]` of table t (a register of f), guarded as described above, or null
 * when t has no metatable or its metatable has no such field (guarded too).
 */
function metamethod(
  rec: RecordState,
  f: Frame,
  pc: number,
  tab: number,
  t: LuaTable,
  event: string,
): LuaClosure | null {
  const mt = t.metatable;
  if (mt === null) {
    rec.emit({ k: 'nometa', tab, exit: rec.exit(pc) });
    return null;
  }
  if (mt.shape === DICT) throw new Abort(`${event} in a metatable in dictionary mode`);
  // Its own registers stay below the vararg registers (varargs.ts), and so below the scratch ones.
  if (f.p.maxstack > VARARG_REGS) throw new Abort(event);
  const fn = mt.getStr(event);
  if (fn !== undefined && !(fn instanceof LuaClosure)) throw new Abort(`${event} not a Lua function`);
  const m = vreg(f.depth, MT_REG);
  rec.emit({ k: 'getmeta', dst: m, tab, mt: rec.konst(mt), exit: rec.exit(pc) });
  recordGetField(rec, pc, vreg(f.depth, FN_REG), m, mt, event, fn === undefined ? TT.NIL : TT.FUN, true);
  return fn ?? null;
}

/**
 * The metamethod `event` of the first operand, else of the second, as the interpreter's
 * `metafield(L, a, event) ?? metafield(L, b, event)` finds it; null when neither has one. Numbers
 * have no metatable; other operand types (strings convert for arithmetic) abort.
 */
function eitherMetamethod(rec: RecordState, f: Frame, pc: number, event: string, x: MetaArg, y: MetaArg) {
  for (const o of [x, y]) {
    if (o.t === TT.INT || o.t === TT.FLT) continue;
    if (o.t !== TT.TAB || !('r' in o.opnd)) throw new Abort(`${event} of a non-table`);
    const fn = metamethod(rec, f, pc, o.opnd.r, o.v as LuaTable, event);
    if (fn !== null) return fn;
  }
  return null;
}

/**
 * Inlines fn, the metamethod of the instruction at pc, called with args; its result goes to register
 * retA of f (none: -1, for __newindex), or, for a comparison (cmp: the instruction's A), decides the
 * jump after it. Returns the metamethod's first pc (0).
 */
function inlineMeta(
  rec: RecordState,
  f: Frame,
  pc: number,
  fn: LuaClosure,
  args: MetaArg[],
  retA: number,
  cmp?: boolean,
): number {
  const inlinable = checkInlinable(rec, f, pc, fn);
  // Its frame lies above the caller's registers: an exit re-running the instruction restores nothing.
  rec.enterCall([], undefined, -1);
  const base = f.base + f.p.maxstack + 1;
  const nres = retA < 0 && cmp === undefined ? 0 : 1;
  return inlinable(
    { cl: fn, p: fn.proto, depth: rec.frames.length, base, callPc: pc, retA, nres, meta: true, cmp },
    args,
  );
}

/**
 * The checks and the guard every inlined metamethod gets (fn read into FN_REG); returns what pushes
 * its frame nf: the arguments moved into its parameters (nil past them), on the real stack too.
 */
function checkInlinable(rec: RecordState, f: Frame, pc: number, fn: LuaClosure) {
  const p = fn.proto;
  if (rec.tree.kind !== 'loop') throw new Abort('metamethod in a function trace');
  if (p.isVararg) throw new Abort('vararg metamethod');
  rec.checkInlinable(p);
  // The interpreter's call of a metamethod counts in nCcalls (LuaState.call); inlined ones do not.
  const ccalls = rec.frames.filter((fr) => fr.meta === true).length + 1;
  if (rec.L.nCcalls + ccalls >= MAX_CCALLS) throw new Abort('C stack overflow');
  rec.emit({ k: 'fnguard', src: vreg(f.depth, FN_REG), fn, ccalls, exit: rec.exit(pc) });
  return (nf: Frame, args: MetaArg[]): number => {
    const s = rec.stack;
    rec.L.ensureStack(nf.base + p.maxstack + 1);
    s[nf.base - 1] = fn;
    for (let j = 0; j < p.maxstack; j++) s[nf.base + j] = args[j]?.v;
    for (let j = 0; j < p.numparams; j++) {
      const dst = vreg(nf.depth, j);
      const arg = args[j] ?? { opnd: { k: undefined }, t: TT.NIL, v: undefined };
      rec.emit({ k: 'mov', dst, src: arg.opnd, t: arg.t });
      rec.types.set(dst, arg.t);
      if ('r' in arg.opnd) rec.copyKnown(arg.opnd.r, dst);
    }
    rec.frames.push(nf);
    return 0;
  };
}

/**
 * Arithmetic with a table operand (`v + w`, `2 * v`, `-v`): the first operand's metamethod if it is a
 * table whose metatable has the event, else the second's when the first is a number, as the
 * interpreter's arith picks it. Other mixes abort.
 */
export function recordArithMeta(
  rec: RecordState,
  f: Frame,
  pc: number,
  event: string,
  x: MetaArg,
  y: MetaArg,
  retA: number,
): number {
  const fn = eitherMetamethod(rec, f, pc, event, x, y);
  if (fn === null) throw new Abort('arithmetic on non-numbers');
  return inlineMeta(rec, f, pc, fn, [x, y], retA);
}

/**
 * EQ, LT or LE (event __eq, __lt, __le) of operands that are not both numbers or both strings: the
 * metamethod inlined, its result's truthiness against want (the instruction's A) deciding the jump
 * when it returns (returnToCompare). Returns -1 when neither operand has the event (guarded): EQ is
 * then false, after its guard that the operands differ; LE tries __lt.
 */
export function recordCompareMeta(
  rec: RecordState,
  f: Frame,
  pc: number,
  event: string,
  x: MetaArg,
  y: MetaArg,
  want: boolean,
): number {
  const fn = eitherMetamethod(rec, f, pc, event, x, y);
  if (fn !== null) return inlineMeta(rec, f, pc, fn, [x, y], 0, want);
  if (event === '__eq') return -1;
  // Debian's lua5.4 (LUA_COMPAT_LT_LE), as the interpreter's lessEqual: a <= b is not (b < a), __lt
  // looked up on b first.
  const lt = eitherMetamethod(rec, f, pc, '__lt', y, x);
  if (lt === null) throw new Abort(`${event} missing`);
  return inlineMeta(rec, f, pc, lt, [y, x], 0, !want);
}

/**
 * The RETURN of a comparison's metamethod (a results at a, n of them): the frame goes and the caller
 * goes on at the jump or past it, with a guard that the result is as truthy as recorded. The guard's
 * exit resumes where the other result leads: the metamethod ran and stored already.
 */
export function returnToCompare(rec: RecordState, f: Frame, a: number, n: number): number {
  const r = vreg(f.depth, a);
  const v = n > 0 ? rec.stack[f.base + a] : undefined;
  const truthy = v !== undefined && v !== false;
  rec.frames.pop();
  const taken = f.callPc + 1;
  const skipped = f.callPc + 2;
  const next = truthy !== f.cmp ? skipped : taken;
  if (n > 0) {
    const exit = rec.exit(next === taken ? skipped : taken);
    rec.emit({ k: 'test', a: r, ta: rec.types.get(r)!, want: truthy, exit });
  }
  rec.forgetFrame(f.depth);
  rec.leftCall();
  return next;
}

/** `#t` for a table with a metatable: its __len function called with t; -1 when it has none. */
export function recordLenMeta(
  rec: RecordState,
  f: Frame,
  pc: number,
  tab: number,
  t: LuaTable,
  retA: number,
): number {
  const fn = metamethod(rec, f, pc, tab, t, '__len');
  if (fn === null) return -1;
  return inlineMeta(rec, f, pc, fn, [tableArg(tab, t), tableArg(tab, t)], retA);
}

/**
 * `t[k]` (GETTABLE, or SELF's method) with k absent from t, whose metatable's __index is a Lua
 * function: __index(t, k). A constant string key is absent as long as t keeps its shape; another key
 * is read raw, guarded to be nil (a memoising table's miss).
 */
export function recordIndexFunction(
  rec: RecordState,
  f: Frame,
  pc: number,
  tab: number,
  t: LuaTable,
  key: MetaArg,
  retA: number,
): number {
  guardAbsent(rec, f, pc, tab, t, key);
  const fn = metamethod(rec, f, pc, tab, t, '__index');
  if (fn === null) throw new Abort('__index');
  return inlineMeta(rec, f, pc, fn, [tableArg(tab, t), key], retA);
}

/**
 * `t[k] = v` (SETTABLE, pc) with k absent from t, whose metatable's __newindex is h: a Lua function
 * inlined as __newindex(t, k, v), without a result; a table aborts.
 */
export function recordNewindexFunction(
  rec: RecordState,
  f: Frame,
  pc: number,
  tab: number,
  t: LuaTable,
  h: LuaValue,
  key: MetaArg,
  val: MetaArg,
): number {
  if (!(h instanceof LuaClosure)) throw new Abort('__newindex table');
  guardAbsent(rec, f, pc, tab, t, key);
  const fn = metamethod(rec, f, pc, tab, t, '__newindex')!;
  return inlineMeta(rec, f, pc, fn, [tableArg(tab, t), key, val], -1);
}

/**
 * Guards that key is present in t (its value's type, never nil): a store there is raw whatever
 * __newindex is, once settab has guarded the metatable.
 */
export function guardPresent(
  rec: RecordState,
  f: Frame,
  pc: number,
  tab: number,
  t: LuaTable,
  key: MetaArg,
): void {
  const present = traceableType(t.get(key.v));
  const scratch = vreg(f.depth, MT_REG);
  rec.emit({ k: 'gettab', dst: scratch, tab, key: key.opnd, tk: key.t, t: present, exit: rec.exit(pc) });
}

/**
 * Guards that key is absent from t: a constant string key as long as t keeps its shape; another key
 * read raw and guarded nil (a memoising table's miss, a proxy's new key).
 */
function guardAbsent(rec: RecordState, f: Frame, pc: number, tab: number, t: LuaTable, key: MetaArg): void {
  if ('k' in key.opnd && key.t === TT.STR) {
    if (t.shape === DICT) throw new Abort('a metamethod of a table in dictionary mode');
    rec.emit({ k: 'shape', tab, shape: rec.konst(t.shape), exit: rec.exit(pc) });
    return;
  }
  const miss = vreg(f.depth, MT_REG);
  rec.emit({
    k: 'gettab',
    dst: miss,
    tab,
    key: key.opnd,
    tk: key.t,
    t: TT.NIL,
    inherits: true,
    exit: rec.exit(pc),
  });
}

/**
 * CALL of a table whose metatable's __call is a Lua function (an object used as a function, a class
 * called to construct): the handler inlined as the call's callee, with the table as its first
 * argument, as the interpreter's resolveCallable shifts them. Fixed argument and result counts only.
 */
export function recordCallMeta(rec: RecordState, f: Frame, pc: number, i: number): number {
  const a = argA(i);
  const b = argB(i);
  const c = argC(i);
  if (b === 0 || c === 0) throw new Abort('variable argument or result count');
  const s = rec.stack;
  const fidx = f.base + a;
  const t = s[fidx] as LuaTable;
  const fn = metamethod(rec, f, pc, vreg(f.depth, a), t, '__call');
  if (fn === null) throw new Abort('calling a table without __call');
  const inlinable = checkInlinable(rec, f, pc, fn);
  const nargs = b - 1;
  rec.enterCall(s.slice(fidx + 1, fidx + 1 + nargs), t, -1);
  rec.top = -1;
  // The table is the handler's first argument, the call's arguments its others.
  const args: MetaArg[] = [];
  for (let j = 0; j <= Math.min(nargs, fn.proto.numparams - 1); j++)
    args.push({ opnd: rec.reg(f, a + j), t: rec.rtype(f, a + j), v: s[fidx + j] });
  return inlinable(
    { cl: fn, p: fn.proto, depth: rec.frames.length, base: fidx + 1, callPc: pc, retA: a, nres: c - 1 },
    args,
  );
}
