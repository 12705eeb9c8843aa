// The recorder: runs one iteration of a hot loop itself, instruction by instruction, on the real
// interpreter state, and writes down what it did as trace IR with the types it saw. It checks an
// instruction before executing it and aborts when the trace could not express it, so an abort always
// leaves the interpreter's state exact at an instruction boundary (for an abort inside an inlined
// call: at the call, with the arguments put back) and the interpreter simply carries on from there.
import { argA, argB, argC, argSBx, Op, opOf } from '../compiler/opcodes.ts';
import type { Proto } from '../compiler/proto.ts';
import { arithNum, ArithOp, type Num } from '../vm/arith.ts';
import type { CallInfo, LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaClosure, NativeFunction, type LuaValue } from '../vm/value.ts';
import type { LoopState } from './cache.ts';
import {
  eachNode,
  exitsOf,
  newExit,
  PEELED,
  TO_ROOT,
  vreg,
  type ArithKind,
  type Exit,
  type Node,
  type Opnd,
  type Path,
  type Tree,
} from './ir.ts';
import { backEdgeTargets, headerLocalsOf, loopEndPc } from './loops.ts';
import { PURE_NATIVES } from './natives.ts';
import { sameNode } from './same.ts';
import { isNum, TT, typeOfValue } from './types.ts';

/**
 * Runaway bound: a recording that has not come back to the loop header after this many instructions
 * (nested loops' iterations included) is abandoned.
 */
export const MAX_RECORD_INSTRUCTIONS = 12000;
/** Iterations a nested loop may run while being recorded inline; longer ones are called as trees. */
const MAX_INLINE_ITERATIONS = 100;
/** Iterations of a nested loop unrolled into straight code while its types settle. */
const MAX_PEELS = 2;
const MAX_INLINE_DEPTH = 3;

export class Abort extends Error {
  /** The failure came from a nested loop (calling its own tree instead may work). */
  nested = false;
}

function nestedAbort(why: string): Abort {
  const a = new Abort(why);
  a.nested = true;
  return a;
}

interface Frame {
  cl: LuaClosure;
  p: Proto;
  depth: number;
  /** Absolute stack index of register 0. */
  base: number;
  /** Caller's pc of the CALL (resume point after the return is pc + 1). */
  callPc: number;
  /** Caller's register receiving the results, and how many it wants. */
  retA: number;
  nres: number;
}

/** Where the recording was when it last passed a nested loop's header. */
interface Visit {
  idx: number;
  writeIdx: number;
  types: Map<number, TT>;
  peels: number;
}

/** Checking further iterations of a nested loop against its recorded body. */
interface Verify {
  header: number;
  body: Node[];
  parentOut: Node[];
  backEdge: Extract<Node, { k: 'forloop' }> | null;
  iterations: number;
}

type BackEdge = Extract<Node, { k: 'forloop' | 'tforloop' | 'loop' }>;

type InnerPlan =
  | { kind: 'verified'; target: number }
  | { kind: 'resume'; target: number; id: number }
  | { kind: 'peel' | 'wrap'; target: number; visit: Visit; body: Node[]; carried: Map<number, TT> };

export type RecordResult =
  { ok: true; path: Path; pc: number } | { ok: false; pc: number; why: string; nested: boolean };

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

const truthy = (v: LuaValue): boolean => v !== undefined && v !== false;
const num = (v: LuaValue): number => (v instanceof LFloat ? v.n : (v as number));

export class Recorder {
  private readonly nodes: Node[] = [];
  /** Where nodes go: the path, a side path continuing after a nested loop, or a scratch list. */
  private out: Node[];
  private verify: Verify | null = null;
  private readonly visits = new Map<number, Visit>();
  private readonly backTargets: Set<number>;
  /** The traced loop's last instruction (its back-edge): its body is header..loopEnd. */
  private readonly loopEnd: number;
  /** Root registers in the order they were written (to tell what a nested loop's body wrote). */
  private readonly writeLog: number[] = [];
  private instrStart = 0;
  /** Nested loops whose tree refused the state at their header (calls to them are not retried). */
  private readonly callFailed = new Map<number, number>();
  /** Set when an abort happens after a called tree changed the state: where the state is now. */
  private abortPc = -1;
  /** Set when a side path ends by going round the nested loop it started in: where it stops. */
  private endPc = -1;
  private instrPc = 0;
  private readonly types = new Map<number, TT>();
  /** Root registers written so far in this iteration (for side paths: since the loop header). */
  private readonly written = new Set<number>();
  private readonly pathWrites = new Set<number>();
  private readonly frames: Frame[] = [];
  private savedArgs: LuaValue[] = [];
  private callSnap: Map<number, TT> | null = null;
  private readonly stack: LuaValue[];

