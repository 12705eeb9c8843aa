// The table library. sort is a port of ltablib.c's quicksort so that results (including the order
// of elements that compare equal) match lua5.4 exactly.
import { equals, index, isFunction, length, lessThan, setIndex } from '../vm/meta.ts';
import { LuaState, typeName } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { isNumber, normInt, type LuaValue, type NativeResult } from '../vm/value.ts';
import { numberToString } from '../vm/convert.ts';
import { Args, defineLib, luaError, typeError } from './args.ts';
import { joinStrings } from './join.ts';
import { sortPlain } from './sortplain.ts';

/** Table access honouring metamethods, fast when the table has none. */
class TableView {
  readonly raw: boolean;
  constructor(
    readonly L: LuaState,
    readonly t: LuaTable,
  ) {
    this.raw = t.metatable === null;
  }
  /** t[i] for an integer of any size (a bigint beyond 2^53). */
  get(i: number | bigint): LuaValue {
    if (!this.raw) return index(this.L, this.t, i, 'none');
    return typeof i === 'number' ? this.t.getInt(i) : this.t.get(i);
  }
  set(i: number, v: LuaValue): void {
    if (this.raw) this.t.setInt(i, v);
    else setIndex(this.L, this.t, i, v, 'none');
  }
  len(): number {
    return this.raw ? this.t.length() : lenOf(this.L, this.t);
  }
}

/** luaL_len: `#v` through __len, for any value (a string's length; nil raises as `#nil` does). */
function lenOf(L: LuaState, v: LuaValue): number {
  const n = length(L, v);
  if (typeof n !== 'number' || !Number.isInteger(n)) luaError(L, 'object length is not an integer');
  return n;
}

const MAX_INTEGER = 0x7fffffffffffffffn;

/**
 * ltablib.c's tmove: a1[f..e] into a2 from t on, through metamethods, backwards when the ranges
 * overlap with the destination after the source in the same table (a2 equal to a1 by __eq too).
 */
function move(L: LuaState, args: LuaValue[]): LuaValue {
  const A = new Args(L, 'table.move', args);
  const f = A.int(2);
  const e = A.int(3);
  const t = A.int(4);
  const a1 = A.table(1);
  const a2 = args[4] !== undefined ? A.table(5) : a1;
  if (e < f) return a2;
  const [F, E, T] = [BigInt(f), BigInt(e), BigInt(t)];
  if (!(F > 0n || E < MAX_INTEGER + F)) A.error(3, 'too many elements to move');
  const n = E - F + 1n;
  if (!(T <= MAX_INTEGER - n + 1n)) A.error(4, 'destination wrap around');
  const src = new TableView(L, a1);
  const dst = new TableView(L, a2);
  const forward = T > E || T <= F || (a2 !== a1 && !equals(L, a1, a2));
  const safe = (k: bigint): boolean =>
    k <= BigInt(Number.MAX_SAFE_INTEGER) && k >= -BigInt(Number.MAX_SAFE_INTEGER);
  if (safe(F) && safe(E) && safe(T) && safe(T + n)) {
    const [fn, tn, nn] = [Number(F), Number(T), Number(n)];
    if (forward) for (let i = 0; i < nn; i++) dst.set(tn + i, src.get(fn + i));
    else for (let i = nn - 1; i >= 0; i--) dst.set(tn + i, src.get(fn + i));
  } else {
    // Keys beyond 2^53: each one a bigint or a safe number, as the VM keeps integers.
    const step = (i: bigint): void =>
      setIndex(L, a2, normInt(T + i), index(L, a1, normInt(F + i), 'none'), 'none');
    if (forward) for (let i = 0n; i < n; i++) step(i);
    else for (let i = n - 1n; i >= 0n; i--) step(i);
  }
  return a2;
}

