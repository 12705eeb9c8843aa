// AST -> register bytecode. Locals live in registers 0..nactvar-1; temporaries are allocated
// stack-like above them (freereg). Conditions compile to compare-and-jump pairs, never to booleans.
import type { BinOp, Block, CallExpr, Chunk, Expr, FunctionExpr, Stat } from '../parser/index.ts';
import { LFloat, mkFloat, wrapInt, type LuaValue } from '../vm/value.ts';
import { FuncState, type BlockScope } from './funcstate.ts';
import { encABx, encAsBx, Op, RK_CONST } from './opcodes.ts';
import type { Proto } from './proto.ts';
import { knownTruth } from './shortcircuit.ts';

const ARITH: Partial<Record<BinOp, Op>> = {
  '+': Op.ADD,
  '-': Op.SUB,
  '*': Op.MUL,
  '/': Op.DIV,
  '%': Op.MOD,
  '^': Op.POW,
  '//': Op.IDIV,
  '&': Op.BAND,
  '|': Op.BOR,
  '~': Op.BXOR,
  '<<': Op.SHL,
  '>>': Op.SHR,
};

const LFIELDS_PER_FLUSH = 50;

type VarRef =
  | { kind: 'local'; reg: number; isConst: boolean; name: string }
  | { kind: 'upval'; idx: number }
  | { kind: 'global' }
  // a free name while a local _ENV is in scope, or in a chunk that assigns _ENV: a field of it
  | { kind: 'envfield'; env: { kind: 'local'; reg: number } | { kind: 'upval'; idx: number }; name: string };

/** Thrown when a chunk assigns its _ENV upvalue: compiled again, every global then goes through it. */
class EnvAssigned {}

function isMulti(e: Expr): boolean {
  return e.kind === 'Call' || e.kind === 'Vararg';
}

/** Does a `--@promote` hint (parser/hints.ts: names, or none for all) cover the local `name`? */
function promotes(hint: string[] | undefined, name: string): boolean {
  return hint !== undefined && (hint.length === 0 || hint.includes(name));
}

export class Compiler {
  private fs!: FuncState;
  constructor(
    private readonly chunk: string,
    /** Globals are fields of _ENV everywhere, not L.globals (the chunk assigns _ENV, or load gave one). */
    private envIndexed: boolean,
  ) {}

  compileChunk(ast: Chunk): Proto {
    try {
      return this.compileMain(ast);
    } catch (e) {
      if (!(e instanceof EnvAssigned)) throw e;
      this.envIndexed = true;
      return this.compileMain(ast);
    }
  }

  private compileMain(ast: Chunk): Proto {
    this.fs = new FuncState(null, this.chunk, 0);
    // As in lua5.4, the main chunk's one upvalue, which the runtime sets to the globals table.
    this.fs.upvals.push({ name: '_ENV', inStack: false, index: 0, env: true });
    const bl = this.fs.enterBlock(false);
    this.block(ast.body);
    this.fs.leaveBlock(bl, ast.body.endLine, false);
    if (this.fs.hasTbc) this.fs.emitABC(Op.CLOSE, 0, 0, 0, ast.body.endLine);
    this.fs.emitABC(Op.RETURN, 0, 1, 0, ast.body.endLine);
    return this.fs.toProto(0, true, ast.body.endLine);
  }

  private functionProto(f: FunctionExpr): Proto {
    const parent = this.fs;
    const fs = new FuncState(parent, this.chunk, f.line);
    this.fs = fs;
    const bl = fs.enterBlock(false);
    for (const p of f.params) {
      const v = fs.declareLocal(p);
      if (promotes(f.promote, p)) fs.locvars[v.locvar]!.promote = true;
    }
    this.block(f.body);
    fs.leaveBlock(bl, f.endLine, false);
    if (fs.hasTbc) fs.emitABC(Op.CLOSE, 0, 0, 0, f.endLine);
    fs.emitABC(Op.RETURN, 0, 1, 0, f.endLine);
    this.fs = parent;
    const p = fs.toProto(f.params.length, f.isVararg, f.endLine);
    p.pure = f.pure === true;
    return p;
  }

  // ---- name resolution ----

  private resolve(fs: FuncState, name: string): VarRef {
    const v = fs.findLocal(name);
    if (v !== undefined) return { kind: 'local', reg: v.reg, isConst: v.isConst, name };
    const ui = fs.upvals.findIndex((u) => u.name === name);
    if (ui >= 0) return { kind: 'upval', idx: ui };
    if (fs.parent === null) return this.globalRef(fs, name);
    const outer = this.resolve(fs.parent, name);
    // a free name there may still be a field of a local _ENV here
    if (outer.kind === 'global' || outer.kind === 'envfield') return this.globalRef(fs, name);
    if (outer.kind === 'local') {
      fs.parent.actvars[outer.reg]!.captured = true;
      fs.upvals.push({ name, inStack: true, index: outer.reg });
    } else {
      const env = fs.parent.upvals[outer.idx]!.env;
      fs.upvals.push(
        env === true
          ? { name, inStack: false, index: outer.idx, env }
          : { name, inStack: false, index: outer.idx },
      );
    }
    return { kind: 'upval', idx: fs.upvals.length - 1 };
  }

