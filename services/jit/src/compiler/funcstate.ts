// Per-function compilation state: code buffer, constants, registers, scopes, labels and gotos.
import { LuaSyntaxError } from '../errors/index.ts';
import { LFloat, type LuaValue } from '../vm/value.ts';
import type { Shape } from '../vm/shape.ts';
import { encABC, encAsBx, MAX_REGS, MAXSBX, Op, argA } from './opcodes.ts';
import type { LocVar, Proto, UpvalDesc } from './proto.ts';
import { fuseCode, isHead, isLoopTail, isPairHead } from './fuse.ts';
import { floatLoopSites } from './floatloop.ts';

export interface VarInfo {
  name: string;
  reg: number;
  captured: boolean;
  isConst: boolean;
  locvar: number;
}

export interface LabelInfo {
  name: string;
  pc: number;
  nactvar: number;
  line: number;
}

export interface PendingGoto {
  name: string;
  pc: number;
  nactvar: number;
  line: number;
  /** Left a block that declared locals: the jump must close upvalues. */
  needsClose: boolean;
}

export interface BlockScope {
  prev: BlockScope | null;
  nactvar: number;
  isLoop: boolean;
  breaks: { pc: number; nactvar: number }[];
  labels: LabelInfo[];
  gotos: PendingGoto[];
}

export class FuncState {
  code: number[] = [];
  lines: number[] = [];
  k: LuaValue[] = [];
  private kmap = new Map<string, number>();
  protos: Proto[] = [];
  upvals: UpvalDesc[] = [];
  /**
   * Where luac would have put this function's _ENV upvalue, which globals read through L.globals do
   * without (GETGLOBAL): the count of upvalues when the function, or one nested in it, first named a
   * global. -1 while none has. debug.getupvalue numbers upvalues around it, as lua5.4 does.
   */
  envAt = -1;
  /** A `<close>` variable was declared here: the RETURN at the end closes it (CLOSE 0 before it). */
  hasTbc = false;
  actvars: VarInfo[] = [];
  locvars: LocVar[] = [];
  freereg = 0;
  maxstack = 2;
  block: BlockScope | null = null;
  /** pcs of arithmetic whose temporary result only the next instruction reads (compiler/fuse.ts). */
  private heads: number[] = [];

  constructor(
    readonly parent: FuncState | null,
    readonly chunk: string,
    readonly linedefined: number,
  ) {}

  semError(msg: string, line: number): never {
    throw new LuaSyntaxError(`${this.chunk}:${line}: ${msg}`);
  }

  get pc(): number {
    return this.code.length;
  }

  emit(ins: number, line: number): number {
    this.code.push(ins);
    this.lines.push(line);
    return this.code.length - 1;
  }

  emitABC(op: Op, a: number, b: number, c: number, line: number): number {
    return this.emit(encABC(op, a, b, c), line);
  }

  /**
   * Called just before emitting `op` with operands b, c (for SETTABLE: key and value, with the table
   * in `a`): when the previous instruction computed a temporary that only this one reads, the
   * interpreter may run both in one dispatch (compiler/fuse.ts).
   */
  noteFeed(op: Op, b: number, c: number, a = -1): void {
    const prev = this.code.length - 1;
    if (prev < 0) return;
    const ins = this.code[prev]!;
    if (a === argA(ins)) return;
    if (isHead(ins, op, b, c, this.nactvar, this.k)) this.heads.push(prev);
    if (prev > 0 && isPairHead(this.code[prev - 1]!, ins, op, b, c, this.nactvar, this.k))
      this.heads.push(prev - 1);
  }

  /** Called just before emitting a FORLOOP: arithmetic right before it runs the loop step itself. */
  noteLoopTail(): void {
    const prev = this.code.length - 1;
    if (prev >= 0 && isLoopTail(this.code[prev]!)) this.heads.push(prev);
  }

  /** Emits a forward jump to be patched; returns its pc. */
  emitJump(line: number, op: Op = Op.JMP, closeA = 0): number {
    return this.emit(encAsBx(op, closeA, 0), line);
  }

  patch(pc: number, target: number): void {
    const ins = this.code[pc]!;
    const off = target - (pc + 1);
    if (off > MAXSBX || off < -MAXSBX) this.semError('control structure too long', this.lines[pc]!);
    this.code[pc] = encAsBx(ins & 63, argA(ins), off);
  }

  setJumpClose(pc: number, closeFrom: number): void {
    const ins = this.code[pc]!;
    this.code[pc] = (ins & ~(255 << 6)) | ((closeFrom + 1) << 6);
  }

  patchList(list: number[], target: number): void {
    for (const pc of list) this.patch(pc, target);
  }

