// Library functions a trace may call. Only pure ones: they cannot call back into Lua or touch
// interpreter state, so a trace may leave before or after them and the interpreter may run the call
// again. A call becomes inline JavaScript that reproduces the library (math, simple string
// functions on arguments of the right types) or a call of the library function itself through
// callPure (helpers.ts); either leaves through the call's exit, before writing any register, when the
// call would raise an error or its results have other types than recorded, so the interpreter
// re-runs it and raises lua5.4's error itself.
import type { LuaValue } from '../vm/value.ts';
import { findInline } from './findgen.ts';
import { formatInline } from './formatgen.ts';
import { TABLE_NATIVES } from './tablenatives.ts';
import { checkExpr, isNum, TT, unboxExpr } from './types.ts';

/** A native call site as the code generator sees it. */
export interface NativeCall {
  /** JS expression of the NativeFunction. */
  fn: string;
  /** The arguments (trace representation) and their static types. */
  args: string[];
  targs: TT[];
  /** Result registers and the result types recorded (one per wanted result). */
  dsts: string[];
  ts: TT[];
  /** Leaves the trace (or runs the side path) with the state as before the call. */
  exit: string;
}

export interface PureNative {
  /** Whether a call with these argument types may be traced. */
  accepts(targs: TT[]): boolean;
  /** Inline JS for the call, or null when these types need the library call. */
  inline?(c: NativeCall): string | null;
  /** Converts values with tostring, which consults the string metatable's __tostring for strings. */
  tostrings?: boolean;
  /** Returns a varying number of results (the others return exactly one). */
  multi?: boolean;
  /** Stores into a table (tablenatives.ts): not pure, the recorder treats the call as a store. */
  stores?: boolean;
  /**
   * Stores under a key the caller names, a string among them (rawset): into _G that assigns a global,
   * so a loop making the call reads its globals where it reads them (optimize.ts). table.insert and
   * table.remove store under integer keys and setmetatable stores none: a global that is set (the only
   * kind whose read moves to the entry) keeps its value through them.
   */
  namesKey?: boolean;
  /** Reads a table's contents (rawget): the same arguments may give another result, so never folded. */
  readsTable?: boolean;
  /** Whether a call with these argument values may be traced (checked before the recorder runs it). */
  admits?(vals: LuaValue[]): boolean;
}

const MAXS = '9007199254740991';

/** JS condition: strings convert through a __tostring metamethod (a call into Lua). */
export const STRING_TOSTRING = `L.stringMeta?.getStr('__tostring') !== undefined`;

/** Plain values: no metatable a library function could consult (strings aside, see tostrings). */
const plain = (t: TT): boolean => t === TT.NIL || t === TT.BOOL || isNum(t) || t === TT.STR;
const library: PureNative = { accepts: (t) => t.every(plain) };
const numArg = (t: TT[]): boolean => t.length >= 1 && isNum(t[0]!);

/** Extra wanted results (beyond the one produced inline) are nil. */
function single(c: NativeCall, t: TT, code: (dst: string) => string): string | null {
  if (c.ts[0] !== t || c.ts.slice(1).some((x) => x !== TT.NIL)) return null;
  if (c.dsts.length === 0) return '';
  return [code(c.dsts[0]!), ...c.dsts.slice(1).map((d) => `${d} = undefined;`)].join(' ');
}

// math.sqrt and friends as the library computes them: a NaN result is the argument's NaN or the
// x86 default NaN (negative), never V8's positive one.
const libm1 = (fn: string): PureNative => ({
  accepts: numArg,
  inline: (c) => {
    const a = c.args[0]!;
    return single(
      c,
      TT.FLT,
      (d) => `t = ${fn}(${a}); ${d} = t === t ? t : ${a} !== ${a} ? ${a} : DEFAULT_NAN;`,
    );
  },
});

const logInline = libm1('Math.log').inline!;

