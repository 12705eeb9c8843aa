// The float interpreter: runs a float loop (compiler/floatloop.ts) on a Float64Array of float
// registers and an array of reference registers, until the loop ends or reaches an instruction it
// leaves to the dispatch loop. Its registers go back to the stack only when it stops, and only those it
// wrote: a register written on some paths may hold anything (nil, a table) when the loop enters. When
// the loop ends, those of its body's own locals (from A + 4) stay unwritten: nothing reads them again.
// An instruction that meets what it cannot handle leaves before it changes anything: the dispatch loop
// then runs it from the start, with the field caches (vm/fieldcache.ts) it shares with this one.
import { GETIN, GETIR, GETN, GETR, type FloatLoop, type FloatLoopSite } from '../compiler/floatloop.ts';
import type { Proto } from '../compiler/proto.ts';
import { giveUp, mayRespecialise, specialiseSite } from './floatsite.ts';
import { intForCount } from './forloop.ts';
import { LuaTable } from './table.ts';
import { LFloat, LuaClosure, mkFloat, NativeFunction, type LuaValue, type UpVal } from './value.ts';

/**
 * Entries after which a loop whose body rarely runs to its end in the float interpreter (it bails in the
 * middle, every time or nearly) goes back to the dispatch loop.
 */
const TRIAL = 64;
/** The largest integer the float interpreter's integer registers hold (2^53 - 1). */
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Runs the loop whose integer FORLOOP registers are at `ra`: from its first body when `atStart` (the
 * FORPREP has just set it up), else from its FORLOOP (the count positive). Returns the pc the dispatch
 * loop goes on at, or -1 when it is no float loop or a register it reads holds another kind than the
 * loop was specialised to (the dispatch loop then goes on itself, from the body or stepping the
 * FORLOOP). Either way, a loop that keeps refusing or leaving early gets its plain words back.
 */