  constructor(
    private readonly L: LuaState,
    private readonly ci: CallInfo,
    private readonly tree: Tree,
    /** The exit a side path starts from, or null for the root path. */
    private readonly from: Exit | null,
    /** Compiled trees of other loops, which the recording may call instead of recording them. */
    private readonly trees: ((p: Proto, header: number) => LoopState | null) | null = null,
  ) {
    this.stack = L.stack;
    this.out = this.nodes;
    const cl = ci.closure!;
    this.backTargets = backEdgeTargets(cl.proto);
    this.loopEnd = loopEndPc(cl.proto, tree.header);
    this.frames.push({ cl, p: cl.proto, depth: 0, base: ci.base, callPc: -1, retA: 0, nres: 0 });
    if (from !== null) {
      for (const [r, t] of from.snap) {
        this.types.set(r, t);
        this.written.add(r);
      }
    }
  }

  record(startPc: number): RecordResult {
    let pc = startPc;
    try {
      for (let n = 0; ; n++) {
        if (n > MAX_RECORD_INSTRUCTIONS) throw new Abort('trace too long');
        const next = this.step(pc);
        if (next < 0) {
          // Back at the header (-1) or past the loop's end (-2 - pc): the back-edge has run.
          if (this.endPc >= 0)
            return { ok: true, path: { nodes: this.nodes, writes: this.pathWrites }, pc: this.endPc };
          pc = next === -1 ? this.tree.header : -2 - next;
          this.checkStable();
          return { ok: true, path: { nodes: this.nodes, writes: this.pathWrites }, pc };
        }
        pc = next;
      }
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      const nested = e.nested || (e.message === 'trace too long' && this.verify !== null);
      return { ok: false, pc: this.abortPc >= 0 ? this.abortPc : this.unwind(pc), why: e.message, nested };
    }
  }

  /** Puts the state back at a root-frame instruction boundary after an abort; returns its pc. */
  private unwind(pc: number): number {
    if (this.frames.length === 1) return pc;
    const f1 = this.frames[1]!;
    const args = this.savedArgs;
    for (let j = 0; j < args.length; j++) this.stack[f1.base + j] = args[j];
    return f1.callPc;
  }

