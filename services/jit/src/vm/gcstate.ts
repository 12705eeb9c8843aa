// What lua5.4's collector keeps for a program that this implementation needs too: the objects marked
// for finalization (lgc.c's finobj list: a table or userdata whose metatable had a __gc field when
// setmetatable gave it), whether lua_close has begun (GCSTPCLS: objects marked after that are never
// finalized), and warn's on/off switch, which finalizers' errors obey. V8 collects the memory; this
// only decides when __gc metamethods run (lib/finalizers.ts).
import type { LuaTable } from './table.ts';
import type { LuaUserdata } from './value.ts';

export type Finalizable = LuaTable | LuaUserdata;

export class GcState {
  /** Marked objects not yet finalized, oldest first (lua5.4 finalizes the newest first). */
  readonly marked: Finalizable[] = [];
  private readonly isMarked = new WeakSet<Finalizable>();
  /** lua_close has begun. */
  closing = false;
  /** A metatable with __mode has been set: collectgarbage has weak tables to clear. */
  weakSeen = false;
  /** warn("@on") was called (lua.c starts with warnings off). */
  warnings = false;

  /**
   * luaC_checkfinalizer, called by every setmetatable: marks o, given metatable mt, unless it is
   * marked already or mt has no __gc; and notes a metatable that makes tables weak.
   */
  check(o: Finalizable, mt: LuaTable | null): void {
    if (mt === null || !mt.shape.collectorKeys) return;
    if (!this.weakSeen && mt.getStr('__mode') !== undefined) this.weakSeen = true;
    if (this.closing || this.isMarked.has(o) || mt.getStr('__gc') === undefined) return;
    this.isMarked.add(o);
    this.marked.push(o);
  }

  /** Drops the objects a collection is about to finalize from the marked list, keeping its order. */
  forget(gone: Set<Finalizable>): void {
    const ms = this.marked;
    let n = 0;
    for (const o of ms) if (!gone.has(o)) ms[n++] = o;
    ms.length = n;
  }

  /** Takes o out of the marked objects (its finalizer is about to run); it may be marked again. */
  unmark(o: Finalizable): void {
    this.isMarked.delete(o);
  }
}