export function runFloatLoop(
  site: FloatLoopSite,
  p: Proto,
  upvals: UpVal[],
  s: LuaValue[],
  base: number,
  ra: number,
  atStart: boolean,
): number {
  // specialised on its first entry
  let fl = site.loop ?? (site.given ? null : specialiseSite(site, p, upvals, s, base));
  if (fl === null) return -1;
  if (!enter(fl, s, base)) {
    if (mayRespecialise(site)) {
      fl = specialiseSite(site, p, upvals, s, base);
      if (fl === null) return -1;
    }
    if (!enter(fl, s, base)) {
      fl.refusals++;
      // a refusal at the FORPREP says more than one in the middle (after a bail, or a value that
      // left the safe range): the loop itself no longer fits what it is run with
      fl.streak += atStart ? 16 : 1;
      settle(site, fl, p);
      return -1;
    }
  }
  fl.streak = 0;
  const f = fl.f;
  const o = fl.o;
  const refs = fl.liveRefs;
  for (let j = 0; j < refs.length; j++) o[refs[j]!] = s[base + refs[j]!];
  const start = fl.start;
  const prog = fl.prog;
  const d = fl.dirty;
  // the loop index, a number register when the body reads it (-1: it does not)
  const ix = fl.index;
  let cnt = s[ra + 1] as number;
  let x = s[ra] as number;
  const st = s[ra + 2] as number;
  // a FORLOOP the loop enters at is not a lap: `laps` counts the bodies run to their end
  let laps = atStart ? 0 : -1;
  let pc = atStart ? 0 : fl.n - 1;
  // the word of the CALL whose callee runs inline
  let call = 0;
  if (atStart && ix >= 0) f[ix] = x;
  for (;;) {
    const i = prog[pc++]!;
    const a = (i >>> 6) & 255;
    switch (i & 63) {
      case 0: // MOVE (LOADK too, from the constants above the registers)
        f[a] = f[(i >>> 14) & 511]!;
        d[a] = 1;
        continue;
      case 12: // ADD
        f[a] = f[(i >>> 14) & 511]! + f[i >>> 23]!;
        d[a] = 1;
        continue;
      case 13: // SUB
        f[a] = f[(i >>> 14) & 511]! - f[i >>> 23]!;
        d[a] = 1;
        continue;
      case 14: // MUL
        f[a] = f[(i >>> 14) & 511]! * f[i >>> 23]!;
        d[a] = 1;
        continue;
      case 15: // DIV
        f[a] = f[(i >>> 14) & 511]! / f[i >>> 23]!;
        d[a] = 1;
        continue;
      case 2: // IMOVE
        f[a] = f[(i >>> 14) & 511]!;
        d[a] = 3;
        continue;
      case 44: {
        // IADD: exact while the true sum is in the safe range, and at least 2^53 away from it
        const r = f[(i >>> 14) & 511]! + f[i >>> 23]!;
        if (r > SAFE || r < -SAFE) break;
        f[a] = r;
        d[a] = 3;
        continue;
      }
      case 45: {
        // ISUB
        const r = f[(i >>> 14) & 511]! - f[i >>> 23]!;
        if (r > SAFE || r < -SAFE) break;
        f[a] = r;
        d[a] = 3;
        continue;
      }
      case 46: {
        // IMUL: an integer 0 times a negative one is 0, not the double -0
        const r = f[(i >>> 14) & 511]! * f[i >>> 23]!;
        if (r > SAFE || r < -SAFE) break;
        f[a] = r + 0;
        d[a] = 3;
        continue;
      }
      case 47: // IUNM
        f[a] = 0 - f[(i >>> 14) & 511]!;
        d[a] = 3;
        continue;
      case 1: // RMOVE
        o[a] = o[(i >>> 14) & 511];
        d[a] = 2;
        continue;
      case 4: {
        // GETUP
        const uv = upvals[(i >>> 14) & 511]!;
        o[a] = uv.open ? uv.stack[uv.idx] : uv.value;
        d[a] = 2;
        continue;
      }
      case 8: // GETF
      case 48: // GETN
      case 50: {
        // GETR: as the dispatch loop's GETTABLE with a constant key, on a cache hit only
        const t = o[(i >>> 14) & 511];
        const at = start + pc - 1;
        if (!(t instanceof LuaTable)) break;
        let v: LuaValue;
        if (t.shape === p.icShape[at]) v = t.slots[p.icSlot[at]!];
        else if (t.shape === p.icFloat[at] && (i & 63) !== 50) v = t.slots[p.icSlot[at]!];
        else break;
        // a missing field (nil, or one for __index) is no reference
        if (!put(fl, a, v, i & 63, t.shape === p.icFloat[at])) break;
        continue;
      }
      case 49: // GETIN
      case 51: // GETIR
      case 52: {
        // GETIF: R[B][R[C]] from the array part
        const t = o[(i >>> 14) & 511];
        const key = f[i >>> 23]!;
        if (!(t instanceof LuaTable) || key < 1 || key > t.arr.length) break;
        if (!put(fl, a, t.arr[key - 1], i & 63, false)) break;
        continue;
      }
      case 9: {
        // SETF: as the dispatch loop's fused store of an arithmetic result, on a cache hit only
        const t = o[a];
        const at = start + pc - 1;
        const r = f[i >>> 23]!;
        // a NaN takes SETTABLE's own case, which keeps its sign bit in the slots (table.ts)
        if (r !== r || !(t instanceof LuaTable) || t.metatable !== null) break;
        if (t.shape === p.icShape[at] && p.icNext[at] === null) {
          const sl = t.slots;
          if (sl instanceof Float64Array) t.setSlot(p.icSlot[at]!, mkFloat(r));
          else sl[p.icSlot[at]!] = mkFloat(r);
        } else if (t.shape === p.icFloat[at]) t.slots[p.icSlot[at]!] = r;
        else break;
        continue;
      }
      case 36: {
        // CALL1: a math function's number kernel (lib/math.ts), given a non-integral float
        const fn = o[a];
        const y = f[a + 1]!;
        if (!(fn instanceof NativeFunction) || fn.num1 === null || Number.isInteger(y)) break;
        const r = fn.num1(y);
        if (typeof r === 'number' && !Number.isInteger(r)) f[a] = r;
        else if (r instanceof LFloat) f[a] = r.n;
        else break;
        d[a] = 1;
        continue;
      }
      case 37: {
        // ICALL: the callee's words, its arguments already in place above the function
        const fn = o[a];
        const q = (i >>> 14) & 511;
        if (!(fn instanceof LuaClosure) || fn.proto !== fl.callees[q]) break;
        call = pc - 1;
        pc = fl.calleeAt[q]!;
        continue;
      }
      case 38: {
        // IRET
        const r = (i >>> 14) & 511;
        f[r] = f[a]!;
        d[r] = d[a]!;
        pc = call + 1;
        continue;
      }
      case 24: // UNM
        f[a] = -f[(i >>> 14) & 511]!;
        d[a] = 1;
        continue;
      case 29: // JMP
        pc += (i >>> 14) - 131071;
        continue;
      case 31: // EQ, LT, LE: skip the JMP after them, or take it
      case 32:
      case 33: {
        const y = f[(i >>> 14) & 511]!;
        const z = f[i >>> 23]!;
        const r = (i & 63) === 31 ? y === z : (i & 63) === 32 ? y < z : y <= z;
        if (r !== ((a & 1) === 1)) pc++;
        else if ((prog[pc]! & 63) === 29) pc += (prog[pc]! >>> 14) - 131070;
        continue;
      }
      case 39: {
        // NFORPREP: a loop inside on integers, as forPrepSafe (vm/forloop.ts); the dispatch loop raises
        // the error of a zero step and counts a loop longer than the safe range in bigints
        const x0 = f[a]!;
        const lim = f[a + 1]!;
        const stp = f[a + 2]!;
        if (stp === 0 || Math.abs(lim - x0) > SAFE) break;
        if (stp > 0 ? x0 > lim : x0 < lim) {
          pc += (i >>> 14) - 131071 + 1;
          continue;
        }
        f[a + 1] = intForCount(x0, lim, stp);
        f[a + 3] = x0;
        d[a + 1] = d[a + 3] = 3;
        continue;
      }
      case 41: // NFORLOOP: as forLoop, the count in R[A + 1]
        if (f[a + 1]! > 0) {
          f[a + 1]!--;
          const x1 = f[a]! + f[a + 2]!;
          f[a] = f[a + 3] = x1;
          d[a] = d[a + 1] = d[a + 3] = 3;
          pc += (i >>> 14) - 131071;
        }
        continue;
      case 40: // FORLOOP
        if (cnt > 0) {
          cnt--;
          x += st;
          if (ix >= 0) f[ix] = x;
          laps++;
          pc = 0;
          continue;
        }
        laps++;
        pc = -1;
        break;
    }
    break;
  }
  // here after a break out of the switch: the loop ended (pc -1), or the instruction before pc leaves
  // (an inlined callee's: the CALL runs again, its registers untouched but for those above the callee)
  const ended = pc < 0;
  pc = ended ? fl.end + 1 : pc - 1 >= fl.n ? start + call : start + pc - 1;
  s[ra] = x;
  s[ra + 1] = cnt;
  s[ra + 3] = x;
  // the body's own locals and temporaries (A + 4 on) are dead once the loop has ended
  const dead = ended ? fl.ra + 4 : 256;
  const w = fl.written;
  for (let j = 0; j < w.length; j++) {
    const r = w[j]!;
    const dr = d[r];
    if (dr !== 0) {
      d[r] = 0;
      if (r < dead) s[base + r] = dr === 1 ? mkFloat(f[r]!) : dr === 3 ? f[r] : o[r];
      o[r] = undefined;
    }
  }
  for (let j = 0; j < refs.length; j++) o[refs[j]!] = undefined;
  fl.entries++;
  fl.laps += laps;
  settle(site, fl, p);
  return pc;
}