  /** Loop-carried locals must come back to the header with the type they entered with. */
  private checkStable(): void {
    const { entry, headerLocals } = this.tree;
    for (const r of this.written) {
      if (!headerLocals.has(r)) continue;
      const t = this.types.get(r)!;
      const e = entry.get(r);
      if (e === undefined) entry.set(r, t);
      else if (e !== t) throw new Abort('type-unstable loop');
    }
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private exit(pc: number): Exit {
    if (this.frames.length > 1) return newExit('guard', this.frames[1]!.callPc, this.callSnap!);
    return newExit('guard', pc, this.snapshot());
  }

  private snapshot(): Map<number, TT> {
    const m = new Map<number, TT>();
    for (const r of this.written) m.set(r, this.types.get(r)!);
    return m;
  }

  /** Type of a register about to be read; a root register not seen yet is a live-in of the loop. */
  private rtype(f: Frame, r: number): TT {
    const v = vreg(f.depth, r);
    let t = this.types.get(v);
    if (t === undefined) {
      if (f.depth !== 0) throw new Abort('read of an unset callee register');
      t = typeOfValue(this.stack[f.base + r]);
      const e = this.tree.entry.get(r);
      if (e !== undefined && e !== t) throw new Abort('live-in type changed');
      this.tree.entry.set(r, t);
      this.types.set(v, t);
    }
    if (t === TT.OTHER) throw new Abort('untraceable value type');
    return t;
  }

  private setType(f: Frame, r: number, t: TT): void {
    this.types.set(vreg(f.depth, r), t);
    if (f.depth === 0) {
      this.written.add(r);
      this.pathWrites.add(r);
      this.writeLog.push(r);
    }
  }

  private reg(f: Frame, r: number): Opnd {
    return { r: vreg(f.depth, r) };
  }

  /** An RK operand: its IR operand, static type and current value. */
  private rk(f: Frame, x: number): [Opnd, TT, LuaValue] {
    if (x >= 256) {
      const v = f.p.k[x - 256];
      const t = typeOfValue(v);
      if (t === TT.OTHER) throw new Abort('untraceable constant');
      return [{ k: v }, t, v];
    }
    return [this.reg(f, x), this.rtype(f, x), this.stack[f.base + x]];
  }

  private emit(n: Node): void {
    const v = this.verify;
    if (v !== null) {
      const want = v.body[this.out.length];
      if (want === undefined || !sameNode(want, n)) {
        this.diverge(want, n);
        return;
      }
    }
    this.out.push(n);
  }

  /**
   * A later iteration of a nested loop left its recorded body (typically its last one: the loop
   * condition failed or a break was taken). What follows is recorded as the side path of the body
   * node that failed, and the nested loop's normal end becomes an exit.
   */
  private diverge(want: Node | undefined, n: Node): void {
    const v = this.verify!;
    if (want === undefined || this.frames.length > 1 || !('exit' in want) || want.exit.pc !== this.instrPc) {
      throw nestedAbort('nested loop path changed');
    }
    const side: Node[] = this.out.slice(this.instrStart);
    side.push(n);
    want.exit.side = { nodes: side, writes: this.pathWrites };
    if (v.backEdge !== null) v.backEdge.breaks = false;
    this.verify = null;
    this.out = side;
    this.visits.clear();
  }

  /** Records and executes the instruction at pc; returns the next pc, -1 at the header, -2-pc after the loop. */
  private step(pc: number): number {
    const f = this.frame;
    const s = this.stack;
    const base = f.base;
    const i = f.p.code[pc]!;
    const op = opOf(i);
    const a = argA(i);
    const d = f.depth;
    this.instrStart = this.out.length;
    this.instrPc = pc;
    // A path that leaves the traced loop (break, return path, goto out) stays an exit.
    if (d === 0 && (pc < this.tree.header || pc > this.loopEnd)) throw new Abort('leaves the loop');
    if (d === 0 && this.verify === null && this.backTargets.has(pc) && pc !== this.tree.header) {
      const next = this.callTree(pc);
      if (next >= 0) return next;
    }
    if (d === 0 && this.verify === null && this.backTargets.has(pc)) {
      const prev = this.visits.get(pc);
      this.visits.set(pc, {
        idx: this.out.length,
        writeIdx: this.writeLog.length,
        types: new Map(this.types),
        peels: prev === undefined ? 0 : prev.peels,
      });
    }
    switch (op) {
      case Op.MOVE: {
        const b = argB(i);
        const t = this.rtype(f, b);
        this.emit({ k: 'mov', dst: vreg(d, a), src: this.reg(f, b), t });
        this.setType(f, a, t);
        s[base + a] = s[base + b];
        return pc + 1;
      }
      case Op.LOADK: {
        const v = f.p.k[i >>> 14];
        const t = typeOfValue(v);
        if (t === TT.OTHER) throw new Abort('untraceable constant');
        this.emit({ k: 'mov', dst: vreg(d, a), src: { k: v }, t });
        this.setType(f, a, t);
        s[base + a] = v;
        return pc + 1;
      }
      case Op.LOADBOOL: {
        const v = argB(i) !== 0;
        this.emit({ k: 'mov', dst: vreg(d, a), src: { k: v }, t: TT.BOOL });
        this.setType(f, a, TT.BOOL);
        s[base + a] = v;
        return argC(i) !== 0 ? pc + 2 : pc + 1;
      }
      case Op.LOADNIL: {
        for (let r = a; r <= a + argB(i); r++) {
          this.emit({ k: 'mov', dst: vreg(d, r), src: { k: undefined }, t: TT.NIL });
          this.setType(f, r, TT.NIL);
          s[base + r] = undefined;
        }
        return pc + 1;
      }
      case Op.GETUPVAL: {
        const idx = argB(i);
        const uv = f.cl.upvals[idx]!;
        if (uv.open && uv.idx >= this.frames[0]!.base) throw new Abort('upvalue of a traced register');
        const v = uv.open ? s[uv.idx] : uv.value;
        const t = typeOfValue(v);
        if (t === TT.OTHER) throw new Abort('untraceable value type');
        const konst = d === 0 ? -1 : this.konst(uv);
        this.emit({ k: 'getupv', dst: vreg(d, a), uv: idx, konst, t, exit: this.exit(pc) });
        this.setType(f, a, t);
        s[base + a] = v;
        return pc + 1;
      }
      case Op.SETUPVAL: {
        if (d !== 0) throw new Abort('side effect in an inlined call');
        const idx = argB(i);
        const uv = f.cl.upvals[idx]!;
        if (uv.open && uv.idx >= base) throw new Abort('upvalue of a traced register');
        const t = this.rtype(f, a);
        this.emit({ k: 'setupv', src: a, uv: idx, t });
        if (uv.open) s[uv.idx] = s[base + a];
        else uv.value = s[base + a];
        return pc + 1;
      }
      case Op.GETGLOBAL: {
        const g = this.L.globals;
        const name = f.p.k[i >>> 14] as string;
        const v = g.hash === null ? undefined : g.hash.get(name);
        if (v === undefined && g.metatable !== null) throw new Abort('globals with a metatable');
        const t = typeOfValue(v);
        if (t === TT.OTHER) throw new Abort('untraceable value type');
        this.emit({ k: 'getglobal', dst: vreg(d, a), name, t, exit: this.exit(pc) });
        this.setType(f, a, t);
        s[base + a] = v;
        return pc + 1;
      }
      case Op.SETGLOBAL: {
        if (d !== 0) throw new Abort('side effect in an inlined call');
        const g = this.L.globals;
        if (g.metatable !== null) throw new Abort('globals with a metatable');
        const name = f.p.k[i >>> 14] as string;
        const t = this.rtype(f, a);
        this.emit({ k: 'setglobal', name, src: this.reg(f, a), t, exit: this.exit(pc) });
        g.set(name, s[base + a]);
        return pc + 1;
      }
      case Op.GETTABLE:
      case Op.SELF: {
        const b = argB(i);
        const tt = this.rtype(f, b);
        if (tt !== TT.TAB) throw new Abort('indexing a non-table');
        const tab = s[base + b] as LuaTable;
        const [key, tk, kv] = this.rk(f, argC(i));
        if (tk === TT.FLT || tk === TT.NIL || (op === Op.SELF && tk !== TT.STR)) throw new Abort('key type');
        const v = tab.get(kv);
        if (v === undefined && tab.metatable !== null) throw new Abort('__index');
        const t = typeOfValue(v);
        if (t === TT.OTHER) throw new Abort('untraceable value type');
        if (op === Op.SELF) {
          this.emit({ k: 'mov', dst: vreg(d, a + 1), src: this.reg(f, b), t: TT.TAB });
          this.setType(f, a + 1, TT.TAB);
          s[base + a + 1] = tab;
        }
        this.emit({ k: 'gettab', dst: vreg(d, a), tab: vreg(d, b), key, tk, t, exit: this.exit(pc) });
        this.setType(f, a, t);
        s[base + a] = v;
        return pc + 1;
      }
      case Op.SETTABLE: {
        if (d !== 0) throw new Abort('side effect in an inlined call');
        const tt = this.rtype(f, a);
        if (tt !== TT.TAB) throw new Abort('indexing a non-table');
        const tab = s[base + a] as LuaTable;
        if (tab.metatable !== null) throw new Abort('table with a metatable');
        const [key, tk, kv] = this.rk(f, argB(i));
        if (tk === TT.FLT || tk === TT.NIL) throw new Abort('key type');
        const [val, tv, vv] = this.rk(f, argC(i));
        this.emit({ k: 'settab', tab: vreg(d, a), key, tk, val, tv, exit: this.exit(pc) });
        tab.set(kv, vv);
        return pc + 1;
      }
      case Op.NEWTABLE:
        this.emit({ k: 'newtab', dst: vreg(d, a) });
        this.setType(f, a, TT.TAB);
        s[base + a] = new LuaTable();
        return pc + 1;
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
      case Op.POW:
      case Op.IDIV:
      case Op.BAND:
      case Op.BOR:
      case Op.BXOR:
      case Op.SHL:
      case Op.SHR:
        return this.arith(f, pc, i, op);
      case Op.UNM:
      case Op.BNOT: {
        const b = argB(i);
        const ta = this.rtype(f, b);
        const x = s[base + b];
        let t: TT;
        if (op === Op.UNM && isNum(ta)) t = ta;
        else if (op === Op.BNOT && ta === TT.INT && ((x as number) | 0) === x) t = TT.INT;
        else throw new Abort('unary operand type');
        this.emit({
          k: op === Op.UNM ? 'unm' : 'bnot',
          dst: vreg(d, a),
          a: vreg(d, b),
          ta,
          exit: this.exit(pc),
        });
        this.setType(f, a, t);
        s[base + a] = arithNum(op === Op.UNM ? ArithOp.UNM : ArithOp.BNOT, x as Num, x as Num);
        return pc + 1;
      }
      case Op.NOT: {
        const b = argB(i);
        const ta = this.rtype(f, b);
        this.emit({ k: 'not', dst: vreg(d, a), a: vreg(d, b), ta, exit: this.exit(pc) });
        this.setType(f, a, TT.BOOL);
        s[base + a] = !truthy(s[base + b]);
        return pc + 1;
      }
      case Op.LEN: {
        const b = argB(i);
        const ta = this.rtype(f, b);
        const x = s[base + b];
        let n: number;
        if (ta === TT.STR) n = (x as string).length;
        else if (ta === TT.TAB && (x as LuaTable).metatable === null) n = (x as LuaTable).arr.length;
        else throw new Abort('length operand');
        this.emit({ k: 'len', dst: vreg(d, a), a: vreg(d, b), ta, exit: this.exit(pc) });
        this.setType(f, a, TT.INT);
        s[base + a] = n;
        return pc + 1;
      }
      case Op.CONCAT: {
        const b = argB(i);
        const c = argC(i);
        const parts: number[] = [];
        const ts: TT[] = [];
        let r = '';
        for (let j = b; j <= c; j++) {
          const t = this.rtype(f, j);
          if (t !== TT.STR && t !== TT.INT) throw new Abort('concat operand');
          parts.push(vreg(d, j));
          ts.push(t);
          r += String(s[base + j]);
        }
        this.emit({ k: 'concat', dst: vreg(d, a), parts, ts });
        this.setType(f, a, TT.STR);
        s[base + a] = r;
        return pc + 1;
      }
      case Op.JMP:
        // Closing upvalues is a no-op here: no closure is created inside a trace, and none can be
        // open on the loop's own body locals when the trace is entered (the back-edge closed them).
        if (a !== 0 && d !== 0) throw new Abort('close in an inlined call');
        if (
          a !== 0 &&
          this.L.openUpvals.length > 0 &&
          this.L.openUpvals[this.L.openUpvals.length - 1]!.idx >= base + a - 1
        ) {
          throw new Abort('open upvalues');
        }
        return pc + 1 + argSBx(i);
      case Op.JMPBACK: {
        const target = pc + 1 + argSBx(i);
        if (d !== 0) throw new Abort('loop in an inlined call');
        if (
          a !== 0 &&
          this.L.openUpvals.length > 0 &&
          this.L.openUpvals[this.L.openUpvals.length - 1]!.idx >= base + a - 1
        ) {
          throw new Abort('open upvalues');
        }
        const n: BackEdge = { k: 'loop', target: TO_ROOT };
        this.emit(n);
        if (target === this.tree.header) return this.rootBackEdge();
        return this.innerBackEdge(n, this.planInner(target), true, pc + 1);
      }
      case Op.EQ:
      case Op.LT:
      case Op.LE:
        return this.compare(f, pc, i, op);
      case Op.TEST: {
        const ta = this.rtype(f, a);
        const tv = truthy(s[base + a]);
        this.emit({ k: 'test', a: vreg(d, a), ta, want: tv, exit: this.exit(pc) });
        return tv !== (argC(i) !== 0) ? pc + 2 : pc + 1;
      }
      case Op.TESTSET: {
        const b = argB(i);
        const tb = this.rtype(f, b);
        const tv = truthy(s[base + b]);
        this.emit({ k: 'test', a: vreg(d, b), ta: tb, want: tv, exit: this.exit(pc) });
        if (tv === (argC(i) !== 0)) {
          this.emit({ k: 'mov', dst: vreg(d, a), src: this.reg(f, b), t: tb });
          this.setType(f, a, tb);
          s[base + a] = s[base + b];
          return pc + 1;
        }
        return pc + 2;
      }
      case Op.CALL:
        return this.call(f, pc, i);
      case Op.RETURN:
        return this.ret(f, i);
      case Op.FORLOOP: {
        const target = pc + 1 + argSBx(i);
        if (d !== 0) throw new Abort('loop in an inlined call');
        for (let j = 0; j < 3; j++)
          if (this.rtype(f, a + j) !== TT.INT) throw new Abort('non-integer for loop');
        const ra = base + a;
        const cnt = s[ra + 1] as number;
        const nx = (s[ra] as number) + (s[ra + 2] as number);
        if (cnt > 0 && (nx > Number.MAX_SAFE_INTEGER || nx < -Number.MAX_SAFE_INTEGER))
          throw new Abort('for index overflow');
        const root = target === this.tree.header;
        const endExit = newExit(root ? 'loopEnd' : 'guard', pc + 1, this.snapshot());
        const n: Extract<Node, { k: 'forloop' }> = {
          k: 'forloop',
          a,
          target: TO_ROOT,
          want: cnt > 0,
          breaks: !root,
          exit: this.exit(pc),
          end: endExit,
        };
        this.emit(n);
        // The loop's registers keep their types whichever way it goes.
        this.setType(f, a, TT.INT);
        this.setType(f, a + 1, TT.INT);
        this.setType(f, a + 3, TT.INT);
        // Everything that may abort is decided before the back-edge changes any state.
        if (root) this.rootBackEdge();
        const plan = root ? null : this.planInner(target);
        if (cnt > 0) {
          s[ra + 1] = cnt - 1;
          s[ra] = nx;
          s[ra + 3] = nx;
        }
        if (plan === null) return cnt > 0 ? -1 : -2 - (pc + 1);
        return this.innerBackEdge(n, plan, cnt > 0, pc + 1);
      }
      case Op.TFORCALL:
        return this.tforcall(f, pc, i);
      case Op.TFORLOOP: {
        const target = pc + 1 + argSBx(i);
        if (d !== 0) throw new Abort('loop in an inlined call');
        const t = this.rtype(f, a + 1);
        if (t === TT.NIL) throw new Abort('iteration ends while recording');
        const n: BackEdge = { k: 'tforloop', a, target: TO_ROOT };
        this.emit(n);
        const root = target === this.tree.header;
        this.setType(f, a, t);
        if (root) this.rootBackEdge();
        const plan = root ? null : this.planInner(target);
        s[base + a] = s[base + a + 1];
        if (plan === null) return -1;
        return this.innerBackEdge(n, plan, true, pc + 1);
      }
      case Op.FORPREP: {
        if (d !== 0) throw new Abort('loop in an inlined call');
        for (let j = 0; j < 3; j++)
          if (this.rtype(f, a + j) !== TT.INT) throw new Abort('non-integer for loop');
        const ra = base + a;
        const init = s[ra] as number;
        const limit = s[ra + 1] as number;
        const step = s[ra + 2] as number;
        if (step === 0 || Math.abs(limit - init) > Number.MAX_SAFE_INTEGER)
          throw new Abort('for loop edge case');
        const skip = step > 0 ? init > limit : init < limit;
        this.emit({ k: 'forprep', a, skip, exit: this.exit(pc) });
        if (skip) return pc + 1 + argSBx(i) + 1;
        this.setType(f, a + 1, TT.INT);
        this.setType(f, a + 3, TT.INT);
        s[ra + 1] = step > 0 ? Math.floor((limit - init) / step) : Math.floor((init - limit) / -step);
        s[ra + 3] = init;
        return pc + 1;
      }
      default:
        throw new Abort(`untraceable instruction`);
    }
  }

  /**
   * At the header of a nested loop that has a compiled tree: run that tree (on the real state, as the
   * trace will) and carry on recording where it left. Returns -1 when the tree is not usable here.
   */
  private callTree(h: number): number {
    if (this.trees === null || (this.callFailed.get(h) ?? 0) >= 2) return -1;
    const f = this.frames[0]!;
    const ls = this.trees(f.p, h);
    if (ls === null || ls.fn === null) return -1;
    const spill = newExit('guard', -1, this.snapshot());
    const r = ls.fn(this.L, this.stack, f.base, f.cl.upvals);
    if (r < 0) {
      this.callFailed.set(h, (this.callFailed.get(h) ?? 0) + 1);
      return -1;
    }
    const resume = ls.exits[r]!.pc;
    // From here on the state has moved to `resume`: an abort must resume there.
    this.abortPc = resume;
    if (resume === h) throw new Abort('nested tree left at once');
    // The tree may have left in the middle of its body, where any register can be live: all of them
    // are read back.
    const reload: [number, TT][] = [];
    for (let reg = 0; reg < f.p.maxstack; reg++) {
      const t = typeOfValue(this.stack[f.base + reg]);
      if (t === TT.OTHER) throw new Abort('untraceable value type');
      reload.push([reg, t]);
    }
    this.emit({ k: 'calltree', header: h, loop: this.konst(ls), spill, resume, reload });
    for (const [reg, t] of reload) this.setType(f, reg, t);
    this.abortPc = -1;
    return resume;
  }

  /** The traced loop's own back-edge: the path is complete (unless a nested loop is being checked). */
  private rootBackEdge(): number {
    if (this.verify !== null) throw nestedAbort('nested loop path changed');
    return -1;
  }

  /**
   * A back-edge to a loop nested in the traced one, its node just emitted: everything that may abort
   * is checked here, before the back-edge runs. The first time round, the nodes since that loop's
   * header become its body: a nested JS loop when its carried registers kept their types, else a
   * peeled (straight-line) copy and the next iteration is tried. Later iterations run through the
   * recorder only to check that they follow the same body.
   */
  private planInner(target: number): InnerPlan {
    const v = this.verify;
    if (v !== null) {
      // A long nested loop is better run by its own tree (a call costs little next to its iterations).
      if (++v.iterations > MAX_INLINE_ITERATIONS && this.trees === null)
        throw nestedAbort('long nested loop');
      if (target !== v.header || this.out.length !== v.body.length)
        throw nestedAbort('nested loop path changed');
      return { kind: 'verified', target };
    }
    const inner = this.from?.inner;
    if (inner !== null && inner !== undefined && target === inner.header && !this.visits.has(target)) {
      // A side path from inside a nested loop that goes round that loop again.
      for (const [r, t] of inner.carried)
        if (this.types.get(r) !== t) throw nestedAbort('type-unstable nested loop');
      // Header locals of the traced loop written here must already be loop-carried with a known type.
      for (const r of this.pathWrites) {
        if (
          this.tree.headerLocals.has(r) &&
          !inner.carried.has(r) &&
          this.tree.entry.get(r) !== this.types.get(r)
        ) {
          throw nestedAbort('type-unstable nested loop');
        }
      }
      return { kind: 'resume', target, id: inner.id };
    }
    const visit = this.visits.get(target);
    if (visit === undefined) {
      // Recording started inside this nested loop: the partial iteration stays straight-line code
      // and the loop is recorded from its header on.
      const start = {
        idx: this.out.length,
        writeIdx: this.writeLog.length,
        types: new Map(this.types),
        peels: 0,
      };
      return { kind: 'peel', target, visit: start, body: [], carried: new Map() };
    }
    // A nested loop with a compiled tree that refused its first iteration: run this iteration
    // straight and try the tree again at the next one.
    const tried = this.callFailed.get(target) ?? 0;
    const callable =
      this.trees !== null && tried > 0 && tried < 2 && this.trees(this.frames[0]!.p, target)?.fn != null;
    if (callable) return { kind: 'peel', target, visit, body: [], carried: new Map() };
    const body = this.out.slice(visit.idx);
    if (body.some((m) => m.k === 'inner')) throw nestedAbort('loops nested too deep');
    const locals = headerLocalsOf(this.frames[0]!.p, target);
    const carried = new Map<number, TT>();
    let stable = true;
    for (const r of this.writeLog.slice(visit.writeIdx)) {
      if (!locals.has(r) || carried.has(r)) continue;
      const t = this.types.get(r)!;
      if ((visit.types.get(r) ?? this.tree.entry.get(r)) !== t) stable = false;
      carried.set(r, t);
    }
    if (!stable && visit.peels >= MAX_PEELS) throw nestedAbort('type-unstable nested loop');
    return { kind: stable ? 'wrap' : 'peel', target, visit, body, carried };
  }

  /** Applies a plan after the back-edge ran; returns the next pc (or -1: side path complete). */
  private innerBackEdge(n: BackEdge, plan: InnerPlan, cont: boolean, after: number): number {
    const next = cont ? plan.target : after;
    switch (plan.kind) {
      case 'verified': {
        const v = this.verify!;
        this.out = [];
        if (!cont) {
          this.verify = null;
          this.out = v.parentOut;
        }
        return next;
      }
      case 'resume':
        n.target = plan.id;
        if (n.k === 'forloop') n.breaks = false;
        this.endPc = next;
        return -1;
      case 'peel':
        n.target = PEELED;
        this.visits.set(plan.target, {
          idx: this.out.length,
          writeIdx: this.writeLog.length,
          types: new Map(this.types),
          peels: plan.visit.peels + 1,
        });
        return next;
      case 'wrap': {
        const id = this.tree.innerLoops++;
        const body = plan.body;
        this.out.splice(plan.visit.idx);
        this.out.push({ k: 'inner', id, body });
        n.target = id;
        // An exit inside the nested loop also restores what earlier iterations of it wrote.
        const info = { id, header: plan.target, carried: plan.carried };
        eachNode(body, (m) => {
          for (const e of exitsOf(m)) {
            e.inner = info;
            for (const [r, t] of plan.carried) if (!e.snap.has(r)) e.snap.set(r, t);
          }
        });
        if (cont) {
          this.verify = {
            header: plan.target,
            body,
            parentOut: this.out,
            backEdge: n.k === 'forloop' ? n : null,
            iterations: 0,
          };
          this.out = [];
        }
        return next;
      }
    }
  }

  private konst(v: unknown): number {
    const ks = this.tree.consts;
    let j = ks.indexOf(v);
    if (j < 0) {
      j = ks.length;
      ks.push(v);
    }
    return j;
  }

  private arith(f: Frame, pc: number, i: number, op: Op): number {
    const [kind, aop] = ARITH[op]!;
    const [oa, ta, x] = this.rk(f, argB(i));
    const [ob, tb, y] = this.rk(f, argC(i));
    if (!isNum(ta) || !isNum(tb)) throw new Abort('arithmetic on non-numbers');
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
      // Constant folding: both operands are constants.
      this.emit({ k: 'mov', dst: vreg(f.depth, a), src: { k: r }, t: tr });
    } else {
      this.emit({
        k: 'arith',
        op: kind,
        dst: vreg(f.depth, a),
        a: oa,
        b: ob,
        ta,
        tb,
        tr,
        exit: this.exit(pc),
      });
    }
    this.setType(f, a, tr);
    this.stack[f.base + a] = r;
    return pc + 1;
  }

