// The float interpreter: runs a float loop (compiler/floatloop.ts) on a Float64Array of float
// registers and an array of reference registers, until the loop ends or reaches an instruction it
// leaves to the dispatch loop. Its registers go back to the stack only when it stops, and only those it
// wrote: a register written on some paths may hold anything (nil, a table) when the loop enters. When
// the loop ends, those of its body's own locals (from A + 4) stay unwritten: nothing reads them again.
// An instruction that meets what it cannot handle leaves before it changes anything: the dispatch loop
// then runs it from the start, with the field caches (vm/fieldcache.ts) it shares with this one.
import type { FloatLoop } from '../compiler/floatloop.ts';
import type { Proto } from '../compiler/proto.ts';
import { LuaTable } from './table.ts';
import { LFloat, mkFloat, NativeFunction, type LuaValue, type UpVal } from './value.ts';

/**
 * Entries after which a loop whose body rarely runs to its end in the float interpreter (it bails in the
 * middle, every time or nearly) goes back to the dispatch loop.
 */
const TRIAL = 64;

/**
 * Runs the loop whose integer FORLOOP registers are at `ra`: from its first body when `atStart` (the
 * FORPREP has just set it up), else from its FORLOOP (the count positive). Returns the pc the dispatch
 * loop goes on at, or -1 when a register it reads holds no float (the dispatch loop then goes on
 * itself, from the body or stepping the FORLOOP). Either way, a loop that keeps refusing or leaving
 * early gets its plain FORPREP and FORLOOP back.
 */
export function runFloatLoop(
  fl: FloatLoop,
  p: Proto,
  upvals: UpVal[],
  s: LuaValue[],
  base: number,
  ra: number,
  atStart: boolean,
): number {
  const f = fl.f;
  const live = fl.liveIn;
  for (let j = 0; j < live.length; j++) {
    const v = s[base + live[j]!];
    if (typeof v === 'number' && !Number.isInteger(v)) f[live[j]!] = v;
    else if (v instanceof LFloat) f[live[j]!] = v.n;
    else {
      fl.refusals++;
      settle(fl, p);
      return -1;
    }
  }
  const o = fl.o;
  const refs = fl.liveRefs;
  for (let j = 0; j < refs.length; j++) o[refs[j]!] = s[base + refs[j]!];
  const start = fl.start;
  const prog = fl.prog;
  const d = fl.dirty;
  // the loop index, a float register when the body reads it (-1: it does not)
  const ix = fl.index;
  let cnt = s[ra + 1] as number;
  let x = s[ra] as number;
  const st = s[ra + 2] as number;
  // a FORLOOP the loop enters at is not a lap: `laps` counts the bodies run to their end
  let laps = atStart ? 0 : -1;
  let pc = atStart ? 0 : prog.length - 1;
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
      case 50: {
        // GETR: as the dispatch loop's GETTABLE with a constant key, on a cache hit only
        const t = o[(i >>> 14) & 511];
        const at = start + pc - 1;
        if (!(t instanceof LuaTable)) break;
        let v: LuaValue;
        if (t.shape === p.icShape[at]) v = t.slots[p.icSlot[at]!];
        else if (t.shape === p.icFloat[at] && (i & 63) === 8) v = t.slots[p.icSlot[at]!];
        else break;
        // a missing field (nil, or one for __index) is no reference
        if (!put(fl, a, v, (i & 63) === 50, t.shape === p.icFloat[at])) break;
        continue;
      }
      case 51: // GETIR
      case 52: {
        // GETIF: R[B][index] from the array part
        const t = o[(i >>> 14) & 511];
        if (!(t instanceof LuaTable) || x < 1 || x > t.arr.length) break;
        if (!put(fl, a, t.arr[x - 1], (i & 63) === 51, false)) break;
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
  const ended = pc < 0;
  pc = ended ? fl.end + 1 : start + pc - 1;
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
      if (r < dead) s[base + r] = dr === 1 ? mkFloat(f[r]!) : o[r];
      o[r] = undefined;
    }
  }
  for (let j = 0; j < refs.length; j++) o[refs[j]!] = undefined;
  fl.entries++;
  fl.laps += laps;
  settle(fl, p);
  return pc;
}

/**
 * Puts v, read from a table, into register a: as a reference (not nil), or as a float (a number from
 * a float slot, a non-integral one, or an integral float box). False when it is neither.
 */
function put(fl: FloatLoop, a: number, v: LuaValue, ref: boolean, floatSlot: boolean): boolean {
  if (ref) {
    if (v === undefined) return false;
    fl.o[a] = v;
    fl.dirty[a] = 2;
    return true;
  }
  if (typeof v === 'number' && (floatSlot || !Number.isInteger(v))) fl.f[a] = v;
  else if (v instanceof LFloat) fl.f[a] = v.n;
  else return false;
  fl.dirty[a] = 1;
  return true;
}

/**
 * Gives the loop its plain FORPREP and FORLOOP back in `icode` (which the dispatch loop runs whenever
 * it meets a float loop) once it has shown that it leaves the float interpreter too often to be worth
 * entering.
 */
function settle(fl: FloatLoop, p: Proto): void {
  const tries = fl.entries + fl.refusals;
  if (tries >= TRIAL && fl.laps * 8 < tries) {
    p.icode[fl.end] = p.code[fl.end]!;
    p.icode[fl.start - 1] = p.code[fl.start - 1]!;
  }
}
