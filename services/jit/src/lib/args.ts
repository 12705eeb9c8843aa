// Argument checking for natives with lauxlib's messages: "bad argument #1 to 'rep' (number expected,
// got no value)". The function name comes from the calling instruction when Lua called the native.
import { LuaError } from '../errors/index.ts';
import { argA, opOf, Op } from '../compiler/opcodes.ts';
import { getObjName } from '../vm/debug.ts';
import { numberToString, toInteger, toNumber } from '../vm/convert.ts';
import { LuaState, typeName } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, NativeFunction, type LuaValue, type NativeFn, type NumberKernel } from '../vm/value.ts';

/** Raises a Lua error from a native: the message gets the calling Lua code's position. */
export function luaError(L: LuaState, msg: string): never {
  throw new LuaError(L.where() + msg);
}

/** The running native's name as lua5.4 reports it, and whether it was called as a method. */
function callName(L: LuaState, self: string): { name: string; method: boolean } {
  if (L.cdepth === 1) {
    const ci = L.ci;
    if (ci.closure !== null && ci.pc > 0) {
      const p = ci.closure.proto;
      const ins = p.code[ci.pc - 1]!;
      const op = opOf(ins);
      if (op === Op.TFORCALL) return { name: 'for iterator', method: false };
      if (op === Op.CALL || op === Op.TAILCALL) {
        const r = getObjName(p, ci.pc - 1, argA(ins));
        if (r !== undefined) return { name: r[1], method: r[0] === 'method' };
      }
    }
  }
  return { name: self, method: false };
}

export function argError(L: LuaState, self: string, n: number, msg: string): never {
  const { name, method } = callName(L, self);
  if (method) {
    n--;
    if (n === 0) luaError(L, `calling '${name}' on bad self (${msg})`);
  }
  return luaError(L, `bad argument #${n} to '${name}' (${msg})`);
}

export function typeError(L: LuaState, self: string, args: LuaValue[], n: number, expected: string): never {
  const v = args[n - 1];
  let got: string;
  if (n > args.length) got = 'no value';
  else {
    const mt = L.metaOf(v);
    const nm = mt === null ? undefined : mt.getStr('__name');
    got = typeof nm === 'string' ? nm : typeName(v);
  }
  return argError(L, self, n, `${expected} expected, got ${got}`);
}

/** Helpers bound to one native's qualified name (used when the call site gives none). */
export class Args {
  constructor(
    readonly L: LuaState,
    readonly self: string,
    readonly a: LuaValue[],
  ) {}

  error(n: number, msg: string): never {
    return argError(this.L, this.self, n, msg);
  }

  any(n: number): LuaValue {
    if (n > this.a.length) this.error(n, 'value expected');
    return this.a[n - 1];
  }

  table(n: number): LuaTable {
    const v = this.a[n - 1];
    if (!(v instanceof LuaTable)) return typeError(this.L, this.self, this.a, n, 'table');
    return v;
  }

  number(n: number): number | bigint | LFloat {
    const v = this.a[n - 1];
    const x = toNumber(v);
    if (x === undefined) return typeError(this.L, this.self, this.a, n, 'number');
    return x;
  }

  optNumber(n: number, d: number | bigint | LFloat): number | bigint | LFloat {
    return this.a[n - 1] === undefined ? d : this.number(n);
  }

  /** A JS float of a number argument. */
  float(n: number): number {
    const x = this.number(n);
    return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : x.n;
  }

  int(n: number): number | bigint {
    const v = this.a[n - 1];
    const i = toInteger(v);
    if (i === undefined) {
      if (toNumber(v) !== undefined) this.error(n, 'number has no integer representation');
      return typeError(this.L, this.self, this.a, n, 'number');
    }
    return i;
  }

  /** An integer argument clamped into JS number range (for sizes and positions). */
  intN(n: number): number {
    const i = this.int(n);
    return typeof i === 'number' ? i : i > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
  }

  optIntN(n: number, d: number): number {
    return this.a[n - 1] === undefined ? d : this.intN(n);
  }

  string(n: number): string {
    const v = this.a[n - 1];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'bigint' || v instanceof LFloat) return numberToString(v);
    return typeError(this.L, this.self, this.a, n, 'string');
  }

  optString(n: number, d: string): string {
    return this.a[n - 1] === undefined ? d : this.string(n);
  }
}

/** Puts the natives `fns` into t; `kernels` gives some of them a fast path for one number (NumberKernel). */
export function defineLib(
  L: LuaState,
  t: LuaTable,
  prefix: string,
  fns: Record<string, NativeFn>,
  kernels: Record<string, NumberKernel> = {},
): void {
  for (const [name, fn] of Object.entries(fns))
    t.set(name, new NativeFunction(prefix + name, fn, kernels[name] ?? null));
}