const rounding = (fn: string): PureNative => ({
  accepts: numArg,
  inline: (c) => {
    const a = c.args[0]!;
    if (c.targs[0] === TT.INT) return single(c, TT.INT, (d) => `${d} = ${a};`);
    const chk = `t = ${fn}(${a}); if (!(t >= -${MAXS} && t <= ${MAXS})) ${c.exit}\n`;
    return single(c, TT.INT, (d) => `${chk}${d} = t + 0;`);
  },
});

/** string.byte(s [, i]) wanting one result: the byte at i, or nil outside the string. */
const byte: PureNative = {
  ...library,
  multi: true,
  inline: (c) => {
    const [s, i] = c.args as [string, string | undefined];
    if (c.targs[0] !== TT.STR || c.args.length > 2 || (i !== undefined && c.targs[1] !== TT.INT)) return null;
    const at = i === undefined ? '1' : `(${i} > 0 ? ${i} : ${s}.length + ${i} + 1)`;
    const inside = `u >= 1 && u <= ${s}.length`;
    if (c.ts[0] === TT.NIL)
      return single(c, TT.NIL, (d) => `u = ${at}; if (${inside}) ${c.exit}\n${d} = undefined;`);
    return single(c, TT.INT, (d) => `u = ${at}; if (!(${inside})) ${c.exit}\n${d} = ${s}.charCodeAt(u - 1);`);
  },
};

const sub: PureNative = {
  ...library,
  inline: (c) => {
    const t = c.targs;
    if (t[0] !== TT.STR || t[1] !== TT.INT || t.length > 3 || (t.length === 3 && t[2] !== TT.INT))
      return null;
    return single(c, TT.STR, (d) => `${d} = strSub(${c.args[0]}, ${c.args[1]}, ${c.args[2] ?? '-1'});`);
  },
};

const strFn = (fn: string): PureNative => ({
  ...library,
  inline: (c) =>
    c.targs.length === 1 && c.targs[0] === TT.STR
      ? single(c, TT.STR, (d) => `${d} = ${fn}(${c.args[0]});`)
      : null,
});

const rep: PureNative = {
  ...library,
  inline: (c) => {
    if (c.targs.length !== 2 || c.targs[0] !== TT.STR || c.targs[1] !== TT.INT) return null;
    const [s, n] = c.args;
    return single(c, TT.STR, (d) => `t = strRep(${s}, ${n}, ''); if (t === null) ${c.exit}\n${d} = t;`);
  },
};

const char: PureNative = {
  ...library,
  inline: (c) => {
    if (!c.targs.every((t) => t === TT.INT)) return null;
    const range = c.args.map((a) => `${a} >= 0 && ${a} <= 255`).join(' && ');
    const code = `String.fromCharCode(${c.args.join(', ')})`;
    if (c.args.length === 0) return single(c, TT.STR, (d) => `${d} = '';`);
    return single(c, TT.STR, (d) => `if (!(${range})) ${c.exit}\n${d} = ${code};`);
  },
};

const len: PureNative = {
  ...library,
  inline: (c) =>
    c.targs.length === 1 && c.targs[0] === TT.STR
      ? single(c, TT.INT, (d) => `${d} = ${c.args[0]}.length;`)
      : null,
};

/** tostring of a string returns it unless the string metatable has __tostring (checked first). */
const tostring: PureNative = {
  ...library,
  tostrings: true,
  inline: (c) => {
    if (c.args.length !== 1) return null;
    const a = c.args[0]!;
    switch (c.targs[0]) {
      case TT.INT:
        return single(c, TT.STR, (d) => `${d} = String(${a});`);
      case TT.FLT:
        return single(c, TT.STR, (d) => `${d} = floatToString(${a});`);
      case TT.STR:
        return single(c, TT.STR, (d) => `if (${STRING_TOSTRING}) ${c.exit}\n${d} = ${a};`);
      default:
        return null;
    }
  },
};

const tonumber: PureNative = {
  ...library,
  inline: (c) =>
    c.args.length === 1 && isNum(c.targs[0]!) ? single(c, c.targs[0]!, (d) => `${d} = ${c.args[0]};`) : null,
};

