// Fields with a constant string key of tables in shape mode (vm/shape.ts): a guard on the table's
// shape, then the value's slot is known when recording. The code generator drops guards that an
// earlier one already made (fieldgen.ts), so a run of accesses to one table costs one compare.
import { DICT } from '../../vm/shape.ts';
import { LuaTable } from '../../vm/table.ts';
import { isFloat, type LuaValue } from '../../vm/value.ts';
import { vreg, type Opnd } from '../ir.ts';
import { TT } from '../types.ts';
import { Abort, type Frame, type RecordState, traceableType } from './state.ts';

/** Tables an inherited field read may go through after the first (a class, its base class ...). */
const MAX_INDEX_CHAIN = 3;
/**
 * Registers of a frame that hold the metatables and __index tables of an inherited read, from the
 * top of the 256 a frame's vregs have; they hold no local (no function has that many registers) and
 * have no type in the recording, so no exit writes them back.
 */
const CHAIN_REGS = 2 * MAX_INDEX_CHAIN;

/**
 * dst = tab[key] for a value of type t, already read by the caller (a nil one had no __index). raw:
 * a raw read (a metamethod's field of a metatable), which a nil value does not make go on to __index.
 */
export function recordGetField(
  rec: RecordState,
  pc: number,
  dst: number,
  tab: number,
  t: LuaTable,
  key: string,
  vt: TT,
  raw = false,
): void {
  const slot = t.shape.index.get(key) ?? -1;
  rec.emit({ k: 'shape', tab, shape: rec.konst(t.shape), exit: rec.exit(pc) });
  // A nil field is absent: with a metatable its value would come from __index.
  if (vt === TT.NIL && !raw) rec.emit({ k: 'nometa', tab, exit: rec.exit(pc) });
  const fl = slot >= 0 && t.shape.isFloat(slot);
  rec.emit({ k: 'getslot', dst, tab, slot, t: vt, fl, exit: rec.exit(pc) });
}

/**
 * tab[key] = val; the caller checked that t has no metatable, or one without __newindex (guarded by
 * guardNoNewindex, so no nometa guard here), and executes the store after. A store that would take
 * the table to dictionary mode is left to the caller (false).
 */
export function recordSetField(
  rec: RecordState,
  pc: number,
  tab: number,
  t: LuaTable,
  key: string,
  val: Opnd,
  tv: TT,
  v: LuaValue,
): boolean {
  const sh = t.shape;
  const slot = sh.index.get(key);
  const next = slot === undefined && v !== undefined ? sh.add(key, isFloat(v)) : null;
  if (slot === undefined && v !== undefined && next === null) return false;
  if (t.metatable === null) rec.emit({ k: 'nometa', tab, exit: rec.exit(pc) });
  rec.emit({ k: 'shape', tab, shape: rec.konst(sh), exit: rec.exit(pc) });
  if (slot !== undefined) {
    const fl = sh.isFloat(slot);
    // What LuaTable.setSlot does: a float slot given anything but a float or nil is generalised.
    const gen = fl && tv !== TT.FLT && tv !== TT.NIL ? rec.konst(sh.generalize(slot)) : undefined;
    rec.emit({ k: 'setslot', tab, slot, val, tv, fl, gen });
  } else if (next !== null) rec.emit({ k: 'addslot', tab, shape: rec.konst(next), val, tv });
  // Else nil stored to a key the shape lacks: nothing to do.
  return true;
}

/**
 * dst = tab[key] for a key t lacks and its metatable's __index tables hold (a method of a class, of its
 * base class): at each table a guard on its shape (the key absent), on its metatable's identity and on
 * that metatable's shape, then the __index slot read as a table. Returns the value read.
 */
export function recordInheritedField(
  rec: RecordState,
  f: Frame,
  pc: number,
  dst: number,
  tab: number,
  t: LuaTable,
  key: string,
): LuaValue {
  if (f.p.maxstack > 256 - CHAIN_REGS) throw new Abort('__index');
  let reg = tab;
  let cur = t;
  for (let level = 0; ; level++) {
    const v = cur.getStr(key);
    if (cur.shape === DICT) throw new Abort('__index through a table in dictionary mode');
    const mt = cur.metatable;
    if (v !== undefined || mt === null) {
      recordGetField(rec, pc, dst, reg, cur, key, traceableType(v));
      return v;
    }
    if (level === MAX_INDEX_CHAIN) throw new Abort('__index chain too long');
    if (mt.shape === DICT) throw new Abort('__index through a metatable in dictionary mode');
    const h = mt.getStr('__index');
    if (h !== undefined && !(h instanceof LuaTable)) throw new Abort('__index');
    rec.emit({ k: 'shape', tab: reg, shape: rec.konst(cur.shape), exit: rec.exit(pc) });
    const m = vreg(f.depth, 255 - 2 * level);
    rec.emit({ k: 'getmeta', dst: m, tab: reg, mt: rec.konst(mt), exit: rec.exit(pc) });
    if (h === undefined) {
      recordGetField(rec, pc, dst, m, mt, '__index', TT.NIL, true);
      return undefined;
    }
    reg = vreg(f.depth, 254 - 2 * level);
    recordGetField(rec, pc, reg, m, mt, '__index', TT.TAB, true);
    cur = h;
  }
}

/**
 * For a store into t, which has a metatable (an object's field set in a method): guards that the
 * metatable is the same and has no __newindex (a raw read of its shape), so the store is a raw one.
 */
export function guardNoNewindex(rec: RecordState, f: Frame, pc: number, tab: number, t: LuaTable): void {
  const mt = t.metatable!;
  if (f.p.maxstack > 256 - CHAIN_REGS) throw new Abort('table with a metatable');
  if (mt.shape === DICT || mt.getStr('__newindex') !== undefined) throw new Abort('__newindex');
  const m = vreg(f.depth, 255);
  rec.emit({ k: 'getmeta', dst: m, tab, mt: rec.konst(mt), exit: rec.exit(pc) });
  recordGetField(rec, pc, m, m, mt, '__newindex', TT.NIL, true);
}
