// Loads and stores outside the registers: upvalues, globals and table fields. Stores are the side
// effects a trace can have: after one inside an inlined call, its exits rebuild the callee frames
// instead of re-running the call (see RecordState.exit).
import { argA, argB, argC, Op, opOf } from '../../compiler/opcodes.ts';
import { DICT } from '../../vm/shape.ts';
import { LuaTable } from '../../vm/table.ts';
import { vreg, type Node } from '../ir.ts';
import { TT } from '../types.ts';
import { LuaClosure, type LuaValue, type UpVal } from '../../vm/value.ts';
import { recordStringIndex } from './natives.ts';
import { guardNoNewindex, recordGetField, recordInheritedField, recordSetField } from './fields.ts';
import { guardPresent, recordIndexFunction, recordNewindexFunction } from './metamethods.ts';
import { Abort, type Frame, type OpRecorder, type RecordState, traceableType } from './state.ts';

/** Whether key kv of type tk is an integer inside t's array part (1..arr.length). */
function inArray(t: LuaTable, tk: TT, kv: LuaValue): boolean {
  return tk === TT.INT && (kv as number) >= 1 && (kv as number) <= t.arr.length;
}

/** SELF's R[A+1] = R[B], before its method is looked up. */
function self(rec: RecordState, f: Frame, a: number, b: number, tab: LuaTable): void {
  rec.emit({ k: 'mov', dst: vreg(f.depth, a + 1), src: rec.reg(f, b), t: TT.TAB });
  rec.setType(f, a + 1, TT.TAB);
  rec.stack[f.base + a + 1] = tab;
}

const getTable: OpRecorder = (rec, f, pc, i) => {
  const op = opOf(i);
  const s = rec.stack;
  const base = f.base;
  const a = argA(i);
  const d = f.depth;
  const b = argB(i);
  const tt = rec.rtype(f, b);
  if (tt === TT.STR) return recordStringIndex(rec, f, pc, i);
  if (tt !== TT.TAB) throw new Abort('indexing a non-table');
  const tab = s[base + b] as LuaTable;
  const [key, tk, kv] = rec.rk(f, argC(i));
  if (tk === TT.FLT || tk === TT.NIL || (op === Op.SELF && tk !== TT.STR)) throw new Abort('key type');
  let v = tab.get(kv);
  const inherited = v === undefined && tab.metatable !== null;
  if (inherited && tab.metatable!.getStr('__index') instanceof LuaClosure) {
    if (op === Op.SELF) self(rec, f, a, b, tab);
    return recordIndexFunction(rec, f, pc, vreg(d, b), tab, { opnd: key, t: tk, v: kv }, a);
  }
  if (inherited && !('k' in key && tk === TT.STR)) throw new Abort('__index');
  if (op === Op.SELF) self(rec, f, a, b, tab);
  if (inherited) v = recordInheritedField(rec, f, pc, vreg(d, a), vreg(d, b), tab, kv as string);

  const t = traceableType(v);
  if (!inherited && 'k' in key && tk === TT.STR && tab.shape !== DICT) {
    recordGetField(rec, pc, vreg(d, a), vreg(d, b), tab, kv as string, t);
  } else if (!inherited) {
    const n: Node = { k: 'gettab', dst: vreg(d, a), tab: vreg(d, b), key, tk, t, exit: rec.exit(pc) };
    if (t !== TT.NIL && inArray(tab, tk, kv)) n.inArr = true;
    rec.emit(n);
  }
  rec.setType(f, a, t);
  s[base + a] = v;
  return pc + 1;
};

/**
 * An inlined callee's upvalue still open on a local of the traced frame (a local function's counter,
 * another local function) is that register, which the trace holds in a JS local: returns it after
 * emitting the guard that the cell still points there, or -1 for any other upvalue.
 */
function rootRegister(rec: RecordState, f: Frame, uv: UpVal, pc: number): number {
  const root = rec.frames[0]!;
  // (a cell open on a coroutine's stack is not one of the trace's registers)
  if (!uv.open || uv.stack !== rec.stack || uv.idx < root.base) return -1;
  if (f.depth === 0 || uv.idx >= rec.frames[1]!.base - 1) throw new Abort('upvalue of a traced register');
  // Another closure of the prototype may hold another cell.
  if (f.clo !== undefined) throw new Abort('upvalue of a traced register in a closure made more than once');
  const r = uv.idx - root.base;
  rec.emit({ k: 'upvcell', konst: rec.konst(uv), reg: r, exit: rec.exit(pc) });
  return r;
}