  /**
   * A free name: a global of L.globals while the _ENV in scope is the main chunk's (looked up without
   * capturing it, so functions using globals keep no upvalue for it), else a field of that _ENV.
   */
  private globalRef(fs: FuncState, name: string): VarRef {
    if (!this.envIndexed && this.mainEnvInScope(fs)) {
      // luac captures _ENV here, in this function and each enclosing one still without it
      for (let q: FuncState | null = fs; q.parent !== null && q.envAt < 0; q = q.parent) {
        if (q.upvals.some((u) => u.name === '_ENV')) break;
        q.envAt = q.upvals.length;
      }
      return { kind: 'global' };
    }
    const env = this.resolve(fs, '_ENV');
    if (env.kind !== 'local' && env.kind !== 'upval') throw new Error('_ENV did not resolve');
    return { kind: 'envfield', env: env.kind === 'local' ? { kind: 'local', reg: env.reg } : env, name };
  }

  private mainEnvInScope(fs: FuncState): boolean {
    for (let f: FuncState | null = fs; f !== null; f = f.parent) {
      if (f.findLocal('_ENV') !== undefined) return false;
      const u = f.upvals.find((d) => d.name === '_ENV');
      if (u !== undefined) return u.env === true;
    }
    return true;
  }

  /** R[target] = _ENV.name */
  private getEnvField(v: Extract<VarRef, { kind: 'envfield' }>, target: number, line: number): void {
    const fs = this.fs;
    let t: number;
    if (v.env.kind === 'local') t = v.env.reg;
    else {
      fs.emitABC(Op.GETUPVAL, target, v.env.idx, 0, line);
      t = target;
    }
    const save = fs.freereg;
    const key = this.rkConst(v.name, line);
    fs.emitABC(Op.GETTABLE, target, t, key, line);
    fs.freereg = save;
  }

  /** _ENV.name = R[src] */
  private setEnvField(v: Extract<VarRef, { kind: 'envfield' }>, src: number, line: number): void {
    const fs = this.fs;
    const save = fs.freereg;
    let t: number;
    if (v.env.kind === 'local') t = v.env.reg;
    else {
      t = fs.allocReg(1, line);
      fs.emitABC(Op.GETUPVAL, t, v.env.idx, 0, line);
    }
    const key = this.rkConst(v.name, line);
    fs.emitABC(Op.SETTABLE, t, key, src, line);
    fs.freereg = save;
  }

  /** An assignment to the main chunk's _ENV: globals must go through it (EnvAssigned). */
  private noteEnvStore(v: VarRef): void {
    if (v.kind === 'upval' && this.fs.upvals[v.idx]!.env === true && !this.envIndexed)
      throw new EnvAssigned();
  }

  // ---- statements ----

  private block(b: Block): void {
    const stats = b.stats;
    for (let i = 0; i < stats.length; i++) {
      const s = stats[i]!;
      if (s.kind === 'Label') {
        // A label followed only by void statements up to the block's end is outside locals' scope.
        let last = true;
        for (let j = i + 1; j < stats.length; j++) {
          const k = stats[j]!.kind;
          if (k !== 'Label') last = false;
        }
        this.label(s.name, s.line, last);
      } else {
        this.stat(s);
      }
      this.fs.freereg = this.fs.nactvar;
    }
  }

  private scopedBlock(b: Block, isLoop = false): BlockScope {
    const bl = this.fs.enterBlock(isLoop);
    this.block(b);
    this.fs.leaveBlock(bl, b.endLine, true);
    return bl;
  }