  constant(v: LuaValue): number {
    let key: string;
    if (typeof v === 'string') key = 's' + v;
    else if (typeof v === 'number')
      key = (Number.isInteger(v) ? 'i' : 'f') + (Object.is(v, -0) ? '-0' : String(v));
    else if (typeof v === 'bigint') key = 'i' + v.toString();
    else if (v instanceof LFloat) key = 'f' + (Object.is(v.n, -0) ? '-0' : String(v.n));
    else key = 'o' + String(v);
    let idx = this.kmap.get(key);
    if (idx === undefined) {
      idx = this.k.length;
      this.k.push(v);
      this.kmap.set(key, idx);
    }
    return idx;
  }

  allocReg(n = 1, line = 0): number {
    const r = this.freereg;
    this.freereg += n;
    if (this.freereg > this.maxstack) {
      if (this.freereg > MAX_REGS) this.semError('function or expression needs too many registers', line);
      this.maxstack = this.freereg;
    }
    return r;
  }

  get nactvar(): number {
    return this.actvars.length;
  }

  /** Declares a local in the next register (which must be freereg's current base). */
  declareLocal(name: string, isConst = false): VarInfo {
    const reg = this.actvars.length;
    const v: VarInfo = { name, reg, captured: false, isConst, locvar: this.locvars.length };
    this.locvars.push({ name, reg, startpc: this.pc, endpc: -1 });
    this.actvars.push(v);
    if (this.freereg < reg + 1) this.allocReg(reg + 1 - this.freereg);
    return v;
  }

  findLocal(name: string): VarInfo | undefined {
    for (let i = this.actvars.length - 1; i >= 0; i--)
      if (this.actvars[i]!.name === name) return this.actvars[i];
    return undefined;
  }

  enterBlock(isLoop: boolean): BlockScope {
    const bl: BlockScope = {
      prev: this.block,
      nactvar: this.nactvar,
      isLoop,
      breaks: [],
      labels: [],
      gotos: [],
    };
    this.block = bl;
    return bl;
  }

  /** True if a local declared since the block began is captured by a closure. */
  blockHasCaptured(bl: BlockScope): boolean {
    for (let i = bl.nactvar; i < this.actvars.length; i++) if (this.actvars[i]!.captured) return true;
    return false;
  }

  /** Ends a block: optionally closes captured locals, drops the locals, moves unresolved gotos out. */
  leaveBlock(bl: BlockScope, line: number, emitClose: boolean): void {
    const hadLocals = this.nactvar > bl.nactvar;
    if (emitClose && this.blockHasCaptured(bl)) this.emitABC(Op.CLOSE, bl.nactvar, 0, 0, line);
    while (this.actvars.length > bl.nactvar) {
      const v = this.actvars.pop()!;
      this.locvars[v.locvar]!.endpc = this.pc;
    }
    this.freereg = this.nactvar;
    this.block = bl.prev;
    if (bl.gotos.length > 0) {
      if (bl.prev === null) {
        const g = bl.gotos[0]!;
        if (g.name === 'break') this.semError(`break outside loop at line ${g.line}`, line);
        this.semError(`no visible label '${g.name}' for <goto> at line ${g.line}`, line);
      }
      for (const g of bl.gotos) {
        if (g.nactvar > bl.nactvar) {
          g.needsClose = g.needsClose || hadLocals;
          g.nactvar = bl.nactvar;
        }
        bl.prev.gotos.push(g);
      }
    }
  }

  findLabel(name: string): LabelInfo | undefined {
    for (let b = this.block; b !== null; b = b.prev) {
      for (const l of b.labels) if (l.name === name) return l;
    }
    return undefined;
  }

  toProto(numparams: number, isVararg: boolean, lastline: number): Proto {
    for (const lv of this.locvars) if (lv.endpc < 0) lv.endpc = this.pc;
    const code = Int32Array.from(this.code);
    const loops = floatLoopSites(code);
    return {
      code,
      icode: fuseCode(code, this.heads, loops),
      floatLoops: loops,
      lines: Int32Array.from(this.lines),
      k: this.k,
      protos: this.protos,
      upvals: this.upvals,
      envAt: this.envAt,
      numparams,
      isVararg,
      maxstack: this.maxstack + 1,
      locvars: this.locvars,
      pure: false,
      promotes: this.locvars.filter((lv) => lv.promote === true),
      source: this.chunk,
      linedefined: this.linedefined,
      lastlinedefined: lastline,
      hotcounts: null,
      closures: 0,
      icShape: new Array<Shape | null>(this.code.length).fill(null),
      icSlot: new Int32Array(this.code.length),
      icNext: new Array<Shape | null>(this.code.length).fill(null),
      icFloat: new Array<Shape | null>(this.code.length).fill(null),
    };
  }
}
