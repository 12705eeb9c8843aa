// A Lua table: an array part for keys 1..n (stored at n-1) and a Map for everything else.
// Invariant: the Map never holds an integer key in 1..arr.length+1, so `#t` is arr.length and the
// array part grows by push (migrating any following keys out of the Map).
import { LFloat, type LuaValue } from './value.ts';

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

/** a.push(v), keeping a NaN's sign bit (see setInt). */
function pushValue(a: LuaValue[], v: LuaValue): void {
  if (v !== v) {
    a.push(undefined);
    a[a.length - 1] = v;
  } else a.push(v);
}

export class LuaTable {
  arr: LuaValue[] = [];
  hash: Map<LuaValue, LuaValue> | null = null;
  metatable: LuaTable | null = null;
  /** Identity for tostring (the address lua5.4 would print). */
  id = 0;
  private iterKey: LuaValue = undefined;
  private iter: Iterator<[LuaValue, LuaValue]> | null = null;

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const a = this.arr;
      if (key >= 1 && key <= a.length && Number.isInteger(key)) return a[key - 1];
    } else if (typeof key === 'string') {
      return this.hash === null ? undefined : this.hash.get(key);
    } else if (key instanceof LFloat) {
      return this.get(normKey(key));
    }
    return this.hash === null ? undefined : this.hash.get(key);
  }

  getInt(key: number): LuaValue {
    const a = this.arr;
    if (key >= 1 && key <= a.length) return a[key - 1];
    return this.hash === null ? undefined : this.hash.get(key);
  }

  getStr(key: string): LuaValue {
    return this.hash === null ? undefined : this.hash.get(key);
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
    this.setHash(key, value);
  }

  setInt(key: number, value: LuaValue): void {
    const a = this.arr;
    const n = a.length;
    if (key >= 1 && key <= n) {
      // V8 may canonicalise a NaN stored into an array of unboxed doubles (when the store converts the
      // array or misses its inline cache), losing the sign bit lua5.4 prints ("-nan"/"nan"). Making the
      // array generic first (storing undefined) keeps the NaN as a boxed number with its bits.
      if (value !== value) a[key - 1] = undefined;
      a[key - 1] = value;
      if (value === undefined && key === n) {
        let m = n - 1;
        while (m > 0 && a[m - 1] === undefined) m--;
        a.length = m;
      }
      return;
    }
    if (key === n + 1) {
      if (value === undefined) return;
      pushValue(a, value);
      const h = this.hash;
      if (h !== null && h.size > 0) {
        // Keep the invariant: pull following keys out of the hash part.
        let next = key + 1;
        let v = h.get(next);
        while (v !== undefined) {
          pushValue(a, v);
          h.delete(next);
          v = h.get(++next);
        }
      }
      return;
    }
    this.setHash(key, value);
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
    const a = this.arr;
    if (start - 1 === a.length && (this.hash === null || this.hash.size === 0)) {
      for (let j = 0; j < n; j++) {
        pushValue(a, src[from + j]);
      }
      let m = a.length;
      while (m > 0 && a[m - 1] === undefined) m--;
      a.length = m;
      return;
    }
    for (let j = 0; j < n; j++) {
      const v = src[from + j];
      if (v !== undefined) this.setInt(start + j, v);
    }
  }

  length(): number {
    return this.arr.length;
  }

  /** Lua's next: the entry after key (undefined key starts), or undefined at the end. */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const a = this.arr;
    let i = 0;
    if (key !== undefined) {
      const k = normKey(key);
      if (typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= a.length) i = k;
      else return this.nextHash(k);
    }
    for (; i < a.length; i++) {
      const v = a[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.nextHash(undefined);
  }

  private nextHash(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const h = this.hash;
    if (h === null) {
      if (key === undefined) return undefined;
      throw new TypeError('invalid key to next');
    }
    let it: Iterator<[LuaValue, LuaValue]>;
    if (key === undefined) {
      it = h.entries();
    } else if (this.iter !== null && this.iterKey === key) {
      it = this.iter;
    } else {
      // Not the cached traversal: find key's position the slow way.
      it = h.entries();
      for (;;) {
        const r = it.next();
        if (r.done) throw new TypeError('invalid key to next');
        if (r.value[0] === key) break;
      }
    }
    for (;;) {
      const r = it.next();
      if (r.done) {
        this.iter = null;
        this.iterKey = undefined;
        return undefined;
      }
      if (r.value[1] !== undefined) {
        this.iter = it;
        this.iterKey = r.value[0];
        return r.value;
      }
    }
  }
}