  private stat(s: Stat): void {
    const fs = this.fs;
    switch (s.kind) {
      case 'Local':
        return this.localStat(s.names, s.exprs, s.line, s.promote);
      case 'Assign':
        return this.assign(s.targets, s.exprs, s.line);
      case 'CallStat':
        this.call(s.call, 0);
        return;
      case 'Do':
        this.scopedBlock(s.body);
        return;
      case 'If':
        return this.ifStat(s);
      case 'While': {
        const start = fs.pc;
        const f = this.jumpIf(s.cond, false);
        const bl = this.scopedBlock(s.body, true);
        fs.emit(encAsBx(Op.JMPBACK, 0, start - (fs.pc + 1)), s.body.endLine);
        fs.patchList(f, fs.pc);
        this.patchBreaks(bl);
        return;
      }
      case 'Repeat': {
        const start = fs.pc;
        const bl = fs.enterBlock(true);
        this.block(s.body);
        const captured = fs.blockHasCaptured(bl);
        const exits = this.jumpIf(s.cond, true);
        fs.emit(encAsBx(Op.JMPBACK, captured ? bl.nactvar + 1 : 0, start - (fs.pc + 1)), s.line);
        fs.patchList(exits, fs.pc);
        if (captured) fs.emitABC(Op.CLOSE, bl.nactvar, 0, 0, s.line);
        fs.leaveBlock(bl, s.body.endLine, false);
        this.patchBreaks(bl);
        return;
      }
      case 'NumFor':
        return this.numFor(s);
      case 'GenFor':
        return this.genFor(s);
      case 'LocalFunction': {
        const v = fs.declareLocal(s.name);
        this.closure(s.func, v.reg);
        return;
      }
      case 'Return':
        return this.returnStat(s.exprs, s.line);
      case 'Break': {
        let b = fs.block;
        while (b !== null && !b.isLoop) b = b.prev;
        if (b === null) {
          // Like lua5.4 (break is a goto): reported when the enclosing function ends.
          fs.block!.gotos.push({
            name: 'break',
            pc: fs.emitJump(s.line),
            nactvar: fs.nactvar,
            line: s.line,
            needsClose: false,
          });
          return;
        }
        const pc = fs.emitJump(s.line);
        if (fs.nactvar > b.nactvar) fs.setJumpClose(pc, b.nactvar);
        b.breaks.push({ pc, nactvar: fs.nactvar });
        return;
      }
      case 'Goto':
        return this.gotoStat(s.label, s.line);
      case 'Label':
        return this.label(s.name, s.line, false);
    }
  }

  private patchBreaks(bl: BlockScope): void {
    for (const b of bl.breaks) this.fs.patch(b.pc, this.fs.pc);
  }

  private label(name: string, line: number, atBlockEnd: boolean): void {
    const fs = this.fs;
    const bl = fs.block!;
    const existing = fs.findLabel(name);
    if (existing !== undefined) fs.semError(`label '${name}' already defined on line ${existing.line}`, line);
    const lab = { name, pc: fs.pc, nactvar: atBlockEnd ? bl.nactvar : fs.nactvar, line };
    bl.labels.push(lab);
    bl.gotos = bl.gotos.filter((g) => {
      if (g.name !== name) return true;
      if (g.nactvar < lab.nactvar) {
        const v = fs.actvars[g.nactvar]!;
        fs.semError(`<goto ${name}> at line ${g.line} jumps into the scope of local '${v.name}'`, line);
      }
      fs.patch(g.pc, lab.pc);
      if (g.needsClose || g.nactvar > lab.nactvar) fs.setJumpClose(g.pc, lab.nactvar);
      return false;
    });
  }

  private gotoStat(name: string, line: number): void {
    const fs = this.fs;
    const lab = fs.findLabel(name);
    if (lab !== undefined) {
      // Backward jump: a loop as far as a JIT is concerned.
      const close = fs.nactvar > lab.nactvar ? lab.nactvar + 1 : 0;
      fs.emit(encAsBx(Op.JMPBACK, close, lab.pc - (fs.pc + 1)), line);
      return;
    }
    const pc = fs.emitJump(line);
    fs.block!.gotos.push({ name, pc, nactvar: fs.nactvar, line, needsClose: false });
  }

  private ifStat(s: Extract<Stat, { kind: 'If' }>): void {
    const fs = this.fs;
    const exits: number[] = [];
    for (let i = 0; i < s.clauses.length; i++) {
      const c = s.clauses[i]!;
      const f = this.jumpIf(c.cond, false);
      this.scopedBlock(c.body);
      const last = i === s.clauses.length - 1 && s.orelse === undefined;
      if (!last) exits.push(fs.emitJump(c.body.endLine));
      fs.patchList(f, fs.pc);
    }
    if (s.orelse !== undefined) this.scopedBlock(s.orelse);
    fs.patchList(exits, fs.pc);
  }

