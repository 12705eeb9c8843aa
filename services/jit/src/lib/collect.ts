// collectgarbage("collect") as far as a program can see it: V8 frees the memory on its own terms,
// but lua5.4's full collection also clears the entries of weak tables (__mode "k", "v", "kv") whose
// keys or values nothing else reaches, and runs the finalizers (__gc) of the marked objects that
// nothing reaches, newest marked first (lgc.c's atomic phase and callallpendingfinalizers). So this
// marks what the program reaches from its roots, as lgc.c does: the registry and globals, the stacks
// of the running thread and of the threads that resumed it (up to the running native's arguments in
// the innermost frame, where lua5.4's L->top is), and from there tables (weak ones as lua5.4 treats
// them: ephemerons for weak keys), closures' upvalues, coroutines' states and userdata's metatables.
//
// Marking must never miss a live object: a finalizer run on one, or a weak entry cleared under it,
// is a wrong result, where a missed collection only keeps memory. So a collection inside a trace (whose
// registers are JS locals the stack does not show) does nothing, and natives that keep Lua values in
// JS closures declare them (NativeFunction.holds).
import type { LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LuaClosure, LuaThread, LuaUserdata, NativeFunction, type LuaValue } from '../vm/value.ts';
import type { Finalizable } from '../vm/gcstate.ts';
import { madeRegistry } from './debugmisc.ts';
import { finalize } from './finalizers.ts';

type Collectable = LuaTable | LuaClosure | LuaThread | LuaUserdata;

/** Objects with an explicit construction, which weak tables lose (strings and natives they keep). */
function collectable(v: LuaValue): v is Collectable {
  return (
    v instanceof LuaTable || v instanceof LuaClosure || v instanceof LuaThread || v instanceof LuaUserdata
  );
}

/** __mode's weakness of t's keys and values (lgc.c's traversetable: the letters 'k' and 'v'). */
function weakness(t: LuaTable): { k: boolean; v: boolean } {
  const mode = t.metatable?.getStr('__mode');
  if (typeof mode !== 'string') return { k: false, v: false };
  return { k: mode.includes('k'), v: mode.includes('v') };
}

/** Numbers the collections: a table marked in this one has its number as its gcMark. */
let collections = 0;

class Marker {
  private readonly epoch = ++collections;
  /** Marked objects other than tables (closures, coroutines, userdata, natives), and states. */
  private readonly seen = new Set<unknown>();
  private readonly work: unknown[] = [];
  /** Tables with weak values only, weak keys only (ephemerons), and both. */
  readonly weakValues: LuaTable[] = [];
  readonly ephemerons: LuaTable[] = [];
  readonly allWeak: LuaTable[] = [];

  marked(v: LuaValue): boolean {
    if (v instanceof LuaTable) return v.gcMark === this.epoch;
    return !collectable(v) || this.seen.has(v);
  }

  mark(v: unknown): void {
    if (v === null || typeof v !== 'object') return;
    if (v instanceof LuaTable) {
      if (v.gcMark !== this.epoch) {
        v.gcMark = this.epoch;
        this.work.push(v);
      }
    } else if ((collectable(v as LuaValue) || v instanceof NativeFunction) && !this.seen.has(v)) {
      this.seen.add(v);
      this.work.push(v);
    }
  }

  /** Marks the values in slots [0, top) of S's stack, and what its frames and calls hold off it. */
  markState(S: LuaState, top: number): void {
    for (let j = 0; j < top && j < S.stack.length; j++) this.mark(S.stack[j]);
    for (let ci: typeof S.ci | null = S.ci; ci !== null; ci = ci.prev) {
      this.mark(ci.closure);
      ci.varargs?.forEach((v) => this.mark(v));
    }
    this.mark(S.errfunc?.fn);
    this.mark(S.raisedBy?.fn);
    S.metaDone?.values.forEach((v) => this.mark(v));
    const p = S.pending;
    if (p !== null) {
      this.mark(p.handler?.fn);
      this.markSuspended(p.S);
      if (p.unwind !== null) {
        this.mark(p.unwind.error);
        for (const X of p.unwind.states) this.markSuspended(X);
        this.markSuspended(p.unwind.segment);
      }
    }
    if (S.inner !== null) this.markSuspended(S.inner);
  }

  /** The running state, whose stack ends at top. */
  markRunning(S: LuaState, top: number): void {
    this.seen.add(S);
    this.markState(S, top);
  }

  /** A state not running now: everything up to its innermost frame's registers, or its top. */
  markSuspended(S: LuaState): void {
    if (this.seen.has(S)) return;
    this.seen.add(S);
    this.markState(S, Math.max(S.ci.top, S.top));
  }

  propagate(): void {
    for (let o = this.work.pop(); o !== undefined; o = this.work.pop()) {
      if (o instanceof LuaTable) this.table(o);
      else if (o instanceof LuaClosure) {
        for (const u of o.upvals) this.mark(u.open ? u.stack[u.idx] : u.value);
      } else if (o instanceof LuaThread) {
        this.mark(o.body);
        this.mark(o.error);
        this.markSuspended(o.L);
      } else if (o instanceof LuaUserdata) this.mark(o.metatable);
      else if (o instanceof NativeFunction) o.holds.forEach((v) => this.mark(v));
    }
  }

