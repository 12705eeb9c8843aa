// The float interpreter: runs a float loop (compiler/floatloop.ts) from its FORLOOP, on a Float64Array
// of registers, until the loop ends or reaches an instruction it leaves to the dispatch loop. Its
// registers go back to the stack only when it stops, and only those it wrote: a register written on
// some paths may hold anything (nil, a table) when the loop enters.
import type { FloatLoop } from '../compiler/floatloop.ts';
import { LFloat, mkFloat, type LuaValue } from './value.ts';

/**
 * Entries after which a loop whose body rarely runs to its end in the float interpreter (it bails in the
 * middle, every time or nearly) goes back to the dispatch loop.
 */
const TRIAL = 64;

/**
 * Runs the loop whose integer FORLOOP registers are at `ra`: from its first body when `atStart` (the
 * FORPREP has just set it up), else from its FORLOOP (the count positive). Returns the pc the dispatch
 * loop goes on at, or -1 when a register it reads holds no float (the dispatch loop then goes on
 * itself, from the body or stepping the FORLOOP).
 */
export function runFloatLoop(
  fl: FloatLoop,
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
      return -1;
    }
  }
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
        pc = fl.end + 1;
        break;
      default:
        // BAIL: the dispatch loop runs this instruction
        pc = fl.start + pc - 1;
    }
    break;
  }
  s[ra] = x;
  s[ra + 1] = cnt;
  s[ra + 3] = x;
  const w = fl.written;
  for (let j = 0; j < w.length; j++) {
    const r = w[j]!;
    if (d[r] === 1) {
      d[r] = 0;
      s[base + r] = mkFloat(f[r]!);
    }
  }
  fl.entries++;
  fl.laps += laps;
  return pc;
}

/** Whether the loop has shown that it leaves the float interpreter too often to be worth entering. */
export function floatLoopLosing(fl: FloatLoop): boolean {
  const tries = fl.entries + fl.refusals;
  return tries >= TRIAL && fl.laps * 8 < tries;
}