  private numFor(s: Extract<Stat, { kind: 'NumFor' }>): void {
    const fs = this.fs;
    const outer = fs.enterBlock(true);
    const base = fs.freereg;
    this.expToNextReg(s.start);
    this.expToNextReg(s.limit);
    if (s.step !== undefined) this.expToNextReg(s.step);
    else fs.emit(encABx(Op.LOADK, fs.allocReg(), fs.constant(1)), s.line);
    for (let i = 0; i < 3; i++) fs.declareLocal('(for state)');
    const prep = fs.emit(encAsBx(Op.FORPREP, base, 0), s.line);
    const body = fs.enterBlock(false);
    fs.declareLocal(s.name);
    this.block(s.body);
    fs.leaveBlock(body, s.body.endLine, true);
    fs.patch(prep, fs.pc);
    fs.noteLoopTail();
    fs.emit(encAsBx(Op.FORLOOP, base, prep + 1 - (fs.pc + 1)), s.line);
    fs.leaveBlock(outer, s.body.endLine, false);
    this.patchBreaks(outer);
  }

  private genFor(s: Extract<Stat, { kind: 'GenFor' }>): void {
    const fs = this.fs;
    const outer = fs.enterBlock(true);
    // lua5.4's four control values (function, state, control, closing value) as lua5.4 declares them,
    // but the closing value in the register below the other three: TFORCALL calls from base+3, which
    // the results then fill (lua5.4's layout keeps it at base+3 and calls from base+4)
    const closing = fs.freereg;
    fs.allocReg(1, s.line);
    const base = fs.freereg;
    this.explist(s.exprs, 4, s.line);
    const n = s.exprs.length;
    const mayClose = n >= 4 || (n > 0 && isMulti(s.exprs[n - 1]!));
    if (mayClose) fs.emitABC(Op.MOVE, closing, base + 3, 0, s.line);
    fs.freereg = closing;
    const vars = [0, 1, 2, 3].map(() => fs.declareLocal('(for state)'));
    // declared in registers closing..base+2: the names go with the values lua5.4 has in them
    for (let i = 0; i < 4; i++) fs.locvars[vars[i]!.locvar]!.reg = i < 3 ? base + i : closing;
    if (mayClose) {
      // Closed where captured locals are (block end, jumps out, returns), as `local x <close>`: the
      // register's variable is vars[0], whose name went to the closing value's locvar, vars[3]'s
      vars[0]!.captured = true;
      fs.locvars[vars[3]!.locvar]!.tbc = true;
      fs.emitABC(Op.CLOSE, closing, 1, 0, s.line);
    }
    // TFORCALL copies the iterator triple to base+3..base+5 before calling it.
    if (fs.maxstack < base + 6) fs.maxstack = base + 6;
    const toCall = fs.emitJump(s.line);
    const bodyStart = fs.pc;
    const body = fs.enterBlock(false);
    for (const n of s.names) fs.declareLocal(n);
    this.block(s.body);
    fs.leaveBlock(body, s.body.endLine, true);
    fs.patch(toCall, fs.pc);
    fs.emitABC(Op.TFORCALL, base, 0, s.names.length, s.line);
    fs.emit(encAsBx(Op.TFORLOOP, base + 2, bodyStart - (fs.pc + 1)), s.line);
    fs.leaveBlock(outer, s.body.endLine, mayClose);
    this.patchBreaks(outer);
  }

  private localStat(
    names: { name: string; attrib: string | undefined }[],
    exprs: Expr[],
    line: number,
    promote?: string[],
  ): void {
    const fs = this.fs;
    if (names.filter((n) => n.attrib === 'close').length > 1)
      fs.semError('multiple to-be-closed variables in local list', line);
    // Single local initialised by a simple expression: compute straight into its register.
    this.explist(exprs, names.length, line);
    for (const n of names) {
      const v = fs.declareLocal(n.name, n.attrib === 'const' || n.attrib === 'close');
      if (promotes(promote, n.name)) fs.locvars[v.locvar]!.promote = true;
      if (n.attrib === 'close') {
        // Closed where captured locals are: block ends, jumps out, returns (CLOSE A 1 marks it).
        v.captured = true;
        fs.locvars[v.locvar]!.tbc = true;
        fs.hasTbc = true;
        fs.emitABC(Op.CLOSE, v.reg, 1, 0, line);
      }
    }
  }

  /**
   * A return in the scope of `<close>` variables closes them first (lua5.4's RETURN k), once its
   * values are in registers, so RETURN itself never has to look for them.
   */
  private closeForReturn(line: number): void {
    if (this.tbcInScope()) this.fs.emitABC(Op.CLOSE, 0, 0, 0, line);
  }

  /** A `<close>` variable is in scope: a return must close it, so `return f()` is no tail call. */
  private tbcInScope(): boolean {
    const fs = this.fs;
    for (let r = 0; r < fs.nactvar; r++) if (fs.locvars[fs.actvars[r]!.locvar]!.tbc === true) return true;
    return false;
  }

