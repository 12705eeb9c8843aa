// A Lua table: an array part for keys 1..n (stored at n-1), string keys in slots laid out by a shared
// Shape (shape.ts), other integer keys in a node hash as lua5.4's (intkeys.ts), and a Map for every
// other key (string keys too once the table is in dictionary mode). Invariant: the integer keys
// outside the array part never include one in 1..arr.length+1, so `#t` is arr.length and the array
// part grows by push (migrating any following keys out of the node hash).
// `next` goes through the array part, then the slots in shape order, then the integer keys in node
// order, then the Map in insertion order.
import { LuaError } from '../errors/index.ts';
import { IntKeys } from './intkeys.ts';
import { DICT, rootShape, type Shape } from './shape.ts';
import { genericSlots, MAX_UNBOXED, unboxable, type Slots } from './slots.ts';
import { isFloat, LFloat, mkFloat, type LuaValue } from './value.ts';

// Integral floats beyond the integer range must be canonical Map keys: one LFloat per value.
const bigFloatKeys = new Map<number, LFloat>();

/** Converts a key to its canonical Map form (float keys with integer values become integers). */
export function normKey(key: LuaValue): LuaValue {
  if (key instanceof LFloat) {
    const n = key.n;
    if (Number.isSafeInteger(n)) return n + 0;
    if (n >= -9223372036854775808 && n < 9223372036854775808) return BigInt(n);
    let k = bigFloatKeys.get(n);
    if (k === undefined) bigFloatKeys.set(n, (k = key));
    return k;
  }
  return key;
}

/** What lua5.4's next raises (from a C function: no position). */
function invalidKey(): LuaError {
  return new LuaError("invalid key to 'next'");
}

/** a.push(v), keeping a NaN's sign bit (see setInt). */
function pushValue(a: LuaValue[], v: LuaValue): void {
  if (v !== v) {
    a.push(undefined);
    a[a.length - 1] = v;
  } else a.push(v);
}

/**
 * What few tables need, kept out of LuaTable so that tables stay small: binary-trees makes millions,
 * and every field costs each of them 8 bytes (64 bytes with five fields instead of 80 with seven ran
 * it ~9% faster).
 */
interface Extra {
  /** Integer keys outside the array part (intkeys.ts). */
  ints: IntKeys | null;
  /** Other keys outside the array part that are not in the shape. */
  hash: Map<LuaValue, LuaValue> | null;
  /** Identity for tostring (the address lua5.4 would print), 0 until first printed. */
  id: number;
  /** next's traversal of the Map in progress: its iterator, just past `key`. */
  iter: Iterator<[LuaValue, LuaValue]> | null;
  key: LuaValue;
  /** The array part's length before a nil store last shortened it (its keys stay valid for next). */
  cut: number;
  /** See LuaTable.gcMark. */
  mark: number;
}

/** Slots a new slots array may have beyond the one being filled (see appendSlot). */
const SLACK = 4;

/** The slots of a table without string keys: never written (appendSlot makes new arrays). */
const NO_SLOTS: Slots = new Array<LuaValue>(0);

/**
 * The array part of every table that has had none yet: never written. A table gets an array of its
 * own when a key goes in at 1 (setInt, setList), or a constructor's literal. binary-trees makes
 * millions of tables; half of them ({}) keep this one instead of allocating a 32-byte empty array.
 */
export const NO_ITEMS: LuaValue[] = [];

export class LuaTable {
  /** NO_ITEMS while empty and never filled: code that pushes onto it checks (see NO_ITEMS). */
  arr: LuaValue[] = NO_ITEMS;
  /** Where the string keys are: `slots[shape.index.get(key)]`, or in `hash` when shape is DICT. */
  shape: Shape = rootShape();
  /**
   * Values of the shape's keys; nil (undefined) for a key whose field was removed. A Float64Array
   * while they are all numbers (slots.ts): stores of anything but a number go through setSlot.
   * Slots past the shape's keys are filler, never read.
   */
  slots: Slots = NO_SLOTS;
  metatable: LuaTable | null = null;
  /**
   * What few tables need (Extra), or, for a table without it, the number of the last collection that
   * marked it (gcMark): a mark in a field of its own would cost every table 8 bytes (binary-trees
   * 5-10% slower), a Set of the marked tables ~60x lua5.4's time per collection.
   */
  private more: Extra | number | null = null;

  /** Extra, if the table has one. */
  private x(): Extra | null {
    const m = this.more;
    return typeof m === 'number' ? null : m;
  }

