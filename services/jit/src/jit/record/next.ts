// TFORCALL of `next` (pairs loops): the table's next, guarded on the iterator's identity, its key
// and value typed as seen (code in iterators.ts). The end of the iteration leaves at the TFORLOOP,
// a root loop's normal end or, in a nested loop, an exit a side path can continue from.
import { argA, argC, argSBx, opOf, Op } from '../../compiler/opcodes.ts';
import type { LuaTable } from '../../vm/table.ts';
import { newExit } from '../ir.ts';
import { TT } from '../types.ts';
import { Abort, type Frame, type RecordState, traceableType } from './state.ts';

export function recordNext(rec: RecordState, f: Frame, pc: number, i: number): number {
  const a = argA(i);
  const c = argC(i);
  // The interpreter's next fast path sets two loop variables; a third would stay as it was.
  if (c > 2) throw new Abort('generic for with more than two variables');
  const s = rec.stack;
  const ra = f.base + a;
  const t = s[ra + 1] as LuaTable;
  if (rec.rtype(f, a) !== TT.FUN || rec.rtype(f, a + 1) !== TT.TAB) throw new Abort('generic for state');
  const tc = rec.rtype(f, a + 2);
  const e = t.tryNext(s[ra + 2]);
  if (e === null) throw new Abort('error in next');
  if (e === undefined) throw new Abort('iteration ends while recording');
  const tk = traceableType(e[0]);
  const tv = traceableType(e[1]);
  const back = f.p.code[pc + 1]!;
  if (opOf(back) !== Op.TFORLOOP) throw new Abort('generic for without its TFORLOOP');
  const root = pc + 2 + argSBx(back) === rec.tree.header;
  const snap = rec.snapshot();
  snap.set(a + 3, TT.NIL);
  const end = newExit(root ? 'loopEnd' : 'guard', pc + 1, snap);
  rec.emit({ k: 'fnguard', src: a, fn: s[ra], exit: rec.exit(pc) });
  rec.emit({ k: 'next', a, tc, tk, tv, two: c > 1, exit: rec.exit(pc), end });
  rec.setType(f, a + 3, tk);
  s[ra + 3] = e[0];
  if (c > 1) {
    rec.setType(f, a + 4, tv);
    s[ra + 4] = e[1];
  }
  return pc + 1;
}