  /** Evaluates exprs into consecutive registers from freereg, adjusted to `want` values. */
  private explist(exprs: Expr[], want: number, line: number): void {
    const fs = this.fs;
    const base = fs.freereg;
    const n = exprs.length;
    for (let i = 0; i < n; i++) {
      const e = exprs[i]!;
      if (i === n - 1 && isMulti(e)) {
        const need = want - (n - 1);
        if (need > 0) {
          this.multi(e, need);
        } else {
          this.multi(e, 0);
        }
      } else {
        this.expToNextReg(e);
      }
    }
    const have = n > 0 && isMulti(exprs[n - 1]!) ? Math.max(want, n - 1) : n;
    if (have < want) {
      const r = fs.allocReg(want - have, line);
      fs.emitABC(Op.LOADNIL, r, want - have - 1, 0, line);
    }
    fs.freereg = base + want;
    if (fs.freereg > fs.maxstack) fs.maxstack = fs.freereg;
  }

  private assign(targets: Expr[], exprs: Expr[], line: number): void {
    const fs = this.fs;
    if (targets.length === 1 && exprs.length === 1) {
      const t = targets[0]!;
      const e = exprs[0]!;
      if (t.kind === 'Name') {
        const v = this.resolve(fs, t.name);
        if (v.kind === 'local') {
          if (v.isConst) fs.semError(`attempt to assign to const variable '${v.name}'`, line);
          this.expToReg(e, v.reg);
          return;
        }
        this.noteEnvStore(v);
        const r = this.expToAnyReg(e);
        if (v.kind === 'upval') fs.emitABC(Op.SETUPVAL, r, v.idx, 0, line);
        else if (v.kind === 'envfield') this.setEnvField(v, r, line);
        else fs.emit(encABx(Op.SETGLOBAL, r, fs.constant(t.name)), line);
        return;
      }
      if (t.kind === 'Index') {
        const obj = this.expToAnyReg(t.obj);
        const key = this.expToRK(t.key);
        const val = this.expToRK(e);
        fs.noteFeed(Op.SETTABLE, key, val, obj);
        fs.emitABC(Op.SETTABLE, obj, key, val, t.line);
        return;
      }
    }
    // General case: evaluate table/key operands, then all values, then store right to left.
    const assignedLocals = new Set<string>();
    for (const t of targets) {
      if (t.kind === 'Name') {
        const v = this.resolve(fs, t.name);
        if (v.kind === 'local') {
          if (v.isConst) fs.semError(`attempt to assign to const variable '${v.name}'`, line);
          assignedLocals.add(t.name);
        }
        this.noteEnvStore(v);
      }
    }
    const conflicts = (e: Expr): boolean => e.kind === 'Name' && assignedLocals.has(e.name);
    const slots: { obj: number; key: number }[] = [];
    for (const t of targets) {
      if (t.kind === 'Index') {
        const obj = conflicts(t.obj) ? this.expToNextReg(t.obj) : this.expToAnyReg(t.obj);
        const key = conflicts(t.key) ? this.expToNextReg(t.key) : this.expToRK(t.key);
        slots.push({ obj, key });
      } else {
        slots.push({ obj: -1, key: -1 });
      }
    }
    const base = fs.freereg;
    this.explist(exprs, targets.length, line);
    for (let i = targets.length - 1; i >= 0; i--) {
      const t = targets[i]!;
      const src = base + i;
      if (t.kind === 'Name') {
        const v = this.resolve(fs, t.name);
        if (v.kind === 'local') {
          if (v.reg !== src) fs.emitABC(Op.MOVE, v.reg, src, 0, line);
        } else if (v.kind === 'upval') fs.emitABC(Op.SETUPVAL, src, v.idx, 0, line);
        else if (v.kind === 'envfield') this.setEnvField(v, src, line);
        else fs.emit(encABx(Op.SETGLOBAL, src, fs.constant(t.name)), line);
      } else {
        const s = slots[i]!;
        fs.emitABC(Op.SETTABLE, s.obj, s.key, src, t.line);
      }
    }
  }

  private returnStat(exprs: Expr[], line: number): void {
    const fs = this.fs;
    if (exprs.length === 1) {
      const e = exprs[0]!;
      if (e.kind === 'Call') {
        const base = this.call(e, -1, !this.tbcInScope());
        this.closeForReturn(line);
        fs.emitABC(Op.RETURN, base, 0, 0, line);
        return;
      }
      if (e.kind !== 'Vararg') {
        const r = this.expToAnyReg(e);
        this.closeForReturn(line);
        fs.emitABC(Op.RETURN, r, 2, 0, line);
        return;
      }
    }
    const base = fs.freereg;
    const n = exprs.length;
    if (n > 0 && isMulti(exprs[n - 1]!)) {
      for (let i = 0; i < n - 1; i++) this.expToNextReg(exprs[i]!);
      this.multi(exprs[n - 1]!, -1);
      this.closeForReturn(line);
      fs.emitABC(Op.RETURN, base, 0, 0, line);
    } else {
      for (const e of exprs) this.expToNextReg(e);
      this.closeForReturn(line);
      fs.emitABC(Op.RETURN, base, n + 1, 0, line);
    }
  }

