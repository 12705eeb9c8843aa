// Numeric for loops outside the all-safe-integer fast path: float loops, bigint bounds, float limits
// for integer loops, coercion and errors (lua5.4's forprep / forlimit).
import { Fault } from '../errors/index.ts';
import { floatToInt, toNumber } from './convert.ts';
import { intAdd } from './arith.ts';
import { objTypeName } from './state.ts';
import { LFloat, mkFloat, toFloat, type LuaValue } from './value.ts';

type Int = number | bigint;

function forError(what: string, v: LuaValue): Fault {
  return new Fault(`bad 'for' ${what} (number expected, got ${objTypeName(v)})`);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
function safe(b: bigint): boolean {
  return b <= MAX_SAFE && b >= -MAX_SAFE;
}

function isIntVal(v: LuaValue): v is Int {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}

/**
 * Laps after the first of an integer loop from init to limit by step, all safe integers, step not
 * zero and the loop not skipped: lua5.4's forprep count, which R[ra+1] holds while the loop runs.
 * The dispatch loop's FORPREP and the float loops' NFORPREP count with it too.
 */
export function intForCount(init: number, limit: number, step: number): number {
  return step > 0 ? Math.floor((limit - init) / step) : Math.floor((init - limit) / -step);
}

/**
 * forPrep for the common loop, all three values integers as plain numbers and the index staying safe
 * (the dispatch loop's FORPREP does the same inline): returns true when the loop must be skipped,
 * false when it is set up, and null when the loop is not that kind (forPrep then prepares it).
 */
function forPrepSafe(s: LuaValue[], ra: number): boolean | null {
  const init = s[ra];
  const limit = s[ra + 1];
  const step = s[ra + 2];
  if (
    typeof init !== 'number' ||
    typeof limit !== 'number' ||
    typeof step !== 'number' ||
    !Number.isInteger(init) ||
    !Number.isInteger(limit) ||
    !Number.isInteger(step) ||
    step === 0 ||
    Math.abs(limit - init) > Number.MAX_SAFE_INTEGER
  )
    return null;
  if (step > 0 ? init > limit : init < limit) return true;
  s[ra + 1] = intForCount(init, limit, step);
  s[ra + 3] = init;
  return false;
}

/**
 * Prepares R[ra..ra+2] = init, limit, step. Returns true when the loop must be skipped.
 * Integer loops keep an iteration count in R[ra+1] (number or bigint) like lua5.4;
 * float loops keep raw JS numbers in R[ra] and R[ra+2] and the limit boxed in R[ra+1].
 */
export function forPrep(s: LuaValue[], ra: number): boolean {
  const common = forPrepSafe(s, ra);
  if (common !== null) return common;
  const init0 = s[ra];
  const limit0 = s[ra + 1];
  const step0 = s[ra + 2];
  // Numeric strings are accepted (lua5.4 converts them with luaV_tonumber_); only an integer init and
  // step that are numbers, not strings, make an integer loop.
  const init = toNumber(init0);
  const limit = toNumber(limit0);
  const step = toNumber(step0);
  if (init === undefined) throw forError('initial value', init0);
  if (limit === undefined) throw forError('limit', limit0);
  if (step === undefined) throw forError('step', step0);
  if (isIntVal(init) && isIntVal(step) && typeof init0 !== 'string' && typeof step0 !== 'string') {
    if (step === 0 || step === 0n) throw new Fault("'for' step is zero");
    const up = step > 0;
    // Convert the limit to an integer, clipping floats outside the integer range.
    let lim: Int;
    if (isIntVal(limit)) lim = limit;
    else {
      const f = toFloat(limit);
      // A NaN limit fails the conversion and is not above 0: forlimit treats it like -inf.
      const c = floatToInt(f, up ? 'floor' : 'ceil');
      if (c !== undefined) lim = c;
      else if (f > 0) {
        if (!up) return true;
        lim = 0x7fffffffffffffffn;
      } else {
        if (up) return true;
        lim = -0x8000000000000000n;
      }
    }
    if (up ? init > lim : init < lim) return true;
    const bi = BigInt(init);
    const bl = BigInt(lim);
    const bs = BigInt(step);
    const count = up ? (bl - bi) / bs : (bi - bl) / -bs;
    s[ra] = init;
    // The count stays a bigint unless the index starts and ends within the safe integers: the
    // interpreter's fast path and the JIT step all-number loops with plain (inexact beyond 2^53) adds.
    s[ra + 1] = safe(bi) && safe(bi + count * bs) ? Number(count) : count;
    s[ra + 2] = step;
    s[ra + 3] = init;
    return false;
  }
  const fi = toFloat(init);
  const fl = toFloat(limit);
  const fs = toFloat(step);
  if (fs === 0) throw new Fault("'for' step is zero");
  // Skipped only when the limit is certainly past init: a NaN limit or init runs the body once.
  if (fs > 0 ? fl < fi : fi < fl) return true;
  s[ra] = fi;
  s[ra + 1] = new LFloat(fl);
  s[ra + 2] = fs;
  s[ra + 3] = mkFloat(fi);
  return false;
}

/** One iteration step for loops the inline fast path did not take; returns true to loop again. */
export function forLoop(s: LuaValue[], ra: number): boolean {
  const cnt = s[ra + 1];
  if (cnt instanceof LFloat) {
    const st = s[ra + 2] as number;
    const i = (s[ra] as number) + st;
    if (st > 0 ? i <= cnt.n : cnt.n <= i) {
      s[ra] = i;
      s[ra + 3] = mkFloat(i);
      return true;
    }
    return false;
  }
  const c = cnt as Int;
  if (c === 0 || c === 0n) return false;
  s[ra + 1] = typeof c === 'number' ? c - 1 : c - 1n;
  const i = intAdd(s[ra] as Int, s[ra + 2] as Int);
  s[ra] = i;
  s[ra + 3] = i;
  return true;
}