  /** The number of the last collectgarbage() whose marking reached this table (lib/collect.ts). */
  get gcMark(): number {
    const m = this.more;
    return typeof m === 'number' ? m : m === null ? 0 : m.mark;
  }

  set gcMark(n: number) {
    const m = this.more;
    if (m === null || typeof m === 'number') this.more = n;
    else m.mark = n;
  }

  /** Integer keys outside the array part (intkeys.ts), kept in Extra. */
  get ints(): IntKeys | null {
    const m = this.x();
    return m === null ? null : m.ints;
  }

  set ints(h: IntKeys | null) {
    this.extra().ints = h;
  }

  /** Other keys outside the array part that are not in the shape, kept in Extra. */
  get hash(): Map<LuaValue, LuaValue> | null {
    const m = this.x();
    return m === null ? null : m.hash;
  }

  set hash(h: Map<LuaValue, LuaValue> | null) {
    this.extra().hash = h;
  }

  /** Identity for tostring (the address lua5.4 would print), 0 until set. */
  get id(): number {
    return this.x()?.id ?? 0;
  }

  set id(n: number) {
    this.extra().id = n;
  }

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const a = this.arr;
      if (key >= 1 && key <= a.length && Number.isInteger(key)) return a[key - 1];
      if (Number.isInteger(key)) return this.ints === null ? undefined : this.ints.get(key);
    } else if (typeof key === 'string') {
      return this.getStr(key);
    } else if (key instanceof LFloat) {
      const k = normKey(key);
      // An integral float beyond the 64-bit integers stays a float key (normKey's shared box).
      return k instanceof LFloat ? (this.hash === null ? undefined : this.hash.get(k)) : this.get(k);
    }
    return this.hash === null ? undefined : this.hash.get(key);
  }

  getInt(key: number): LuaValue {
    const a = this.arr;
    if (key >= 1 && key <= a.length) return a[key - 1];
    return this.ints === null ? undefined : this.ints.get(key);
  }

  getStr(key: string): LuaValue {
    const sh = this.shape;
    if (sh !== DICT) {
      const j = sh.index.get(key);
      return j === undefined ? undefined : this.slot(j);
    }
    return this.hash === null ? undefined : this.hash.get(key);
  }

  /** The value in slot j of the shape, a float slot's number boxed when integral. */
  slot(j: number): LuaValue {
    const v = this.slots[j];
    return typeof v === 'number' && this.shape.isFloat(j) ? mkFloat(v) : v;
  }

  /** Caller guarantees key is not nil/NaN (checked by the VM, which raises Lua's errors). */
  set(key: LuaValue, value: LuaValue): void {
    if (typeof key === 'number' && Number.isInteger(key)) {
      this.setInt(key, value);
      return;
    }
    if (key instanceof LFloat) {
      const k = normKey(key);
      if (typeof k === 'number') this.setInt(k, value);
      else this.setHash(k, value);
      return;
    }
    if (typeof key === 'string') this.setStr(key, value);
    else this.setHash(key, value);
  }

  setStr(key: string, value: LuaValue): void {
    const sh = this.shape;
    if (sh !== DICT) {
      const j = sh.index.get(key);
      if (j !== undefined) this.setSlot(j, value);
      else if (value !== undefined) this.addSlot(sh, key, value);
      return;
    }
    this.setHash(key, value);
  }

  /** Adds a string key the shape lacks: the next shape, or dictionary mode past the limits. */
  private addSlot(sh: Shape, key: string, value: LuaValue): void {
    const next = sh.add(key, isFloat(value));
    if (next === null) {
      this.toDict();
      this.setHash(key, value);
      return;
    }
    this.appendSlot(next, value);
  }

  /**
   * slots[j] = value for a slot of the shape: a value a Float64Array cannot hold converts the slots to
   * a generic array first. Code that knows value is a number may store it directly into a slot that
   * is not a float slot, unless it is an integral float (an LFloat); and a float, as a bare number,
   * into one that is.
   */
  setSlot(j: number, value: LuaValue): void {
    const sh = this.shape;
    if (sh.isFloat(j)) {
      if (value instanceof LFloat) value = value.n;
      else if (value !== undefined && !isFloat(value)) this.shape = sh.generalize(j);
    } else if (isFloat(value)) {
      const f = sh.specialize(j);
      if (f !== null) {
        this.shape = f;
        if (value instanceof LFloat) value = value.n;
      }
    }
    this.storeSlot(j, value);
  }

  /**
   * slots[j] = value as the slot holds it (a float slot's float as a bare number), the shape kept: for
   * traces, whose stores must not move a table to another shape unless recorded so (jit/fieldgen.ts).
   */
  storeSlot(j: number, value: LuaValue): void {
    const s = this.slots;
    if (!(s instanceof Float64Array)) s[j] = value;
    else if (unboxable(value)) s[j] = value;
    else this.boxSlots()[j] = value;
  }

  /** Moves Float64Array slots into a generic array, for good (the shape remembers: Shape.mixed). */
  private boxSlots(): LuaValue[] {
    const f = this.slots;
    const s = genericSlots(f.length, f, this.shape.keys.length);
    this.slots = s;
    this.shape.markMixed();
    return s;
  }

  /** Moves on to `next`, the shape plus one key, whose value goes in the new slot. */
  appendSlot(next: Shape, value: LuaValue): void {
    const old = this.slots;
    const n = next.keys.length - 1;
    if (next.isFloat(n)) {
      if (value instanceof LFloat) value = value.n;
      else if (!isFloat(value)) next = next.generalize(n);
    }
    if (n < old.length) {
      // Room left by an earlier append (never in NO_SLOTS, which has none).
      this.shape = next;
      this.storeSlot(n, value);
      return;
    }
    // Sized for the keys tables of this shape went on to have (a constructor's fields: one array
    // instead of one per field), at most a few slots more than needed, since the shape is shared by
    // tables that stop here. Unboxed while every field is a number, unless tables of this shape went
    // on to hold other values before or may grow past a small typed array.
    const size = Math.min(next.room, n + 1 + SLACK);
    this.shape = next;
    if (
      unboxable(value) &&
      (n === 0 || old instanceof Float64Array) &&
      next.room <= MAX_UNBOXED &&
      !next.mixed
    ) {
      const f = new Float64Array(size);
      for (let j = 0; j < n; j++) f[j] = old[j] as number;
      f[n] = value;
      this.slots = f;
      return;
    }
    const s = genericSlots(size, old, n);
    s[n] = value;
    this.slots = s;
    // Numbers so far, and now something else: tables taking the same path should start generic.
    if (old instanceof Float64Array && !unboxable(value)) next.markMixed();
  }

  /** Moves the fields in slots into the Map (in shape order, before its other keys). */
  private toDict(): void {
    const h = new Map<LuaValue, LuaValue>();
    const keys = this.shape.keys;
    const slots = this.slots;
    for (let j = 0; j < keys.length; j++) if (slots[j] !== undefined) h.set(keys[j], this.slot(j));
    if (this.hash !== null) for (const [k, v] of this.hash) h.set(k, v);
    this.hash = h;
    this.shape = DICT;
    this.slots = NO_SLOTS;
    const m = this.x();
    if (m !== null) m.iter = null;
  }

  setInt(key: number, value: LuaValue): void {
    let a = this.arr;
    const n = a.length;
    if (key >= 1 && key <= n) {
      // V8 may canonicalise a NaN stored into an array of unboxed doubles (when the store converts the
      // array or misses its inline cache), losing the sign bit lua5.4 prints ("-nan"/"nan"). Making the
      // array generic first (storing undefined) keeps the NaN as a boxed number with its bits.
      if (value !== value) a[key - 1] = undefined;
      a[key - 1] = value;
      if (value === undefined && key === n) {
        const tr = this.extra();
        if (n > tr.cut) tr.cut = n;
        let m = n - 1;
        while (m > 0 && a[m - 1] === undefined) m--;
        a.length = m;
      }
      return;
    }
    if (key === n + 1) {
      if (value === undefined) return;
      if (a === NO_ITEMS) this.arr = a = [];
      pushValue(a, value);
      const h = this.ints;
      if (h !== null && h.live > 0) {
        // Keep the invariant: pull following keys out of the node hash.
        let next = key + 1;
        let v = h.get(next);
        while (v !== undefined) {
          pushValue(a, v);
          h.set(next, undefined);
          v = h.get(++next);
        }
      }
      return;
    }
    if (this.ints !== null) this.ints.set(key, value);
    else if (value !== undefined) (this.ints = new IntKeys()).set(key, value);
  }

  private setHash(key: LuaValue, value: LuaValue): void {
    if (value === undefined) {
      if (this.hash !== null) this.hash.delete(key);
      return;
    }
    if (this.hash === null) this.hash = new Map();
    this.hash.set(key, value);
  }

  /** Constructor items: t[start + j] = src[from + j] for j < n (nils included, like lua's SETLIST). */
  setList(start: number, src: LuaValue[], from: number, n: number): void {
    let a = this.arr;
    if (start - 1 === a.length && (this.ints === null || this.ints.live === 0)) {
      if (a === NO_ITEMS) this.arr = a = [];
      for (let j = 0; j < n; j++) {
        pushValue(a, src[from + j]);
      }
      let m = a.length;
      while (m > 0 && a[m - 1] === undefined) m--;
      a.length = m;
      return;
    }
    // A nil in the list clears what the constructor's keyed fields put there (`{ [1] = 3, nil }`).
    for (let j = 0; j < n; j++) this.setInt(start + j, src[from + j]);
  }

  length(): number {
    return this.arr.length;
  }

  /** Calls fn with every entry (as next gives them), without touching next's traversal state. */
  forEach(fn: (key: LuaValue, value: LuaValue) => void): void {
    const a = this.arr;
    for (let i = 0; i < a.length; i++) if (a[i] !== undefined) fn(i + 1, a[i]);
    const keys = this.shape.keys;
    for (let j = 0; j < keys.length; j++) if (this.slots[j] !== undefined) fn(keys[j], this.slot(j));
    const h = this.ints;
    if (h !== null) for (let i = h.nextLive(0); i >= 0; i = h.nextLive(i + 1)) fn(h.keys[i], h.vals[i]);
    this.hash?.forEach((v, k) => {
      if (v !== undefined) fn(k, v);
    });
  }

  /** Lua's next: the entry after key (undefined key starts), or undefined at the end. */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const a = this.arr;
    let i = 0;
    if (key !== undefined) {
      const k = normKey(key);
      if (typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= a.length) i = k;
      else if (typeof k === 'string' && this.shape !== DICT) {
        const j = this.shape.index.get(k);
        if (j === undefined) throw invalidKey();
        return this.nextSlot(j + 1);
      } else if (
        typeof k === 'number' &&
        k <= (this.x()?.cut ?? 0) &&
        k >= 1 &&
        Number.isInteger(k) &&
        (this.ints === null || this.ints.get(k) === undefined)
      ) {
        // Cleared during the traversal, and the array part shrank past it: its rest is gone too.
        i = a.length;
      } else if (typeof k === 'number' && Number.isInteger(k)) {
        const j = this.ints === null ? -1 : this.ints.find(k);
        if (j < 0) throw invalidKey();
        return this.nextInt(j + 1);
      } else return this.nextHash(k);
    }
    for (; i < a.length; i++) {
      const v = a[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.nextSlot(0);
  }

  /** next for a trace: null where next would raise, so the trace leaves and the interpreter raises. */
  tryNext(key: LuaValue): [LuaValue, LuaValue] | undefined | null {
    try {
      return this.next(key);
    } catch {
      return null;
    }
  }

  /** The first field with a value in slots j.. , else the Map's first entry. */
  private nextSlot(j: number): [LuaValue, LuaValue] | undefined {
    const slots = this.slots;
    const keys = this.shape.keys;
    for (; j < keys.length; j++) {
      if (slots[j] !== undefined) return [keys[j], this.slot(j)];
    }
    return this.nextInt(0);
  }

  /** The first integer key with a value in nodes j.. , else the Map's first entry. */
  private nextInt(j: number): [LuaValue, LuaValue] | undefined {
    const h = this.ints;
    if (h !== null) {
      const i = h.nextLive(j);
      if (i >= 0) return [h.keys[i], h.vals[i]];
    }
    return this.nextHash(undefined);
  }

  private extra(): Extra {
    const m = this.more;
    if (m !== null && typeof m !== 'number') return m;
    const mark = m ?? 0;
    return (this.more = { ints: null, hash: null, id: 0, iter: null, key: undefined, cut: 0, mark });
  }

  private nextHash(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const h = this.hash;
    if (h === null) {
      if (key === undefined) return undefined;
      throw invalidKey();
    }
    // the Map lives in Extra, which holds the traversal too
    const m = this.extra();
    let it: Iterator<[LuaValue, LuaValue]>;
    if (key === undefined) {
      it = h.entries();
    } else if (m.iter !== null && m.key === key) {
      it = m.iter;
    } else {
      // Not the cached traversal: find key's position the slow way.
      it = h.entries();
      for (;;) {
        const r = it.next();
        if (r.done) throw invalidKey();
        if (r.value[0] === key) break;
      }
    }
    for (;;) {
      const r = it.next();
      if (r.done) {
        m.iter = null;
        return undefined;
      }
      if (r.value[1] !== undefined) {
        m.iter = it;
        m.key = r.value[0];
        return r.value;
      }
    }
  }
}

// The brand traces test instead of `instanceof LuaTable` (see value.ts's function brand).
Object.defineProperty(LuaTable.prototype, 'isTable', { value: true });