  // ---- expressions ----

  /** Emits a call with results at the returned base register; want = -1 leaves them "to top". */
  private call(e: CallExpr, want: number, tail = false): number {
    const fs = this.fs;
    let base: number;
    let nargsFixed: number;
    if (e.method !== undefined) {
      const fr = fs.freereg;
      const obj = this.expToAnyReg(e.fn);
      fs.freereg = fr;
      base = fs.allocReg(2, e.line);
      fs.emitABC(Op.SELF, base, obj, this.rkConst(e.method, e.line), e.line);
      nargsFixed = 1;
    } else {
      base = this.expToNextReg(e.fn);
      nargsFixed = 0;
    }
    const args = e.args;
    let b: number;
    if (args.length > 0 && isMulti(args[args.length - 1]!)) {
      for (let i = 0; i < args.length - 1; i++) this.expToNextReg(args[i]!);
      this.multi(args[args.length - 1]!, -1);
      b = 0;
    } else {
      for (const a of args) this.expToNextReg(a);
      b = args.length + nargsFixed + 1;
    }
    fs.emitABC(tail ? Op.TAILCALL : Op.CALL, base, b, want + 1, e.line);
    fs.freereg = base + Math.max(want, 0);
    if (fs.freereg > fs.maxstack) fs.maxstack = fs.freereg;
    return base;
  }

  /** A multi-value expression (call or ...) into registers from freereg: want values, or all (-1). */
  private multi(e: Expr, want: number): void {
    const fs = this.fs;
    if (e.kind === 'Call') {
      this.call(e, want);
    } else {
      const r = fs.freereg;
      fs.emitABC(Op.VARARG, r, want + 1, 0, e.line);
      fs.freereg = r + Math.max(want, 0);
      if (fs.freereg > fs.maxstack) fs.maxstack = fs.freereg;
    }
  }

  private rkConst(v: LuaValue, line: number): number {
    const fs = this.fs;
    const idx = fs.constant(v);
    if (idx < 256) return idx + RK_CONST;
    const r = fs.allocReg(1, line);
    fs.emit(encABx(Op.LOADK, r, idx), line);
    return r;
  }