  private compare(f: Frame, pc: number, i: number, op: Op): number {
    const [oa, ta, x] = this.rk(f, argB(i));
    const [ob, tb, y] = this.rk(f, argC(i));
    let r: boolean;
    if (isNum(ta) && isNum(tb)) {
      const p = num(x);
      const q = num(y);
      r = op === Op.EQ ? p === q : op === Op.LT ? p < q : p <= q;
    } else if (ta === TT.STR && tb === TT.STR) {
      const p = x as string;
      const q = y as string;
      r = op === Op.EQ ? p === q : op === Op.LT ? p < q : p <= q;
    } else if (op !== Op.EQ) {
      throw new Abort('order comparison of non-numbers');
    } else if (ta === TT.TAB && tb === TT.TAB) {
      if (x !== y && ((x as LuaTable).metatable !== null || (y as LuaTable).metatable !== null)) {
        throw new Abort('__eq');
      }
      r = x === y;
    } else {
      r = x === y;
    }
    const cop = op === Op.EQ ? 'eq' : op === Op.LT ? 'lt' : 'le';
    this.emit({ k: 'cmp', op: cop, a: oa, b: ob, ta, tb, want: r, exit: this.exit(pc) });
    return r !== (argA(i) !== 0) ? pc + 2 : pc + 1;
  }