export const PURE_NATIVES: ReadonlyMap<string, PureNative> = new Map([
  ['math.sqrt', libm1('Math.sqrt')],
  ['math.sin', libm1('Math.sin')],
  ['math.cos', libm1('Math.cos')],
  ['math.tan', libm1('Math.tan')],
  ['math.exp', libm1('Math.exp')],
  ['math.floor', rounding('Math.floor')],
  ['math.ceil', rounding('Math.ceil')],
  [
    'math.abs',
    {
      accepts: numArg,
      inline: (c) => single(c, c.targs[0]!, (d) => `${d} = Math.abs(${c.args[0]});`),
    },
  ],
  ['math.max', library],
  ['math.min', library],
  ['math.fmod', library],
  ['math.tointeger', library],
  ['math.type', library],
  // the rest of the math library but random (its generator's state: an exit re-runs the call)
  [
    'math.log',
    {
      ...library,
      // one argument: inline, as sqrt (the library's natural log is Math.log too); a base: the library
      inline: (c) => (c.args.length === 1 && isNum(c.targs[0]!) ? logInline(c) : null),
    },
  ],
  ['math.atan', library],
  ['math.asin', library],
  ['math.acos', library],
  ['math.deg', library],
  ['math.rad', library],
  ['math.ult', library],
  ['math.modf', { ...library, multi: true }],
  ['math.pow', library],
  ['math.log10', library],
  ['math.cosh', library],
  ['math.sinh', library],
  ['math.tanh', library],
  ['math.frexp', { ...library, multi: true }],
  ['math.ldexp', library],
  ['string.len', len],
  ['string.sub', sub],
  ['string.upper', strFn('strUpper')],
  ['string.lower', strFn('strLower')],
  ['string.rep', rep],
  ['string.reverse', library],
  ['string.byte', byte],
  ['string.char', char],
  ['string.find', { ...library, multi: true, inline: findInline }],
  ['string.match', { ...library, multi: true }],
  ['string.format', { ...library, tostrings: true, inline: formatInline }],
  ['tostring', tostring],
  ['tonumber', tonumber],
  ['type', { accepts: () => true }],
  // select('#', ...) and select(i, ...): reads its arguments only, whatever their types.
  ['select', { accepts: (t) => t.length >= 1 && (t[0] === TT.INT || t[0] === TT.STR), multi: true }],
  ...TABLE_NATIVES,
]);

/** JS source for a traced call of a pure native. */
export function nativeCode(pn: PureNative, c: NativeCall, boxedArgs: string[]): string {
  const code = pn.inline?.(c) ?? null;
  if (code !== null) return code;
  // A storing native is traced only where its inline code applies (callPure could leave after a store).
  if (pn.stores === true) throw new Error('storing native without inline code');
  const n = c.ts.length;
  let pre = '';
  if (pn.tostrings === true && c.targs.includes(TT.STR)) pre = `if (${STRING_TOSTRING}) ${c.exit}\n`;
  // A literal of floats can be an array of unboxed doubles, where V8 stores a NaN as its own positive
  // one (lua5.4's -nan would print as nan): one starting with nil holds boxed values.
  const list = c.targs.includes(TT.FLT)
    ? `[undefined, ${boxedArgs.join(', ')}].slice(1)`
    : `[${boxedArgs.join(', ')}]`;
  const call = `t = callPure(${c.fn}, L, ${list}, ${n});`;
  const val = (j: number): string => (n === 1 ? 't' : `t[${j}]`);
  const checks = c.ts.map((t, j) => checkExpr(t, val(j)));
  const fail = ['t === PURE_FAIL', ...checks.map((e) => `!(${e})`)].join(' || ');
  const stores = c.dsts.map((d, j) => `${d} = ${unboxExpr(c.ts[j]!, val(j))};`);
  return `${pre}${call}\nif (${fail}) ${c.exit}\n${stores.join(' ')}`;
}