  private constValue(e: Expr): { v: LuaValue } | undefined {
    switch (e.kind) {
      case 'Number':
        return { v: e.value };
      case 'String':
        return { v: e.value };
      case 'Unop':
        if (e.op === '-' && e.operand.kind === 'Number') return { v: negate(e.operand.value) };
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * An `and`/`or` whose left side decides it at compile time, as lcode.c folds it: `k and x` and
   * `nil or x` are x; in `(c and nil) or x` and `(c or k) and x`, c runs for its effects (its jumps
   * land here) and the value is x. Returns the expression the value comes from; code for what was
   * folded is emitted once, since the result is never the node that was folded.
   */
  private settle(e: Expr): Expr {
    for (;;) {
      if (e.kind === 'Paren' && e.expr.kind === 'Binop') e = e.expr;
      if (e.kind !== 'Binop' || (e.op !== 'and' && e.op !== 'or')) return e;
      const decides = e.op === 'and';
      const l = e.left.kind === 'Paren' ? e.left.expr : e.left;
      if (knownTruth(l) === decides) {
        e = e.right;
        continue;
      }
      // `(c and nil) or x`: the left side is false whatever c is; `(c or 1) and x`: true
      if (l.kind === 'Binop' && l.op === (decides ? 'or' : 'and') && knownTruth(l.right) === decides) {
        const fs = this.fs;
        fs.patchList(this.jumpIf(l.left, decides), fs.pc);
        e = e.right;
        continue;
      }
      return e;
    }
  }

  expToRK(e: Expr): number {
    e = this.settle(e);
    const c = this.constValue(e);
    if (c !== undefined) {
      const idx = this.fs.constant(c.v);
      if (idx < 256) return idx + RK_CONST;
    }
    return this.expToAnyReg(e);
  }

  expToAnyReg(e: Expr): number {
    e = this.settle(e);
    if (e.kind === 'Name') {
      const v = this.fs.findLocal(e.name);
      if (v !== undefined) return v.reg;
    }
    return this.expToNextReg(e);
  }

  expToNextReg(e: Expr): number {
    const r = this.fs.allocReg(1, e.line);
    this.expToReg(e, r);
    this.fs.freereg = r + 1;
    return r;
  }

  /** Puts the (first) value of e in register `target`. */
  expToReg(e: Expr, target: number): void {
    const fs = this.fs;
    const fr = fs.freereg;
    e = this.settle(e);
    // Expressions that write the target before reading all operands go through a temporary
    // when the target is a live local (e.g. `x = x and y`, `t = {t}`).
    const writesEarly = (e.kind === 'Binop' && (e.op === 'and' || e.op === 'or')) || e.kind === 'Table';
    if (writesEarly && target < fs.nactvar) {
      const tmp = this.expToNextReg(e);
      fs.emitABC(Op.MOVE, target, tmp, 0, e.line);
      fs.freereg = fr;
      return;
    }
    switch (e.kind) {
      case 'Nil':
        fs.emitABC(Op.LOADNIL, target, 0, 0, e.line);
        break;
      case 'True':
      case 'False':
        fs.emitABC(Op.LOADBOOL, target, e.kind === 'True' ? 1 : 0, 0, e.line);
        break;
      case 'Number':
      case 'String':
        fs.emit(encABx(Op.LOADK, target, fs.constant(e.value)), e.line);
        break;
      case 'Vararg':
        fs.emitABC(Op.VARARG, target, 2, 0, e.line);
        break;
      case 'Function':
        this.closure(e, target);
        break;
      case 'Paren':
        this.expToReg(e.expr, target);
        break;
      case 'Name': {
        const v = this.resolve(fs, e.name);
        if (v.kind === 'local') {
          if (v.reg !== target) fs.emitABC(Op.MOVE, target, v.reg, 0, e.line);
        } else if (v.kind === 'upval') fs.emitABC(Op.GETUPVAL, target, v.idx, 0, e.line);
        else if (v.kind === 'envfield') this.getEnvField(v, target, e.line);
        else fs.emit(encABx(Op.GETGLOBAL, target, fs.constant(e.name)), e.line);
        break;
      }
      case 'Index': {
        const obj = this.expToAnyReg(e.obj);
        const key = this.expToRK(e.key);
        fs.emitABC(Op.GETTABLE, target, obj, key, e.line);
        break;
      }
      case 'Call': {
        // A target on top of the registers that holds no local: the call itself goes there, so its
        // result needs no MOVE (`return f(n - 1) + f(n - 2)`, `local x = f()`, as luac does).
        if (target === fs.freereg - 1 && target >= fs.nactvar) fs.freereg = target;
        const base = this.call(e, 1);
        if (base !== target) fs.emitABC(Op.MOVE, target, base, 0, e.line);
        break;
      }
      case 'Table':
        this.table(e, target);
        break;
      case 'Unop':
        this.unop(e, target);
        break;
      case 'Binop':
        this.binop(e, target);
        break;
    }
    fs.freereg = fr;
  }

  private closure(f: FunctionExpr, target: number): void {
    const fs = this.fs;
    const p = this.functionProto(f);
    fs.protos.push(p);
    fs.emit(encABx(Op.CLOSURE, target, fs.protos.length - 1), f.line);
  }

  private table(e: Extract<Expr, { kind: 'Table' }>, target: number): void {
    const fs = this.fs;
    // Positional values are collected in registers above the table, which must be the top register.
    if (target + 1 !== fs.freereg) {
      const tmp = this.expToNextReg(e);
      fs.emitABC(Op.MOVE, target, tmp, 0, e.line);
      return;
    }
    let npos = 0;
    for (const it of e.items) if (it.kind === 'Pos') npos++;
    fs.emitABC(Op.NEWTABLE, target, Math.min(npos, 511), Math.min(e.items.length - npos, 511), e.line);
    let pending = 0;
    let stored = 0;
    const flush = (toTop: boolean): void => {
      fs.emitABC(Op.SETLIST, target, toTop ? 0 : pending, 0, e.endLine);
      fs.emit(stored + 1, e.endLine);
      stored += pending;
      pending = 0;
      fs.freereg = target + 1;
    };
    for (let i = 0; i < e.items.length; i++) {
      const it = e.items[i]!;
      if (it.kind === 'Keyed') {
        const fr = fs.freereg;
        const k = this.expToRK(it.key);
        const v = this.expToRK(it.value);
        fs.emitABC(Op.SETTABLE, target, k, v, e.line);
        fs.freereg = fr;
      } else if (i === e.items.length - 1 && isMulti(it.value)) {
        this.multi(it.value, -1);
        flush(true);
      } else {
        this.expToNextReg(it.value);
        pending++;
        if (pending === LFIELDS_PER_FLUSH) flush(false);
      }
    }
    if (pending > 0) flush(false);
  }

  private unop(e: Extract<Expr, { kind: 'Unop' }>, target: number): void {
    const fs = this.fs;
    if (e.op === '-' && e.operand.kind === 'Number') {
      fs.emit(encABx(Op.LOADK, target, fs.constant(negate(e.operand.value))), e.line);
      return;
    }
    const r = this.expToAnyReg(e.operand);
    const op = e.op === '-' ? Op.UNM : e.op === 'not' ? Op.NOT : e.op === '#' ? Op.LEN : Op.BNOT;
    fs.emitABC(op, target, r, 0, e.line);
  }

  private binop(e: Extract<Expr, { kind: 'Binop' }>, target: number): void {
    const fs = this.fs;
    const arith = ARITH[e.op];
    if (arith !== undefined) {
      const b = this.expToRK(e.left);
      const c = this.expToRK(e.right);
      fs.noteFeed(arith, b, c);
      fs.emitABC(arith, target, b, c, e.line);
      return;
    }
    switch (e.op) {
      case '..': {
        const base = fs.freereg;
        let n = 0;
        let cur: Expr = e;
        while (cur.kind === 'Binop' && cur.op === '..') {
          this.expToNextReg(cur.left);
          n++;
          cur = cur.right;
        }
        this.expToNextReg(cur);
        n++;
        fs.emitABC(Op.CONCAT, target, base, base + n - 1, e.line);
        return;
      }
      case 'and':
      case 'or': {
        this.expToReg(e.left, target);
        fs.emitABC(Op.TEST, target, 0, e.op === 'and' ? 0 : 1, e.line);
        const j = fs.emitJump(e.line);
        this.expToReg(e.right, target);
        fs.patch(j, fs.pc);
        return;
      }
      default: {
        // Comparison as a value.
        const f = this.jumpIf(e, false);
        fs.emitABC(Op.LOADBOOL, target, 1, 1, e.line);
        fs.patchList(f, fs.pc);
        fs.emitABC(Op.LOADBOOL, target, 0, 0, e.line);
      }
    }
  }

  /** Emits code that jumps (returned list) when truthy(e) === when and falls through otherwise. */
  jumpIf(e: Expr, when: boolean): number[] {
    const fs = this.fs;
    switch (e.kind) {
      case 'True':
      case 'String':
      case 'Number':
        return when ? [fs.emitJump(e.line)] : [];
      case 'Nil':
      case 'False':
        return when ? [] : [fs.emitJump(e.line)];
      case 'Paren':
        return this.jumpIf(e.expr, when);
      case 'Unop':
        if (e.op === 'not') return this.jumpIf(e.operand, !when);
        break;
      case 'Binop': {
        const op = e.op;
        if (op === 'and' || op === 'or') {
          // `and` jumps-when-false on either side; `or` jumps-when-true on either side.
          const short = op === 'and' ? false : true;
          if (when === short) return [...this.jumpIf(e.left, when), ...this.jumpIf(e.right, when)];
          const skip = this.jumpIf(e.left, short);
          const res = this.jumpIf(e.right, when);
          fs.patchList(skip, fs.pc);
          return res;
        }
        if (op === '==' || op === '~=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
          const fr = fs.freereg;
          let b = this.expToRK(e.left);
          let c = this.expToRK(e.right);
          fs.freereg = fr;
          let cmp: Op;
          let flag = when;
          if (op === '==' || op === '~=') {
            cmp = Op.EQ;
            if (op === '~=') flag = !when;
          } else {
            cmp = op === '<' || op === '>' ? Op.LT : Op.LE;
            if (op === '>' || op === '>=') [b, c] = [c, b];
          }
          fs.noteFeed(cmp, b, c);
          fs.emitABC(cmp, flag ? 1 : 0, b, c, e.line);
          return [fs.emitJump(e.line)];
        }
        break;
      }
      default:
        break;
    }
    const fr = fs.freereg;
    const r = this.expToAnyReg(e);
    fs.freereg = fr;
    fs.emitABC(Op.TEST, r, 0, when ? 1 : 0, e.line);
    return [fs.emitJump(e.line)];
  }
}

function negate(v: number | bigint | LFloat): number | bigint | LFloat {
  if (typeof v === 'number') return Number.isInteger(v) ? 0 - v : -v;
  if (typeof v === 'bigint') return wrapInt(-v);
  return mkFloat(-v.n);
}

/** envIndexed: every free name is a field of the chunk's _ENV upvalue (load with an env). */
/** `chunkname` as messages show it (luaO_chunkid); `given`, as it was given (Proto.chunk). */
export function compile(ast: Chunk, chunkname: string, envIndexed = false, given?: string): Proto {
  const p = new Compiler(chunkname, envIndexed).compileChunk(ast);
  if (given !== undefined) nameChunk(p, given);
  return p;
}

function nameChunk(p: Proto, given: string): void {
  p.chunk = given;
  for (const q of p.protos) nameChunk(q, given);
}
