// Library functions a trace may call inline. Only pure ones: given arguments of the checked types
// they cannot raise an error, call back into Lua or touch interpreter state, so a guard failing
// after them can safely re-execute the call in the interpreter.
import { TT } from './types.ts';

export interface PureNative {
  /** Result type for these argument types, or null when the call is not traced. */
  result(targs: TT[]): TT | null;
  /** JS source for the call (args are simple expressions); `guard` is the exit code. */
  emit(args: string[], targs: TT[], dst: string, guard: string): string;
}

const MAXS = '9007199254740991';

// math.sqrt and friends as the library computes them: a NaN result is the argument's NaN or the
// x86 default NaN (negative), never V8's positive one.
const libm1 = (fn: string): PureNative => ({
  result: (t) => (t.length >= 1 && (t[0] === TT.INT || t[0] === TT.FLT) ? TT.FLT : null),
  emit: (a, _t, dst) =>
    `t = ${fn}(${a[0]}); ${dst} = t === t ? t : ${a[0]} !== ${a[0]} ? ${a[0]} : DEFAULT_NAN;`,
});

const rounding = (fn: string): PureNative => ({
  result: (t) => (t.length >= 1 && (t[0] === TT.INT || t[0] === TT.FLT) ? TT.INT : null),
  emit: (a, t, dst, guard) =>
    t[0] === TT.INT
      ? `${dst} = ${a[0]};`
      : `t = ${fn}(${a[0]}); if (!(t >= -${MAXS} && t <= ${MAXS})) ${guard} ${dst} = t + 0;`,
});

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
      result: (t) => (t.length >= 1 && (t[0] === TT.INT || t[0] === TT.FLT) ? t[0] : null),
      emit: (a, _t, dst) => `${dst} = Math.abs(${a[0]});`,
    },
  ],
]);
