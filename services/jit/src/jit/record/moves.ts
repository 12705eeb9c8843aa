// Register moves and constant loads.
import { argA, argB, argC, Op } from '../../compiler/opcodes.ts';
import { vreg } from '../ir.ts';
import { TT } from '../types.ts';
import { type OpRecorder, traceableType } from './state.ts';

export const MOVES: Record<number, OpRecorder> = {
  [Op.MOVE]: (rec, f, pc, i) => {
    const a = argA(i);
    const b = argB(i);
    const t = rec.rtype(f, b);
    rec.emit({ k: 'mov', dst: vreg(f.depth, a), src: rec.reg(f, b), t });
    rec.setType(f, a, t);
    rec.copyKnown(vreg(f.depth, b), vreg(f.depth, a));
    rec.stack[f.base + a] = rec.stack[f.base + b];
    return pc + 1;
  },
  [Op.LOADK]: (rec, f, pc, i) => {
    const a = argA(i);
    const v = f.p.k[i >>> 14];
    const t = traceableType(v, 'untraceable constant');
    rec.emit({ k: 'mov', dst: vreg(f.depth, a), src: { k: v }, t });
    rec.setType(f, a, t);
    rec.loaded.set(vreg(f.depth, a), v);
    rec.stack[f.base + a] = v;
    return pc + 1;
  },
  [Op.LOADBOOL]: (rec, f, pc, i) => {
    const a = argA(i);
    const v = argB(i) !== 0;
    rec.emit({ k: 'mov', dst: vreg(f.depth, a), src: { k: v }, t: TT.BOOL });
    rec.setType(f, a, TT.BOOL);
    rec.loaded.set(vreg(f.depth, a), v);
    rec.stack[f.base + a] = v;
    return argC(i) !== 0 ? pc + 2 : pc + 1;
  },
  [Op.LOADNIL]: (rec, f, pc, i) => {
    const a = argA(i);
    for (let r = a; r <= a + argB(i); r++) {
      rec.emit({ k: 'mov', dst: vreg(f.depth, r), src: { k: undefined }, t: TT.NIL });
      rec.setType(f, r, TT.NIL);
      rec.loaded.set(vreg(f.depth, r), undefined);
      rec.stack[f.base + r] = undefined;
    }
    return pc + 1;
  },
};
