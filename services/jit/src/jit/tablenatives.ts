// table.insert(t, v) and table.remove(t) on a table without a metatable: pushing and popping its
// array part inline; setmetatable(t, mt) setting the field; rawset(t, k, v) storing through set;
// table.unpack(t) reading the array part (it reads, so it is never folded).
// They store, so unlike the other natives they are not pure: the recorder treats the call as a store
// (record/natives.ts), and their code leaves the trace only before storing.
// With no metatable neither can raise or call back: `#t` is arr.length, t[#t + 1] = v is what
// setInt does at n + 1 (the push that keeps the hash free of key #arr + 1), and t[#t] = nil what it
// does at n (the array part shrinks past trailing nils). An empty table's remove (t[0] read and
// cleared) is left to the interpreter.
import type { LuaValue } from '../vm/value.ts';
import { LuaTable } from '../vm/table.ts';
import type { NativeCall, PureNative } from './natives.ts';
import { boxExpr, checkExpr, TT, unboxExpr } from './types.ts';

const plainTable = (v: LuaValue): boolean => v instanceof LuaTable && v.metatable === null;

/** Wanted results beyond those produced are nil. */
function nils(c: NativeCall, from: number): string {
  return c.dsts
    .slice(from)
    .map((d) => `${d} = undefined;`)
    .join(' ');
}

const insert: PureNative = {
  stores: true,
  accepts: (t) => t.length === 2 && t[0] === TT.TAB,
  admits: (v) => plainTable(v[0]),
  inline: (c) => {
    if (c.ts.some((t) => t !== TT.NIL)) return null;
    const [tab, raw] = c.args as [string, string];
    const tv = c.targs[1]!;
    const v = boxExpr(tv, raw);
    let store: string;
    if (tv === TT.NIL) store = '';
    else if (tv === TT.FLT) store = `${tab}.setInt(${tab}.arr.length + 1, ${v});`;
    // Integer keys outside the array part may follow: setInt moves them into it. An empty array part
    // may be the shared NO_ITEMS, which setInt replaces.
    else
      store = `u = ${tab}.arr; if (${tab}.ints === null && u.length !== 0) u.push(${v}); else ${tab}.setInt(u.length + 1, ${v});`;
    return `if (${tab}.metatable !== null) ${c.exit}\n${store} ${nils(c, 0)}`;
  },
};

const remove: PureNative = {
  stores: true,
  accepts: (t) => t.length === 1 && t[0] === TT.TAB,
  admits: (v) => plainTable(v[0]) && (v[0] as LuaTable).arr.length > 0,
  inline: (c) => {
    const tab = c.args[0]!;
    const pre = `u = ${tab}.arr; if (${tab}.metatable !== null || u.length === 0) ${c.exit}\n`;
    if (c.dsts.length === 0) return `${pre}${tab}.setInt(u.length, undefined);`;
    const t = c.ts[0]!;
    return (
      `${pre}t = u[u.length - 1]; if (!(${checkExpr(t, 't')})) ${c.exit}\n` +
      `${tab}.setInt(u.length, undefined); ${c.dsts[0]} = ${unboxExpr(t, 't')}; ${nils(c, 1)}`
    );
  },
};

/**
 * setmetatable(t, mt) with mt a table or nil: an object's constructor. It raises only for a protected
 * metatable (a `__metatable` field), which the code leaves for the interpreter to report.
 */
const setmetatable: PureNative = {
  stores: true,
  accepts: (t) => t.length === 2 && t[0] === TT.TAB && (t[1] === TT.TAB || t[1] === TT.NIL),
  admits: (v) => {
    const mt = (v[0] as LuaTable).metatable;
    return mt === null || mt.getStr('__metatable') === undefined;
  },
  inline: (c) => {
    const [tab, mt] = c.args as [string, string];
    // The collector's bookkeeping (__gc, __mode: vm/gcstate.ts), as the library's setmetatable does.
    const set =
      c.targs[1] === TT.TAB
        ? `${tab}.metatable = ${mt}; if (${mt}.shape.collectorKeys) L.root.gc.check(${tab}, ${mt});`
        : `${tab}.metatable = null;`;
    const result = c.dsts.length > 0 ? `${c.dsts[0]} = ${tab}; ${nils(c, 1)}` : '';
    return (
      `u = ${tab}.metatable; if (u !== null && u.getStr('__metatable') !== undefined) ${c.exit}\n` +
      `${set} ${result}`
    );
  },
};

/** Longer tables are left to the interpreter, which checks the stack's room (lua5.4's "too many results"). */
const MAX_UNPACK = 4096;

/**
 * table.unpack(t) wanting a fixed number of results: t's first elements, read from its array part
 * (with no metatable `#t` is arr.length, so t[k] for k <= #t is there and past it nil), each checked
 * to be of the type recorded before any result is written.
 */
const unpack: PureNative = {
  readsTable: true,
  multi: true,
  accepts: (t) => t.length === 1 && t[0] === TT.TAB,
  admits: (v) => plainTable(v[0]) && (v[0] as LuaTable).arr.length <= MAX_UNPACK,
  inline: (c) => {
    const tab = c.args[0]!;
    const checks = c.ts.map((t, k) => `t = u[${k}]; if (!(${checkExpr(t, 't')})) ${c.exit}\n`).join('');
    const sets = c.dsts.map((d, k) => `${d} = ${unboxExpr(c.ts[k]!, `u[${k}]`)};`).join(' ');
    return `u = ${tab}.arr; if (${tab}.metatable !== null || u.length > ${MAX_UNPACK}) ${c.exit}\n${checks}${sets}`;
  },
};

/** A key rawget and rawset take as they are: no nil or NaN to raise for, no float to normalise. */
const rawKey = (t: TT): boolean => t === TT.INT || t === TT.STR;

/** rawget(t, k): the library call itself (callPure), its result's type checked. */
const rawget: PureNative = {
  readsTable: true,
  accepts: (t) => t.length === 2 && t[0] === TT.TAB && rawKey(t[1]!),
};

/** rawset(t, k, v): a store through the table's own set, which never raises for these keys. */
const rawset: PureNative = {
  stores: true,
  namesKey: true,
  accepts: (t) => t.length === 3 && t[0] === TT.TAB && rawKey(t[1]!),
  inline: (c) => {
    const [tab, key, val] = c.args as [string, string, string];
    const result = c.dsts.length > 0 ? `${c.dsts[0]} = ${tab}; ${nils(c, 1)}` : '';
    return `${tab}.set(${key}, ${boxExpr(c.targs[2]!, val)}); ${result}`;
  },
};

export const TABLE_NATIVES: [string, PureNative][] = [
  ['table.insert', insert],
  ['table.remove', remove],
  ['setmetatable', setmetatable],
  ['rawget', rawget],
  ['rawset', rawset],
  ['table.unpack', unpack],
];