  private call(f: Frame, pc: number, i: number): number {
    const a = argA(i);
    const b = argB(i);
    const c = argC(i);
    if (b === 0 || c === 0) throw new Abort('variable argument or result count');
    const s = this.stack;
    const fidx = f.base + a;
    const fn = s[fidx];
    if (this.rtype(f, a) !== TT.FUN) throw new Abort('calling a non-function');
    const nargs = b - 1;
    const d = f.depth;
    if (fn instanceof NativeFunction) {
      const pn = PURE_NATIVES.get(fn.name);
      if (pn === undefined) throw new Abort(`call to ${fn.name}`);
      const args: Opnd[] = [];
      const targs: TT[] = [];
      const vals: LuaValue[] = [];
      for (let j = 1; j <= nargs; j++) {
        args.push(this.reg(f, a + j));
        targs.push(this.rtype(f, a + j));
        vals.push(s[fidx + j]);
      }
      const tr = pn.result(targs);
      if (tr === null) throw new Abort(`argument types of ${fn.name}`);
      const res = fn.fn(this.L, vals);
      const v = Array.isArray(res) ? res[0] : res;
      if (typeOfValue(v) !== tr) throw new Abort(`result type of ${fn.name}`);
      this.emit({ k: 'fnguard', src: vreg(d, a), fn, exit: this.exit(pc) });
      this.emit({
        k: 'native',
        name: fn.name,
        dst: vreg(d, a),
        args,
        targs,
        tr,
        nres: c - 1,
        exit: this.exit(pc),
      });
      this.setType(f, a, tr);
      s[fidx] = v;
      for (let j = 1; j < c - 1; j++) {
        this.setType(f, a + j, TT.NIL);
        s[fidx + j] = undefined;
      }
      return pc + 1;
    }
    const cl = fn as LuaClosure;
    const p = cl.proto;
    if (p.isVararg) throw new Abort('vararg callee');
    if (this.frames.length > MAX_INLINE_DEPTH) throw new Abort('inlining too deep');
    if (this.frames.some((fr) => fr.p === p)) throw new Abort('recursive call');
    this.emit({ k: 'fnguard', src: vreg(d, a), fn, exit: this.exit(pc) });
    if (this.frames.length === 1) {
      this.savedArgs = s.slice(fidx + 1, fidx + 1 + nargs);
      this.callSnap = this.snapshot();
    }
    const nf: Frame = { cl, p, depth: this.frames.length, base: fidx + 1, callPc: pc, retA: a, nres: c - 1 };
    this.L.ensureStack(nf.base + p.maxstack + 1);
    for (let j = 0; j < p.numparams; j++) {
      const dst = vreg(nf.depth, j);
      if (j < nargs) {
        const t = this.rtype(f, a + 1 + j);
        this.emit({ k: 'mov', dst, src: this.reg(f, a + 1 + j), t });
        this.types.set(dst, t);
      } else {
        this.emit({ k: 'mov', dst, src: { k: undefined }, t: TT.NIL });
        this.types.set(dst, TT.NIL);
        s[nf.base + j] = undefined;
      }
    }
    this.frames.push(nf);
    return 0;
  }