/** table.concat's piece for the value x at index k: a string, a number's text, or lua5.4's error. */
function concatPiece(L: LuaState, x: LuaValue, k: number | bigint): string {
  if (typeof x === 'string') return x;
  if (isNumber(x)) return numberToString(x);
  return luaError(L, `invalid value (${typeName(x)}) at index ${k} in table for 'concat'`);
}

/** table.concat over indices beyond 2^53 (integer keys held as bigints), one key at a time. */
function concatWide(v: TableView, sep: string, i: number | bigint, j: number | bigint): string {
  const parts: string[] = [];
  for (let k = BigInt(i); k <= BigInt(j); k++) parts.push(concatPiece(v.L, v.get(normInt(k)), k));
  return parts.join(sep);
}

function sortLess(L: LuaState, cmp: LuaValue, a: LuaValue, b: LuaValue): boolean {
  if (cmp === undefined) return lessThan(L, a, b);
  const r = L.call(cmp, [a, b])[0];
  return r !== undefined && r !== false;
}

function auxsort(L: LuaState, v: TableView, lo: number, up: number, cmp: LuaValue): void {
  while (lo < up) {
    // sort elements lo, (lo+up)/2 and up
    let a = v.get(lo);
    let b = v.get(up);
    if (sortLess(L, cmp, b, a)) {
      v.set(lo, b);
      v.set(up, a);
    }
    if (up - lo === 1) break;
    const p = Math.floor((lo + up) / 2);
    a = v.get(p);
    b = v.get(lo);
    if (sortLess(L, cmp, a, b)) {
      v.set(p, b);
      v.set(lo, a);
    } else {
      b = v.get(up);
      if (sortLess(L, cmp, b, a)) {
        v.set(p, b);
        v.set(up, a);
      }
    }
    if (up - lo === 2) break;
    const pivot = v.get(p);
    // swap pivot (a[p]) with a[up - 1]
    const t = v.get(up - 1);
    v.set(p, t);
    v.set(up - 1, pivot);
    // partition: invariant a[lo] <= P == a[up - 1] <= a[up]
    let i = lo;
    let j = up - 1;
    for (;;) {
      while (sortLess(L, cmp, v.get(++i), pivot)) {
        if (i === up - 1) luaError(L, 'invalid order function for sorting');
      }
      while (sortLess(L, cmp, pivot, v.get(--j))) {
        if (j < i) luaError(L, 'invalid order function for sorting');
      }
      if (j < i) break;
      const x = v.get(i);
      v.set(i, v.get(j));
      v.set(j, x);
    }
    const x = v.get(up - 1);
    v.set(up - 1, v.get(i));
    v.set(i, x);
    // recurse into the smaller half, loop on the larger
    if (i - lo < up - i) {
      auxsort(L, v, lo, i - 1, cmp);
      lo = i + 1;
    } else {
      auxsort(L, v, i + 1, up, cmp);
      up = i - 1;
    }
  }
}

