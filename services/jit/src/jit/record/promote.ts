// `--@promote` locals (parser/hints.ts): the first read of one in a trace guards that it still has
// the value it has now, and from there on the trace uses that value as a constant (RecordState.rk),
// so comparisons on it need no test and arithmetic on it folds. A different value leaves by the
// guard's exit, which may get a side trace for that value in turn: one guard per value seen.
// A trace covers one iteration of its loop, so a local that loop assigns (an accumulator) is not
// promoted there: its guard would fail on the next iteration. A local whose guards keep failing (a
// side recording from one, a trace entry refused by one) stops being promoted, so that a value that
// changes all the time costs a few side traces or one re-recording, not an exit per iteration.
import type { LocVar } from '../../compiler/proto.ts';
import { LFloat, type LuaValue } from '../../vm/value.ts';
import { vreg } from '../ir.ts';
import { registersWritten } from '../writes.ts';
import { MAX_CONSTANT_STRING, TT } from '../types.ts';
import type { Frame, RecordState } from './state.ts';

/** Failed guards after which a local is no longer promoted. */
export const MAX_PROMOTE_MISSES = 4;

/** The promoted local register r of frame f (now at pc) holds, if any, and if still promoted. */
function promoted(f: Frame, r: number, pc: number): LocVar | null {
  for (const lv of f.p.promotes)
    if (lv.reg === r && lv.startpc <= pc && pc < lv.endpc)
      return (lv.misses ?? 0) < MAX_PROMOTE_MISSES ? lv : null;
  return null;
}

/** Root registers the traced loop's body assigns (computed once per recording). */
function loopWrites(rec: RecordState): Set<number> {
  const { tree } = rec;
  rec.loopWrites ??=
    tree.kind === 'loop' ? registersWritten(tree.proto, tree.header, rec.loopEnd) : new Set();
  return rec.loopWrites;
}

/** Values one `===` test tells apart from all others of their type (not NaN, not a float zero). */
function constantable(v: LuaValue, t: TT): boolean {
  switch (t) {
    case TT.NIL:
    case TT.BOOL:
    case TT.INT:
    case TT.TAB:
    case TT.FUN:
      return true;
    case TT.STR:
      return (v as string).length <= MAX_CONSTANT_STRING;
    case TT.FLT: {
      const n = v instanceof LFloat ? v.n : (v as number);
      return n === n && n !== 0;
    }
    default:
      return false;
  }
}

export function promote(rec: RecordState, f: Frame, r: number, t: TT): void {
  const lv = promoted(f, r, rec.instrPc);
  if (lv === null) return;
  if (f.depth === 0 && rec.tree.headerLocals.has(r) && loopWrites(rec).has(r)) return;
  const v = rec.stack[f.base + r];
  if (!constantable(v, t)) return;
  const dst = vreg(f.depth, r);
  // A constant the trace itself loaded (an argument `apply("double", x)`) needs no guard.
  if (t !== TT.NIL && !rec.loaded.has(dst)) {
    const exit = rec.exit(rec.instrPc);
    exit.promoted = lv;
    rec.emit({ k: 'promote', src: dst, v, t, exit });
  }
  rec.known.set(dst, v);
  rec.hintsApplied++;
}