  private ret(f: Frame, i: number): number {
    if (f.depth === 0) throw new Abort('return from the loop');
    const b = argB(i);
    if (b === 0) throw new Abort('variable result count');
    const a = argA(i);
    const n = b - 1;
    this.frames.pop();
    const caller = this.frame;
    const s = this.stack;
    const vals: LuaValue[] = [];
    for (let j = 0; j < f.nres; j++) vals.push(j < n ? s[f.base + a + j] : undefined);
    for (let j = 0; j < f.nres; j++) {
      const dst = vreg(caller.depth, f.retA + j);
      if (j < n) {
        const t = this.types.get(vreg(f.depth, a + j));
        if (t === undefined) throw new Abort('returning an unset register');
        this.emit({ k: 'mov', dst, src: { r: vreg(f.depth, a + j) }, t });
        this.setType(caller, f.retA + j, t);
      } else {
        this.emit({ k: 'mov', dst, src: { k: undefined }, t: TT.NIL });
        this.setType(caller, f.retA + j, TT.NIL);
      }
      s[caller.base + f.retA + j] = vals[j];
    }
    // Forget the callee's registers: a later call at the same depth starts afresh.
    for (const v of [...this.types.keys()])
      if (v >= f.depth * 256 && v < (f.depth + 1) * 256) this.types.delete(v);
    if (this.frames.length === 1) this.callSnap = null;
    return f.callPc + 1;
  }

