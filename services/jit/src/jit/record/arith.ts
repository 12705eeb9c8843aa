// Arithmetic, bitwise and unary operators, length and concatenation: specialised on the operand
// types seen, with the checks (overflow, division by zero, 32-bit range) the generated code repeats.
import { argA, argB, argC, Op, opOf } from '../../compiler/opcodes.ts';
import { arithNum, ArithOp, EVENTS, type Num } from '../../vm/arith.ts';
import { numberToString } from '../../vm/convert.ts';
import type { LuaTable } from '../../vm/table.ts';
import { vreg, type ArithKind } from '../ir.ts';
import { isNum, TT } from '../types.ts';
import { recordArithMeta, recordLenMeta, type MetaArg } from './metamethods.ts';
import { Abort, truthy, type OpRecorder } from './state.ts';

const ARITH: Record<number, [ArithKind, ArithOp]> = {
  [Op.ADD]: ['add', ArithOp.ADD],
  [Op.SUB]: ['sub', ArithOp.SUB],
  [Op.MUL]: ['mul', ArithOp.MUL],
  [Op.DIV]: ['div', ArithOp.DIV],
  [Op.MOD]: ['mod', ArithOp.MOD],
  [Op.POW]: ['pow', ArithOp.POW],
  [Op.IDIV]: ['idiv', ArithOp.IDIV],
  [Op.BAND]: ['band', ArithOp.BAND],
  [Op.BOR]: ['bor', ArithOp.BOR],
  [Op.BXOR]: ['bxor', ArithOp.BXOR],
  [Op.SHL]: ['shl', ArithOp.SHL],
  [Op.SHR]: ['shr', ArithOp.SHR],
};

const unary: OpRecorder = (rec, f, pc, i) => {
  const op = opOf(i);
  const s = rec.stack;
  const base = f.base;
  const a = argA(i);
  const d = f.depth;
  const b = argB(i);
  const ta = rec.rtype(f, b);
  const x = s[base + b];
  let t: TT;
  if (op === Op.UNM && ta === TT.TAB) {
    const arg: MetaArg = { opnd: { r: vreg(d, b) }, t: ta, v: x };
    return recordArithMeta(rec, f, pc, '__unm', arg, arg, a);
  }
  if (op === Op.UNM && isNum(ta)) t = ta;
  else if (op === Op.BNOT && ta === TT.INT && ((x as number) | 0) === x) t = TT.INT;
  else throw new Abort('unary operand type');
  rec.emit({
    k: op === Op.UNM ? 'unm' : 'bnot',
    dst: vreg(d, a),
    a: vreg(d, b),
    ta,
    exit: rec.exit(pc),
  });
  rec.setType(f, a, t);
  s[base + a] = arithNum(op === Op.UNM ? ArithOp.UNM : ArithOp.BNOT, x as Num, x as Num);
  return pc + 1;
};