  private table(t: LuaTable): void {
    const mt = t.metatable;
    if (mt === null) {
      this.strong(t);
      return;
    }
    this.mark(mt);
    const w = weakness(t);
    if (w.k && w.v) this.allWeak.push(t);
    else if (w.v) {
      this.weakValues.push(t);
      t.hash?.forEach((_, k) => this.mark(k));
    } else if (w.k) {
      this.ephemerons.push(t);
      this.ephemeron(t);
    } else this.strong(t);
  }

  /**
   * Marks every key and value (keys outside the Map are numbers and strings, not collectable): the
   * parts walked here, not through LuaTable.forEach's callback, which made a big heap's marking ~20% slower.
   */
  private strong(t: LuaTable): void {
    const a = t.arr;
    for (let i = 0; i < a.length; i++) this.mark(a[i]);
    const slots = t.slots;
    if (!(slots instanceof Float64Array)) {
      const n = t.shape.keys.length;
      for (let j = 0; j < n; j++) this.mark(slots[j]);
    }
    const ints = t.ints;
    if (ints !== null) for (const v of ints.vals) this.mark(v);
    t.hash?.forEach((v, k) => {
      this.mark(k);
      this.mark(v);
    });
  }

  /** Marks the values whose keys are marked; true when it marked any. */
  private ephemeron(t: LuaTable): boolean {
    let any = false;
    t.forEach((k, v) => {
      if (this.marked(k) && !this.marked(v)) {
        this.mark(v);
        any = true;
      }
    });
    return any;
  }

  /** Propagates until no ephemeron's value becomes reachable through a key marked meanwhile. */
  converge(): void {
    this.propagate();
    for (let changed = true; changed;) {
      changed = false;
      for (const t of this.ephemerons) if (this.ephemeron(t)) changed = true;
      this.propagate();
    }
  }
}

/** Removes the entries of tables for which drop(key, value) holds. */
function clear(tables: LuaTable[], drop: (k: LuaValue, v: LuaValue) => boolean): void {
  for (const t of tables) {
    const gone: LuaValue[] = [];
    t.forEach((k, v) => {
      if (drop(k, v)) gone.push(k);
    });
    for (const k of gone) t.set(k, undefined);
  }
}

/** The slot above the running native's arguments in L's innermost frame, or the frame's top. */
function runningTop(L: LuaState, self: NativeFunction, args: LuaValue[]): number {
  const f = L.nativeAt;
  const s = L.stack;
  const same = (a: LuaValue, b: LuaValue): boolean => a === b || (a !== a && b !== b);
  if (L.cdepth === 1 && f >= 0 && s[f] === self && args.every((a, j) => same(a, s[f + 1 + j])))
    return f + 1 + args.length;
  return Math.max(L.ci.top, L.top);
}

let collecting = false;

/**
 * A full collection's visible part: clears weak tables and runs the finalizers of unreachable marked
 * objects. self and args: the collectgarbage call running (where L's stack ends).
 */
export function fullCollect(L: LuaState, self: NativeFunction, args: LuaValue[]): void {
  const gc = L.root.gc;
  // inside a trace (registers in JS locals) or a finalizer (lua5.4 stops the collector there)
  if (collecting || gc.closing || (L.root.jit?.tracing ?? 0) > 0) return;
  if (gc.marked.length === 0 && !gc.weakSeen) return;
  const m = new Marker();
  const root = L.root;
  // the running thread and those that resumed it: their states (segments' callers too) and the
  // thread objects themselves, which a weak table may have as keys
  for (let T: LuaState | null = L; T !== null; T = T.thread.resumer) {
    if (T === L) m.markRunning(L, runningTop(L, self, args));
    else m.markSuspended(T);
    for (let S = T.caller; S !== null; S = S.caller) m.markSuspended(S);
    m.mark(T.thread);
  }
  m.markSuspended(root);
  m.mark(root.thread);
  m.mark(root.globals);
  m.mark(root.loaded);
  m.mark(root.stringMeta);
  m.mark(madeRegistry(L));
  m.converge();
  // lgc.c's atomic: weak values lose what is not reached before finalizers resurrect anything
  clear(m.weakValues, (_, v) => !m.marked(v));
  clear(m.allWeak, (_, v) => !m.marked(v));
  const doomed: Finalizable[] = [];
  for (let j = gc.marked.length - 1; j >= 0; j--) {
    const o = gc.marked[j]!;
    if (!m.marked(o)) doomed.push(o);
  }
  // resurrected: what their finalizers may reach stays, and keeps its weak keys this time; the weak
  // tables found only now lose their unreached values
  const [nv, na] = [m.weakValues.length, m.allWeak.length];
  for (const o of doomed) m.mark(o);
  m.converge();
  clear(m.ephemerons, (k) => !m.marked(k));
  clear(m.allWeak, (k) => !m.marked(k));
  clear(m.weakValues.slice(nv), (_, v) => !m.marked(v));
  clear(m.allWeak.slice(na), (_, v) => !m.marked(v));
  if (doomed.length === 0) return;
  gc.forget(new Set<Finalizable>(doomed));
  collecting = true;
  try {
    for (const o of doomed) finalize(L, o);
  } finally {
    collecting = false;
  }
}
