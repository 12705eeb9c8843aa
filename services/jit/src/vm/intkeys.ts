// The integer keys of a table outside its array part (sparse arrays, keys 0 and below, keys past a
// hole), in a hash laid out as lua5.4's ltable.c lays out its node part: a power-of-two node array,
// each key at its main position (the key modulo a prime just below the size) or chained from it
// through a node taken from the free end. A V8 Map hashes integers to scattered buckets, so walking keys in
// order (t[1], t[4], t[7], ...) missed the cache on every lookup (table-heavy's sparse loop: 0.26 s
// against lua5.4's 0.03 s); main positions keep neighbouring keys in neighbouring nodes, as in lua5.4.
// A removed key keeps its node with a nil value until the next rehash (a "dead key", as in Lua), so
// `next` can go on from a key cleared during a traversal. An empty node has the link EMPTY; `next`
// goes through the nodes in index order.
import type { LuaValue } from './value.ts';

const TWO32 = 4294967296;
/** The link of a node holding no key (a chain's end is -1). */
const EMPTY = -2;

const primeBelow = new Map<number, number>();

/**
 * The largest prime below n (a power of two, at least 4), the modulus of main positions. Neighbouring
 * keys still get neighbouring nodes, and a stride shares no factor with it: a power-of-two mask left
 * keys 1024 apart (t[i * 1024]) eight nodes of 8192, and lua5.4's n - 1 gives keys 3 apart a third of
 * its nodes at every even power.
 */
function modulus(n: number): number {
  let p = primeBelow.get(n);
  if (p !== undefined) return p;
  p = n - 1;
  for (;;) {
    let d = 3;
    while (d * d <= p && p % d !== 0) d += 2;
    if (d * d > p) break;
    p -= 2;
  }
  primeBelow.set(n, p);
  return p;
}

export class IntKeys {
  keys: Float64Array;
  vals: LuaValue[];
  /** Next node of a key's collision chain, -1 at its end, EMPTY for a free node. */
  links: Int32Array;
  /** Free nodes are searched for downwards from here (ltable.c's lastfree). */
  private free: number;
  /** Main positions are keys modulo this (see modulus). */
  private mod: number;
  /** Keys with a non-nil value. */
  live = 0;

  constructor(size = 4) {
    // Filling a big Float64Array with NaN or an Array with undefined costs more than the rest of
    // a rehash: empty nodes are told by their link, and unset values read as undefined.
    this.keys = new Float64Array(size);
    this.vals = new Array<LuaValue>(size);
    this.links = new Int32Array(size).fill(EMPTY);
    this.free = size;
    this.mod = modulus(size);
  }

  private mainPos(k: number): number {
    return ((k | 0) === k ? k >>> 0 : ((k % TWO32) ^ (k / TWO32)) >>> 0) % this.mod;
  }

  /** The node holding key k (its value may be nil), or -1. */
  find(k: number): number {
    const keys = this.keys;
    const links = this.links;
    let i = this.mainPos(k);
    if (links[i] === EMPTY) return -1;
    do {
      if (keys[i] === k) return i;
      i = links[i]!;
    } while (i >= 0);
    return -1;
  }

  get(k: number): LuaValue {
    const i = this.find(k);
    return i < 0 ? undefined : this.vals[i];
  }

  set(k: number, v: LuaValue): void {
    const i = this.find(k);
    if (i >= 0) {
      const old = this.vals[i];
      if (old === undefined) {
        if (v !== undefined) this.live++;
      } else if (v === undefined) this.live--;
      // Through undefined first, as LuaTable.setInt does, so a NaN keeps its sign bit.
      if (v !== v) this.vals[i] = undefined;
      this.vals[i] = v;
      return;
    }
    if (v !== undefined) this.insert(k, v);
  }

  /** The first node at or after i with a value, or -1. */
  nextLive(i: number): number {
    const vals = this.vals;
    for (; i < vals.length; i++) if (vals[i] !== undefined) return i;
    return -1;
  }

  private getFree(): number {
    const links = this.links;
    while (this.free > 0) {
      const f = --this.free;
      if (links[f] === EMPTY) return f;
    }
    return -1;
  }

  /** ltable.c's luaH_newkey: k is not in the table. */
  private insert(k: number, v: LuaValue): void {
    const { keys, vals, links } = this;
    let mp = this.mainPos(k);
    if (links[mp] !== EMPTY) {
      const f = this.getFree();
      if (f < 0) {
        this.rehash();
        this.insert(k, v);
        return;
      }
      const other = this.mainPos(keys[mp]!);
      if (other !== mp) {
        // The node at mp is another chain's, out of its main position: it moves to the free node.
        let prev = other;
        while (links[prev] !== mp) prev = links[prev]!;
        links[prev] = f;
        keys[f] = keys[mp]!;
        vals[f] = vals[mp];
        links[f] = links[mp]!;
        links[mp] = -1;
      } else {
        // The node at mp is in its own main position: the new key goes to the free node, chained.
        links[f] = links[mp]!;
        links[mp] = f;
        mp = f;
      }
    } else links[mp] = -1;
    this.put(mp, k, v);
  }

  /** Fills node mp, already linked, with key k and its value v. */
  private put(mp: number, k: number, v: LuaValue): void {
    this.keys[mp] = k;
    if (v !== v) this.vals[mp] = undefined;
    this.vals[mp] = v;
    this.live++;
  }

  /**
   * No free node left: a new node array, dead keys dropped, with a quarter or more of it free so
   * that a table whose keys keep changing (add one, remove one) does not rehash on every insert.
   */
  private rehash(): void {
    const { keys, vals } = this;
    let size = 4;
    while (size * 3 < (this.live + 1) * 4) size *= 2;
    this.keys = new Float64Array(size);
    this.vals = new Array<LuaValue>(size);
    this.links = new Int32Array(size).fill(EMPTY);
    this.free = size;
    this.mod = modulus(size);
    this.live = 0;
    // Keys whose main position is free go there first, in one pass over the old nodes; only the
    // colliding ones then take insert's chaining path (which moves a node only when a colliding key
    // took another's main position as its free node). Twice as fast as inserting each key in turn.
    const links = this.links;
    const later: number[] = [];
    for (let j = 0; j < keys.length; j++) {
      const v = vals[j];
      if (v === undefined) continue;
      const k = keys[j]!;
      const mp = this.mainPos(k);
      if (links[mp] === EMPTY) {
        links[mp] = -1;
        this.put(mp, k, v);
      } else later.push(j);
    }
    for (const j of later) this.insert(keys[j]!, vals[j]);
  }
}
