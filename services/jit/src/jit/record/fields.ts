// Fields with a constant string key of tables in shape mode (vm/shape.ts): a guard on the table's
// shape, then the value's slot is known when recording. The code generator drops guards that an
// earlier one already made (fieldgen.ts), so a run of accesses to one table costs one compare.
import type { LuaTable } from '../../vm/table.ts';
import type { LuaValue } from '../../vm/value.ts';
import type { Opnd } from '../ir.ts';
import { TT } from '../types.ts';
import type { RecordState } from './state.ts';

/** dst = tab[key] for a value of type t, already read by the caller (a nil one had no __index). */
export function recordGetField(
  rec: RecordState,
  pc: number,
  dst: number,
  tab: number,
  t: LuaTable,
  key: string,
  vt: TT,
): void {
  const slot = t.shape.index.get(key) ?? -1;
  rec.emit({ k: 'shape', tab, shape: rec.konst(t.shape), exit: rec.exit(pc) });
  // A nil field is absent: with a metatable its value would come from __index.
  if (vt === TT.NIL) rec.emit({ k: 'nometa', tab, exit: rec.exit(pc) });
  rec.emit({ k: 'getslot', dst, tab, slot, t: vt, exit: rec.exit(pc) });
}

/**
 * tab[key] = val; the caller checked that t has no metatable and executes the store after. A store
 * that would take the table to dictionary mode is left to the caller (false).
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
  const next = slot === undefined && v !== undefined ? sh.add(key) : null;
  if (slot === undefined && v !== undefined && next === null) return false;
  rec.emit({ k: 'nometa', tab, exit: rec.exit(pc) });
  rec.emit({ k: 'shape', tab, shape: rec.konst(sh), exit: rec.exit(pc) });
  if (slot !== undefined) rec.emit({ k: 'setslot', tab, slot, val, tv });
  else if (next !== null) rec.emit({ k: 'addslot', tab, shape: rec.konst(next), val, tv });
  // Else nil stored to a key the shape lacks: nothing to do.
  return true;
}