  private tforcall(f: Frame, pc: number, i: number): number {
    if (f.depth !== 0) throw new Abort('generic for in an inlined call');
    const a = argA(i);
    const c = argC(i);
    const s = this.stack;
    const ra = f.base + a;
    const fn = s[ra];
    const t = s[ra + 1];
    if (fn !== this.L.ipairsIter || !(t instanceof LuaTable) || t.metatable !== null)
      throw new Abort('generic for iterator');
    if (this.rtype(f, a) !== TT.FUN || this.rtype(f, a + 1) !== TT.TAB || this.rtype(f, a + 2) !== TT.INT) {
      throw new Abort('generic for state');
    }
    const n = (s[ra + 2] as number) + 1;
    const v = n <= t.arr.length ? t.arr[n - 1] : t.getInt(n);
    if (v === undefined) throw new Abort('iteration ends while recording');
    const tv = typeOfValue(v);
    if (tv === TT.OTHER) throw new Abort('untraceable value type');
    this.emit({ k: 'fnguard', src: a, fn, exit: this.exit(pc) });
    this.emit({ k: 'ipairs', a, t: tv, two: c > 1, exit: this.exit(pc) });
    this.setType(f, a + 3, TT.INT);
    s[ra + 3] = n;
    if (c > 1) {
      this.setType(f, a + 4, tv);
      s[ra + 4] = v;
    }
    return pc + 1;
  }
}