export function openTable(L: LuaState): void {
  const T = new LuaTable();
  defineLib(L, T, 'table.', {
    insert(L, args) {
      const t = args[0];
      if (args.length === 2 && t instanceof LuaTable && t.metatable === null) {
        // t[#t + 1] = v on a plain table (a queue or stack being filled): no metamethod can run.
        t.setInt(t.arr.length + 1, args[1]);
        return [];
      }
      const A = new Args(L, 'table.insert', args);
      const v = new TableView(L, A.table(1));
      const e = v.len() + 1;
      if (args.length === 2) {
        v.set(e, args[1]);
      } else if (args.length === 3) {
        const pos = A.intN(2);
        if (pos < 1 || pos > e) A.error(2, 'position out of bounds');
        for (let i = e; i > pos; i--) v.set(i, v.get(i - 1));
        v.set(pos, args[2]);
      } else {
        luaError(L, "wrong number of arguments to 'insert'");
      }
      return [];
    },
    remove(L, args) {
      const t = args[0];
      if (args.length === 1 && t instanceof LuaTable && t.metatable === null && t.arr.length > 0) {
        // The last element of a plain table's array part: t[#t] read, then cleared.
        const n = t.arr.length;
        const r = t.arr[n - 1];
        t.setInt(n, undefined);
        return r;
      }
      const A = new Args(L, 'table.remove', args);
      const v = new TableView(L, A.table(1));
      const size = v.len();
      let pos = args[1] === undefined ? size : A.intN(2);
      // lua5.4.4's luaL_argcheck names argument #1 here (its source passes 1, not 2).
      if (pos !== size && (pos < 1 || pos > size + 1)) A.error(1, 'position out of bounds');
      const r = v.get(pos);
      for (; pos < size; pos++) v.set(pos, v.get(pos + 1));
      v.set(pos, undefined);
      return r;
    },
    concat(L, args) {
      const A = new Args(L, 'table.concat', args);
      const v = new TableView(L, A.table(1));
      const sep = A.optString(2, '');
      const i0 = args[2] === undefined ? 1 : A.int(3);
      const j0 = args[3] === undefined ? v.len() : A.int(4);
      if (i0 > j0) return '';
      if (typeof i0 === 'bigint' || typeof j0 === 'bigint') return concatWide(v, sep, i0, j0);
      const i = i0;
      const j = j0 as number;
      if (v.raw && i >= 1 && j <= v.t.arr.length) {
        // Strings in the array part (the common case): joined without copying them one by one.
        const arr = v.t.arr;
        let k = i - 1;
        while (k < j && typeof arr[k] === 'string') k++;
        if (k >= j) return joinStrings(arr as string[], sep, i - 1, j);
      }
      const parts: string[] = [];
      for (let k = i; k <= j; k++) parts.push(concatPiece(L, v.get(k), k));
      return joinStrings(parts, sep);
    },
    unpack(L, args): NativeResult {
      const A = new Args(L, 'table.unpack', args);
      const t = args[0];
      const i = args[1] === undefined ? 1 : A.int(2);
      // lua5.4.4 takes the length of any value here (luaL_len): unpack(nil) fails as `#nil` does
      const j =
        args[2] === undefined ? (t instanceof LuaTable ? new TableView(L, t).len() : lenOf(L, t)) : A.int(3);
      if (i > j) return [];
      if (!L.hasRoom(BigInt(j) - BigInt(i))) luaError(L, 'too many results to unpack');
      const out: LuaValue[] = [];
      if (typeof i === 'bigint' || typeof j === 'bigint') {
        // Keys beyond 2^53 (a short range of them): one at a time, as bigints.
        const v = t instanceof LuaTable ? new TableView(L, t) : null;
        for (let k = BigInt(i); k <= BigInt(j); k++)
          out.push(v !== null ? v.get(normInt(k)) : index(L, t, normInt(k), 'none'));
      } else if (t instanceof LuaTable) {
        const v = new TableView(L, t);
        for (let k = i; k <= j; k++) out.push(v.get(k));
      } else {
        for (let k = i; k <= j; k++) out.push(index(L, t, k, 'none'));
      }
      return out;
    },
    move,
    pack(L, args) {
      const t = new LuaTable();
      for (let i = 0; i < args.length; i++) t.setInt(i + 1, args[i]);
      t.set('n', args.length);
      return t;
    },
    sort(L, args) {
      const A = new Args(L, 'table.sort', args);
      const v = new TableView(L, A.table(1));
      const n = v.len();
      if (n > 1) {
        if (n >= 0x7fffffff) A.error(1, 'array too big');
        const cmp = args[1];
        if (cmp !== undefined && !isFunction(cmp)) typeError(L, 'table.sort', args, 2, 'function');
        if (cmp === undefined && v.raw && sortPlain(v.t.arr)) return [];
        auxsort(L, v, 1, n, cmp);
      }
      return [];
    },
  });
  L.globals.set('table', T);
}
