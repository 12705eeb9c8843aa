// Calls of pure library functions (natives.ts) and method lookups on strings (`s:byte(i)`), which go
// through the string metatable's __index table to the same library functions.
import { argA, argB, argC, Op, opOf } from '../../compiler/opcodes.ts';
import { LuaTable } from '../../vm/table.ts';
import type { LuaValue, NativeFunction } from '../../vm/value.ts';
import { vreg, type Opnd } from '../ir.ts';
import { PURE_NATIVES } from '../natives.ts';
import { isConstant, TT, typeOfValue } from '../types.ts';
import { Abort, type Frame, type RecordState } from './state.ts';

/** CALL of a NativeFunction at register a of frame f. */
export function recordNative(
  rec: RecordState,
  f: Frame,
  pc: number,
  i: number,
  fn: NativeFunction,
  nargs: number,
): number {
  const a = argA(i);
  const pn = PURE_NATIVES.get(fn.name);
  if (pn === undefined) throw new Abort(`call to ${fn.name}`);
  // All results, for the next call (B = 0): only from natives with exactly one, in a loop's own frame
  // (where an exit sets L.top for that call).
  const all = argC(i) === 0;
  if (all && (pn.multi === true || rec.frames.length > 1 || rec.tree.kind !== 'loop'))
    throw new Abort('variable result count');
  const nres = all ? 1 : argC(i) - 1;
  const s = rec.stack;
  const fidx = f.base + a;
  const args: Opnd[] = [];
  const targs: TT[] = [];
  const vals: LuaValue[] = [];
  for (let j = 1; j <= nargs; j++) {
    args.push(rec.reg(f, a + j));
    targs.push(rec.rtype(f, a + j));
    vals.push(s[fidx + j]);
  }
  if (!pn.accepts(targs)) throw new Abort(`argument types of ${fn.name}`);
  if (pn.admits !== undefined && !pn.admits(vals)) throw new Abort(`arguments of ${fn.name}`);
  if (pn.stores === true) {
    // Results of other types than the inline code makes (nils past the first) stay untraced.
    if (all) throw new Abort('variable result count');
    rec.mayStore(f);
  }
  const meta = rec.L.stringMeta;
  if (pn.tostrings === true && targs.includes(TT.STR) && meta?.getStr('__tostring') !== undefined)
    throw new Abort('__tostring on strings');
  let res: LuaValue | LuaValue[];
  try {
    res = fn.fn(rec.L, vals);
  } catch {
    // Nothing changed: the interpreter makes the call and raises the error.
    throw new Abort(`error in ${fn.name}`);
  }
  // A one-result array made generic first: V8 may make `[res]` an array of unboxed doubles, where a
  // NaN loses its sign (lua5.4's -nan would print as nan).
  let out: LuaValue[];
  if (Array.isArray(res)) out = res;
  else {
    out = [undefined];
    out[0] = res;
  }
  const ts: TT[] = [];
  for (let j = 0; j < nres; j++) {
    const t = typeOfValue(out[j]);
    if (t === TT.OTHER) throw new Abort(`result type of ${fn.name}`);
    ts.push(t);
  }
  const d = f.depth;
  rec.emit({ k: 'fnguard', src: vreg(d, a), fn, exit: rec.exit(pc) });
  const results = Array.from({ length: nres }, (_, j) => out[j]);
  // Arguments constant through a hint (record/promote.ts, record/pure.ts): the results are constants
  // too. Without a hint the call stays, so that programs without hints trace as they always did.
  const foldable = pn.stores !== true && pn.readsTable !== true;
  if (foldable && rec.argsConstancy(f, a, nargs) === 'hinted' && results.every(isConstant)) {
    rec.foldedResults(f, a, results);
    // As below: the call taking all results finds their end in L.top.
    rec.top = all ? fidx + 1 : -1;
    if (all) rec.L.top = fidx + 1;
    return pc + 1;
  }
  const fmt = vals[0];
  if (fn.name === 'string.format' && typeof fmt === 'string' && f.p.k.includes(fmt)) {
    // A format that is one of the function's constants: guarded to stay that string (one compare of
    // the same interned string), so the code generator can turn it into inline code (formatgen.ts).
    rec.emit({
      k: 'cmp',
      op: 'eq',
      a: args[0]!,
      b: { k: fmt },
      ta: TT.STR,
      tb: TT.STR,
      want: true,
      exit: rec.exit(pc),
    });
    args[0] = { k: fmt };
  }
  rec.emit({ k: 'native', name: fn.name, fn, dst: vreg(d, a), args, targs, ts, exit: rec.exit(pc) });
  if (pn.stores === true) rec.sideEffect();
  rec.top = -1;
  for (let j = 0; j < nres; j++) {
    rec.setType(f, a + j, ts[j]!);
    s[fidx + j] = out[j];
  }
  if (all) {
    // As the interpreter leaves it: an abort at the next call resumes there.
    rec.top = fidx + 1;
    rec.L.top = fidx + 1;
  }
  return pc + 1;
}

/**
 * GETTABLE or SELF on a string with a constant key: the string metatable's __index table's field,
 * guarded on that table still being __index and the field still holding the same function.
 */
export function recordStringIndex(rec: RecordState, f: Frame, pc: number, i: number): number {
  const c = argC(i);
  const key = c >= 256 ? f.p.k[c - 256] : undefined;
  if (typeof key !== 'string') throw new Abort('string indexed by a variable');
  const idx = rec.L.stringMeta?.getStr('__index');
  if (!(idx instanceof LuaTable)) throw new Abort('string __index is not a table');
  const v = idx.getStr(key);
  const t = typeOfValue(v);
  if (t !== TT.FUN) throw new Abort('string method is not a function');
  const a = argA(i);
  const b = argB(i);
  const d = f.depth;
  const s = rec.stack;
  const str = s[f.base + b];
  // The exit is taken before the object is copied (SELF's A + 1 is a temporary it writes anyway).
  const exit = rec.exit(pc);
  if (opOf(i) === Op.SELF) {
    rec.emit({ k: 'mov', dst: vreg(d, a + 1), src: rec.reg(f, b), t: TT.STR });
    rec.setType(f, a + 1, TT.STR);
    s[f.base + a + 1] = str;
  }
  rec.emit({ k: 'strindex', dst: vreg(d, a), key, idx, v, exit });
  rec.setType(f, a, t);
  s[f.base + a] = v;
  return pc + 1;
}