/** Loads the live-in number registers: false when one holds another kind than the loop's. */
function enter(fl: FloatLoop, s: LuaValue[], base: number): boolean {
  const f = fl.f;
  const live = fl.liveFlt;
  for (let j = 0; j < live.length; j++) {
    const v = s[base + live[j]!];
    if (typeof v === 'number' && !Number.isInteger(v)) f[live[j]!] = v;
    else if (v instanceof LFloat) f[live[j]!] = v.n;
    else return false;
  }
  const ints = fl.liveInt;
  for (let j = 0; j < ints.length; j++) {
    const v = s[base + ints[j]!];
    if (typeof v !== 'number' || !Number.isInteger(v)) return false;
    f[ints[j]!] = v;
  }
  const nums = fl.liveNum;
  for (let j = 0; j < nums.length; j++) {
    const v = s[base + nums[j]!];
    if (typeof v === 'number') f[nums[j]!] = v;
    else if (v instanceof LFloat) f[nums[j]!] = v.n;
    else return false;
  }
  return true;
}

/**
 * Puts v, read from a table by the word `op`, into register a: as a reference (not nil) for GETR and
 * GETIR; as a float (a number from a float slot, a non-integral one, or an integral float box) for
 * GETF and GETIF; as either number for GETN and GETIN. False when it is none of those.
 */
function put(fl: FloatLoop, a: number, v: LuaValue, op: number, floatSlot: boolean): boolean {
  if (op === GETR || op === GETIR) {
    if (v === undefined) return false;
    fl.o[a] = v;
    fl.dirty[a] = 2;
    return true;
  }
  if (typeof v === 'number') {
    if (floatSlot || !Number.isInteger(v)) fl.dirty[a] = 1;
    else if (op === GETN || op === GETIN) fl.dirty[a] = 3;
    else return false;
    fl.f[a] = v;
    return true;
  }
  if (!(v instanceof LFloat)) return false;
  fl.f[a] = v.n;
  fl.dirty[a] = 1;
  return true;
}

/**
 * Gives the loop its plain words back once it has shown that it leaves the float interpreter too often
 * to be worth entering, or has refused the last TRIAL entries at its FORPREP (or 16 times as many at its
 * FORLOOP) whatever it ran before.
 */
function settle(site: FloatLoopSite, fl: FloatLoop, p: Proto): void {
  const tries = fl.entries + fl.refusals;
  if ((tries >= TRIAL && fl.laps * 8 < tries) || fl.streak >= TRIAL * 16) giveUp(site, p);
}