export const ACCESS: Record<number, OpRecorder> = {
  [Op.GETUPVAL]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const idx = argB(i);
    const uv = f.cl.upvals[idx]!;
    const r = rootRegister(rec, f, uv, pc);
    if (r >= 0) {
      const root = rec.frames[0]!;
      const t = rec.rtype(root, r);
      rec.emit({ k: 'mov', dst: vreg(d, a), src: { r }, t });
      rec.setType(f, a, t);
      s[base + a] = uv.stack[uv.idx];
      return pc + 1;
    }
    const v = uv.open ? uv.stack[uv.idx] : uv.value;
    const t = traceableType(v);
    const konst = d === 0 || f.clo !== undefined ? -1 : rec.konst(uv);
    rec.emit({ k: 'getupv', dst: vreg(d, a), uv: idx, konst, clo: f.clo, t, exit: rec.exit(pc) });
    rec.setType(f, a, t);
    s[base + a] = v;
    return pc + 1;
  },

  [Op.SETUPVAL]: (rec, f, pc, i) => {
    rec.mayStore(f);
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const idx = argB(i);
    const uv = f.cl.upvals[idx]!;
    const r = rootRegister(rec, f, uv, pc);
    const t = rec.rtype(f, a);
    if (r >= 0) {
      rec.emit({ k: 'mov', dst: r, src: rec.reg(f, a), t });
      rec.setType(rec.frames[0]!, r, t);
    } else {
      const konst = d === 0 || f.clo !== undefined ? -1 : rec.konst(uv);
      rec.emit({ k: 'setupv', src: vreg(d, a), uv: idx, konst, clo: f.clo, t });
    }
    if (uv.open) uv.stack[uv.idx] = s[base + a];
    else uv.value = s[base + a];
    rec.sideEffect();
    return pc + 1;
  },

  [Op.GETGLOBAL]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const g = rec.L.globals;
    const name = f.p.k[i >>> 14] as string;
    const v = g.getStr(name);
    if (v === undefined && g.metatable !== null) throw new Abort('globals with a metatable');
    const t = traceableType(v);
    // Where the global is now: the trace reads that slot while the globals keep this shape.
    const j = g.shape === DICT ? undefined : g.shape.index.get(name);
    const at = j === undefined ? null : { shape: rec.konst(g.shape), slot: j };
    rec.emit({ k: 'getglobal', dst: vreg(d, a), name, at, t, exit: rec.exit(pc) });
    rec.setType(f, a, t);
    s[base + a] = v;
    return pc + 1;
  },

  [Op.SETGLOBAL]: (rec, f, pc, i) => {
    rec.mayStore(f);
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const g = rec.L.globals;
    if (g.metatable !== null) throw new Abort('globals with a metatable');
    const name = f.p.k[i >>> 14] as string;
    const t = rec.rtype(f, a);
    rec.emit({ k: 'setglobal', name, src: rec.reg(f, a), t, exit: rec.exit(pc) });
    g.set(name, s[base + a]);
    rec.sideEffect();
    return pc + 1;
  },

  [Op.SETTABLE]: (rec, f, pc, i) => {
    rec.mayStore(f);
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const tt = rec.rtype(f, a);
    if (tt !== TT.TAB) throw new Abort('indexing a non-table');
    const tab = s[base + a] as LuaTable;
    const [key, tk, kv] = rec.rk(f, argB(i));
    if (tk === TT.FLT || tk === TT.NIL) throw new Abort('key type');
    const [val, tv, vv] = rec.rk(f, argC(i));
    const constField = 'k' in key && tk === TT.STR && tab.shape !== DICT;
    // A store into an object (a field set in a method, an element of an array class): a raw store
    // when its metatable has no __newindex, or the key is present; __newindex(t, k, v) when it is not.
    const mt = tab.metatable;
    const newindex = mt === null ? undefined : mt.getStr('__newindex');
    const K = { opnd: key, t: tk, v: kv };
    if (newindex !== undefined && tab.get(kv) === undefined)
      return recordNewindexFunction(rec, f, pc, vreg(d, a), tab, newindex, K, { opnd: val, t: tv, v: vv });
    if (newindex !== undefined) guardPresent(rec, f, pc, vreg(d, a), tab, K);
    else if (mt !== null) guardNoNewindex(rec, f, pc, vreg(d, a), tab);
    const field =
      newindex === undefined &&
      constField &&
      recordSetField(rec, pc, vreg(d, a), tab, kv as string, val, tv, vv);
    if (!field) {
      const meta = mt === null ? -1 : rec.konst(mt);
      const n: Node = { k: 'settab', tab: vreg(d, a), key, tk, val, tv, meta, exit: rec.exit(pc) };
      if (tv !== TT.NIL && inArray(tab, tk, kv)) n.inArr = true;
      rec.emit(n);
    }
    tab.set(kv, vv);
    rec.sideEffect();
    return pc + 1;
  },

  [Op.SETLIST]: (rec, f, pc, i) => {
    rec.mayStore(f);
    const a = argA(i);
    const n = argB(i);
    if (n === 0) throw new Abort('variable argument or result count');
    if (rec.rtype(f, a) !== TT.TAB) throw new Abort('indexing a non-table');
    const vals: number[] = [];
    const ts: TT[] = [];
    for (let j = 1; j <= n; j++) {
      ts.push(rec.rtype(f, a + j));
      vals.push(vreg(f.depth, a + j));
    }
    // The start index is the next code word, as in the interpreter.
    const start = f.p.code[pc + 1]!;
    rec.emit({ k: 'setlist', tab: vreg(f.depth, a), start, vals, ts });
    (rec.stack[f.base + a] as LuaTable).setList(start, rec.stack, f.base + a + 1, n);
    rec.sideEffect();
    return pc + 2;
  },

  [Op.NEWTABLE]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    rec.emit({ k: 'newtab', dst: vreg(d, a) });
    rec.setType(f, a, TT.TAB);
    s[base + a] = new LuaTable();
    return pc + 1;
  },
  [Op.GETTABLE]: getTable,
  [Op.SELF]: getTable,
};