const binary: OpRecorder = (rec, f, pc, i) => {
  const op = opOf(i);
  const [opKind, opAop] = ARITH[op]!;
  const [oa, ta, x] = rec.rk(f, argB(i));
  const [ob, tb, y] = rec.rk(f, argC(i));
  if (!isNum(ta) || !isNum(tb))
    return recordArithMeta(
      rec,
      f,
      pc,
      EVENTS[opAop]!,
      { opnd: oa, t: ta, v: x },
      { opnd: ob, t: tb, v: y },
      argA(i),
    );
  // lua5.4 compiles `x - 0` as `x + 0` (OP_ADDI, the constant negated): -0.0 - 0 is 0.0 there
  const plus0 = opKind === 'sub' && argC(i) >= 256 && y === 0;
  const kind = plus0 ? 'add' : opKind;
  const aop = plus0 ? ArithOp.ADD : opAop;
  const ints = ta === TT.INT && tb === TT.INT;
  let tr: TT;
  if (kind === 'div' || kind === 'pow') tr = TT.FLT;
  else if (kind === 'band' || kind === 'bor' || kind === 'bxor' || kind === 'shl' || kind === 'shr') {
    if (!ints) throw new Abort('bitwise on floats');
    if (kind !== 'shl' && kind !== 'shr' && (((x as number) | 0) !== x || ((y as number) | 0) !== y)) {
      throw new Abort('bitwise beyond 32 bits');
    }
    tr = TT.INT;
  } else if (ints) {
    if ((kind === 'mod' || kind === 'idiv') && y === 0) throw new Abort('division by zero');
    tr = TT.INT;
  } else tr = TT.FLT;
  const r = arithNum(aop, x as Num, y as Num);
  if (tr === TT.INT && typeof r !== 'number') throw new Abort('integer overflow');
  const a = argA(i);
  if ('k' in oa && 'k' in ob) {
    // Constant folding: both operands are constants. Not a NaN (0/0, how Lua programs write one):
    // V8 gave the trace a NaN without lua5.4's sign bit (-nan printed as nan), and a trace computing
    // it from the two literals would have V8 fold it to its own positive NaN too.
    if (r !== r) throw new Abort('NaN constant');
    rec.emit({ k: 'mov', dst: vreg(f.depth, a), src: { k: r }, t: tr });
  } else {
    rec.emit({
      k: 'arith',
      op: kind,
      dst: vreg(f.depth, a),
      a: oa,
      b: ob,
      ta,
      tb,
      tr,
      exit: rec.exit(pc),
    });
  }
  rec.setType(f, a, tr);
  // A folded result of a hinted value (a register operand known constant) is known in turn.
  if ('k' in oa && 'k' in ob && (argB(i) < 256 || argC(i) < 256)) rec.known.set(vreg(f.depth, a), r);
  rec.stack[f.base + a] = r;
  return pc + 1;
};

export const ARITHMETIC: Record<number, OpRecorder> = {
  ...Object.fromEntries(Object.keys(ARITH).map((op) => [op, binary])),
  [Op.UNM]: unary,
  [Op.BNOT]: unary,
  [Op.NOT]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const b = argB(i);
    const ta = rec.rtype(f, b);
    rec.emit({ k: 'not', dst: vreg(d, a), a: vreg(d, b), ta, exit: rec.exit(pc) });
    rec.setType(f, a, TT.BOOL);
    s[base + a] = !truthy(s[base + b]);
    return pc + 1;
  },

  [Op.LEN]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const b = argB(i);
    const ta = rec.rtype(f, b);
    const x = s[base + b];
    let n: number;
    if (ta === TT.STR) n = (x as string).length;
    else if (ta === TT.TAB && (x as LuaTable).metatable === null) n = (x as LuaTable).arr.length;
    else if (ta === TT.TAB) {
      // Without __len its metatable would need a guard the len node lacks.
      const next = recordLenMeta(rec, f, pc, vreg(d, b), x as LuaTable, a);
      if (next < 0) throw new Abort('length operand');
      return next;
    } else throw new Abort('length operand');
    rec.emit({ k: 'len', dst: vreg(d, a), a: vreg(d, b), ta, exit: rec.exit(pc) });
    rec.setType(f, a, TT.INT);
    s[base + a] = n;
    return pc + 1;
  },

  [Op.CONCAT]: (rec, f, pc, i) => {
    const s = rec.stack;
    const base = f.base;
    const a = argA(i);
    const d = f.depth;
    const b = argB(i);
    const c = argC(i);
    const parts: number[] = [];
    const ts: TT[] = [];
    let r = '';
    for (let j = b; j <= c; j++) {
      const t = rec.rtype(f, j);
      if (t !== TT.STR && !isNum(t)) throw new Abort('concat operand');
      parts.push(vreg(d, j));
      ts.push(t);
      const v = s[base + j];
      r += typeof v === 'string' ? v : numberToString(v as Num);
    }
    rec.emit({ k: 'concat', dst: vreg(d, a), parts, ts });
    rec.setType(f, a, TT.STR);
    s[base + a] = r;
    return pc + 1;
  },
};
