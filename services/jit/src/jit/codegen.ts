// Code generation: a trace tree becomes one JS function. Lua registers live in JS locals (`r<vreg>`)
// typed by the trace, floats unboxed, so V8 keeps them in machine registers; the loop is a JS loop;
// each guard either leaves through its exit (write the registers back, return the exit's number) or,
// once the exit got hot and has a side path, runs that path inline and continues the loop.
import type { LuaValue } from '../vm/value.ts';
import { LFloat, LuaClosure, NativeFunction } from '../vm/value.ts';
import { Shape } from '../vm/shape.ts';
import { MAX_CCALLS } from '../vm/state.ts';
import {
  PEELED,
  TO_ROOT,
  vreg,
  type Exit,
  type InlinedFrame,
  type Node,
  type Opnd,
  type Path,
  type Tree,
} from './ir.ts';
import { calleeLoopCode } from './calleeloops.ts';
import { loopCallCode } from './loopcalls.ts';
import { FieldGen, forgetWrites } from './fieldgen.ts';
import { nextCode } from './iterators.ts';
import { nativeCode, PURE_NATIVES } from './natives.ts';
import { analyse, hoistedRead, type TreeFacts } from './optimize.ts';
import { liveAt, registersRead } from './liveness.ts';
import { keptName, looseFloatLoads, type LooseLoads } from './looseloads.ts';
import { loopEndPc } from './loops.ts';
import { RegNames } from './codegen/names.ts';
import { entering, unsafeInt } from './codegen/numeric.ts';
import { ExitStore, exitStore, leave, MAX_LEAVE_REGS, noteTreeSize } from './codegen/exits.ts';
import { eagerFeedback } from './codegen/feedback.ts';
import { counterLoad, endFits, fitsInt32, narrowLoops, type NarrowLoops } from './codegen/forwidth.ts';
import { boxExpr, checkExpr, LOOSE_FLOAT_CHECK, TT, typeOfValue, unboxExpr } from './types.ts';

const MAXS = '9007199254740991';
/** Nested calls between function traces (JS recursion); deeper calls leave for the interpreter. */
export const MAX_CALL_DEPTH = 200;

export interface Generated {
  source: string;
  exits: Exit[];
  /** For loops count in int32 (codegen/forwidth.ts). */
  narrowFor: boolean;
}

export const R = (v: number): string => `r${v}`;

/**
 * Constants that traces only compare by identity (shape guards, function guards) become consts of
 * the factory: V8 specialises a trace to its context and embeds them, where `K[j]` is a load of the
 * array, a check of its map and length, and a load of the element at every guard (n-body: -5% of
 * the instructions of a step). Not other constants: V8 would fold the fields traces read of them
 * (a loop state's `fn`) and deoptimise when they change, and would inline the exit helpers at
 * every exit (fannkuch-redux's big tree: +8% instructions).
 */
function identityOnly(v: unknown): boolean {
  return v instanceof Shape || v instanceof LuaClosure || v instanceof NativeFunction;
}

export class Gen {
  readonly exits: Exit[] = [];
  readonly vregs = new Set<number>();
  readonly hoisted = new Map<string, string>();
  readonly prologue: string[] = [];
  /** Indexes in the tree's consts that the trace names as `K_<j>` (konst). */
  private readonly bound = new Set<number>();
  readonly facts: TreeFacts;
  readonly fields: FieldGen;
  /** Float loads that may accept any number, and the exits that store their values (looseloads.ts). */
  readonly loose: LooseLoads;
  /** Registers holding a value read once at the trace's entry (hoist), by the name it has there. */
  private held = new Map<number, string>();
  /** The JS locals of the registers (one per representation class in loop trees). */
  readonly names: RegNames;
  /** Types of the registers the node being generated writes, for code that asks dst() without one. */
  private dstTypes = new Map<number, TT>();
  /** For loops counting in int32; null: all count in doubles. */
  readonly narrow: NarrowLoops | null;
  /** Registers live at a loop tree's header (all for a function trace): the ones its entry loads. */
  readonly liveAtEntry: (r: number) => boolean;

  constructor(readonly tree: Tree) {
    eagerFeedback();
    this.facts = analyse(tree);
    this.fields = new FieldGen(tree);
    this.loose = looseFloatLoads(tree, this.facts);
    this.names = new RegNames(tree.kind === 'loop');
    const live = tree.kind === 'loop' ? liveAt(tree.proto, tree.header) : () => true;
    this.liveAtEntry = live;
    this.narrow = narrowLoops(tree, (r) => tree.entry.get(r) === TT.INT && live(r));
  }

  /** Leaves at e after marking the loop's for loops wide (their counters outgrew int32). */
  private wideExit(e: Exit): string {
    return `{ ${this.konst(this.tree.forWidth)}.wide = true; ${this.exitCode(e)} }`;
  }

  /** The local holding register v as a value of type t. */
  reg(v: number, t: TT | null): string {
    this.vregs.add(v);
    return this.names.ref(v, t);
  }

  /** Runs code generation that names its destinations without types (fieldgen, iterators). */
  private withDstTypes(types: [number, TT][], gen: () => string): string {
    const saved = this.dstTypes;
    this.dstTypes = new Map(types);
    try {
      return gen();
    } finally {
      this.dstTypes = saved;
    }
  }

  konst(v: unknown): string {
    const ks = this.tree.consts;
    let j = ks.indexOf(v);
    if (j < 0) {
      j = ks.length;
      ks.push(v);
    }
    if (!identityOnly(v)) return `K[${j}]`;
    this.bound.add(j);
    return `K_${j}`;
  }

  /** The factory's constants for konst's `K_<j>` names (a line before the trace function). */
  boundConsts(): string {
    return this.bound.size === 0 ? '' : `const ${[...this.bound].map((j) => `K_${j} = K[${j}]`).join(', ')};`;
  }

  lit(v: LuaValue, t: TT): string {
    switch (t) {
      case TT.NIL:
        return 'undefined';
      case TT.BOOL:
        return String(v);
      case TT.STR:
        return JSON.stringify(v);
      case TT.INT:
      case TT.FLT: {
        const n = v instanceof LFloat ? v.n : (v as number);
        if (Number.isFinite(n) && !Object.is(n, -0)) return `(${String(n)})`;
        return t === TT.FLT ? `${this.konst(v)}.n` : this.konst(v);
      }
      default:
        return this.konst(v);
    }
  }

  op(o: Opnd, t: TT): string {
    if ('r' in o) return this.reg(o.r, t);
    // Non-finite or -0 float constants are stored boxed in K; lit() unboxes them.
    if (t === TT.FLT && typeof o.k === 'number' && !(Number.isFinite(o.k) && !Object.is(o.k, -0))) {
      return this.konst(o.k);
    }
    return this.lit(o.k, t);
  }

  dst(v: number, t?: TT): string {
    return this.reg(v, t ?? this.dstTypes.get(v) ?? null);
  }

  exitCode(e: Exit): string {
    if (e.side !== null) return `{\n${this.path(e.side)}\n}`;
    e.id = this.exits.length;
    this.exits.push(e);
    if (this.tree.kind === 'loop') {
      const call = this.leaveCall(e);
      if (call !== null) return `return ${call};`;
      return `{ ${this.writeback(e)} return ${e.id}; }`;
    }
    // A function trace leaves by handing its frame to the interpreter (functions.ts).
    return `{ ${this.writeback(e)} J.frames.push({ cl, base, pc: ${e.pc}, nres: 0, exit: ${this.konst(e)} }); return -2; }`;
  }

  /**
   * Stores the registers an exit must restore into the interpreter's stack: in a loop tree, only
   * those the interpreter may read from `pc` on (liveness.ts); the others keep whatever they hold.
   * Exits rebuilding inlined frames store everything (their callees' frames overlap the root's).
   */
  writeback(e: Exit, pc = e.pc, keep: (r: number) => boolean = () => true): string {
    const wb = this.stores(e, pc)
      .filter(([r]) => keep(r))
      .map(([r, t]) => `stack[base + ${r}] = ${this.storedValue(e, r, t)};`);
    if (e.frames !== null) wb.push(this.frameWriteback(e.frames));
    if (e.top >= 0) wb.push(`L.top = base + ${e.top};`);
    return wb.join(' ');
  }

  /** Whether exit e stores register r as a loose load read it (looseloads.ts). */
  private keeps(e: Exit | undefined, r: number): boolean {
    return e !== undefined && this.loose.kept.get(e)?.has(r) === true;
  }

  /** What exit e stores for register r of type t: a loose load's value as read, else r boxed. */
  private storedValue(e: Exit | undefined, r: number, t: TT): string {
    return this.keeps(e, r) ? keptName(r) : boxExpr(t, this.reg(r, t));
  }

  /** The code that keeps a loose load's value for the exits that store it (looseloads.ts). */
  keep(n: Node, r: number): string {
    return this.loose.keeping.has(n) ? `\n${keptName(r)} = t;` : '';
  }

  /** The root registers (and their types) an exit at pc stores. */
  stores(e: Exit, pc: number): [number, TT][] {
    const live = this.tree.kind === 'loop' && e.frames === null ? liveAt(this.tree.proto, pc) : null;
    const out: [number, TT][] = [];
    for (const [r, t] of e.snap) if (live === null || live(r)) out.push([r, t]);
    for (const r of this.facts.loopCarried) {
      if (!e.snap.has(r) && (live === null || live(r))) out.push([r, this.tree.entry.get(r)!]);
    }
    return out;
  }

  /**
   * The stores around a call into code that reads the stack (a nested loop's tree, a callee's): those
   * of spill exit e (at pc) that `now` picks go before the call; `leave(ret)` is a return of ret from
   * the trace that stores the others first.
   */
  spillAround(
    e: Exit,
    pc: number,
    now: (r: number) => boolean,
  ): { before: string; leave: (ret: string) => string } {
    const late = this.stores(e, pc).filter(([r]) => !now(r));
    return { before: this.writeback(e, pc, now), leave: (ret) => `return ${this.leaveWith(late, ret)};` };
  }

  /** A loop-tree exit as a call of `leave` (codegen/exits.ts), or null when it needs more. */
  private leaveCall(e: Exit): string | null {
    if (e.frames !== null || e.top >= 0) return null;
    const regs = this.stores(e, e.pc);
    if (regs.length > MAX_LEAVE_REGS) return null;
    return this.leaveWith(regs, String(e.id), e);
  }

  /**
   * A call of `leave` storing regs (with their types) and returning `ret` (a JS expression), for exit
   * e when given (registers it keeps go as read, neither boxed nor converted).
   */
  private leaveWith(regs: [number, TT][], ret: string, e?: Exit): string {
    if (regs.length === 0) return ret;
    if (regs.length > MAX_LEAVE_REGS) {
      const wb = regs.map(([r, t]) => `stack[base + ${r}] = ${this.storedValue(e, r, t)}, `);
      return `(${wb.join('')}${ret})`;
    }
    let floats = 0;
    regs.forEach(([r, t], j) => {
      if (t === TT.FLT && !this.keeps(e, r)) floats |= 1 << j;
    });
    const key = `${floats}:${regs.map(([r]) => r).join(',')}`;
    const d = exitStore(
      this.tree,
      key,
      () =>
        new ExitStore(
          regs.map(([r]) => r),
          floats,
        ),
    );
    const vals = regs.map(([r, t]) => `, ${this.keeps(e, r) ? keptName(r) : this.reg(r, t)}`).join('');
    return `${this.konst(leave)}(stack, base, ${this.konst(d)}, ${ret}${vals})`;
  }

  /**
   * Stores the registers of inlined callees (after the root's: their frames overlap its top), in a
   * stack made as big as pushFrame will want it for them, so finishInlined never has to grow it.
   */
  frameWriteback(frames: InlinedFrame[]): string {
    let top = 0;
    for (const f of frames) top = Math.max(top, f.func + 2 + f.fn.proto.maxstack + f.fn.proto.numparams);
    const wb = [`L.ensureStack(base + ${top});`];
    frames.forEach((f, j) => {
      for (const [r, t] of f.regs) {
        wb.push(`stack[base + ${f.func + 1 + r}] = ${boxExpr(t, this.reg(vreg(j + 1, r), t))};`);
      }
    });
    return wb.join(' ');
  }

  /** Loads a boxed value (in `t`) into a register after checking its type. */
  load(dst: number, t: TT, e: Exit): string {
    return `if (!(${checkExpr(t, 't')})) ${this.exitCode(e)}\n${this.dst(dst, t)} = ${entering(t, 't')};`;
  }

  hoist(key: string, read: string, t: TT): string {
    let h = this.hoisted.get(key);
    if (h === undefined) {
      h = `h${this.hoisted.size}`;
      this.hoisted.set(key, h);
      this.prologue.push(
        `t = ${read}; if (!(${checkExpr(t, 't')})) return -1; const ${h} = ${entering(t, 't')};`,
      );
    }
    return h;
  }

  /** The expression of an upvalue node's cell (see ir.ts). */
  private upvalCell(n: { uv: number; konst: number; clo?: number }): string {
    if (n.clo !== undefined) return `${this.op({ r: n.clo }, TT.FUN)}.upvals[${n.uv}]`;
    return n.konst < 0 ? this.rootUpval(n.uv) : this.konst(this.tree.consts[n.konst]);
  }

  /** A check made once, before the loop (several paths may ask for the same one). */
  private atEntry(line: string): void {
    if (!this.prologue.includes(line)) this.prologue.push(line);
  }

  path(p: Path): string {
    return this.fresh(() => this.nodes(p.nodes));
  }

  /** Generates code reached from elsewhere than the code before it (a side path, a loop body). */
  fresh(gen: () => string): string {
    const held = this.held;
    this.held = new Map();
    const code = this.fields.fresh(gen);
    this.held = held;
    return code;
  }

  nodes(ns: Node[]): string {
    return ns
      .map((n, j) => {
        const code = n.k === 'forprep' ? this.forprep(n, constStep(ns, j, n.a + 2)) : this.node(n);
        this.fields.after(n);
        forgetWrites(this.held, n);
        if (n.k === 'getupv' && hoistedRead(n, this.facts))
          this.held.set(n.dst, this.hoisted.get(upvKey(n))!);
        return code;
      })
      .filter((code) => code !== '')
      .join('\n');
  }

  node(n: Node): string {
    switch (n.k) {
      case 'mov':
        return `${this.dst(n.dst, n.t)} = ${this.op(n.src, n.t)};`;
      case 'arith':
        return this.arith(n);
      case 'unm': {
        const a = this.op({ r: n.a }, n.ta);
        return `${this.dst(n.dst, n.ta)} = ${n.ta === TT.INT ? `0 - ${a}` : `-${a}`};`;
      }
      case 'bnot': {
        const a = this.op({ r: n.a }, n.ta);
        return `if ((${a} | 0) !== ${a}) ${this.exitCode(n.exit)}\n${this.dst(n.dst, TT.INT)} = ~${a};`;
      }
      case 'not': {
        const a = this.op({ r: n.a }, n.ta);
        const v = n.ta === TT.NIL ? 'true' : n.ta === TT.BOOL ? `!${a}` : 'false';
        return `${this.dst(n.dst, TT.BOOL)} = ${v};`;
      }
      case 'len': {
        const a = this.op({ r: n.a }, n.ta);
        if (n.ta === TT.STR) return `${this.dst(n.dst, TT.INT)} = ${a}.length;`;
        return `if (${a}.metatable !== null) ${this.exitCode(n.exit)}\n${this.dst(n.dst, TT.INT)} = ${a}.arr.length;`;
      }
      case 'concat': {
        const parts = n.parts.map((v, j) => {
          const x = this.op({ r: v }, n.ts[j]!);
          return n.ts[j] === TT.INT ? `String(${x})` : n.ts[j] === TT.FLT ? `floatToString(${x})` : x;
        });
        return `${this.dst(n.dst, TT.STR)} = flat(${parts.join(' + ')});`;
      }
      case 'getupv': {
        const cell = this.upvalCell(n);
        // Through a closure register: the cell may change with the closure, so it is read in place.
        if (n.clo !== undefined)
          return `u = ${cell}; t = (u.open ? u.stack[u.idx] : u.value);\n${this.load(n.dst, n.t, n.exit)}`;
        const read = `(${cell}.open ? ${cell}.stack[${cell}.idx] : ${cell}.value)`;
        if (hoistedRead(n, this.facts)) {
          return `${this.dst(n.dst, n.t)} = ${this.hoist(upvKey(n), read, n.t)};`;
        }
        return `t = ${read};\n${this.load(n.dst, n.t, n.exit)}`;
      }
      case 'setupv': {
        const v = boxExpr(n.t, this.op({ r: n.src }, n.t));
        return `u = ${this.upvalCell(n)}; if (u.open) u.stack[u.idx] = ${v}; else u.value = ${v};`;
      }
      case 'vararg': {
        let code = `u = L.ci.varargs; if (u.length !== ${n.count}) ${this.exitCode(n.exit)}`;
        n.ts.forEach((t, j) => {
          if (j >= n.count) code += `\n${this.dst(n.dst + j, TT.NIL)} = undefined;`;
          else {
            code += `\nt = u[${j}]; if (!(${checkExpr(t, 't')})) ${this.exitCode(n.exit)}`;
            code += `\n${this.dst(n.dst + j, t)} = ${unboxExpr(t, 't')};`;
          }
        });
        return code;
      }
      case 'closure': {
        const p = this.konst(this.tree.consts[n.proto]);
        const cells = n.ups.map((u) =>
          'r' in u ? `H.closedUpval(${boxExpr(u.t, this.op({ r: u.r }, u.t))})` : this.upvalCell(u),
        );
        return `if (${p}.closures < 2) ${p}.closures++;\n${this.dst(n.dst, TT.FUN)} = new LuaClosure(${p}, [${cells.join(', ')}]);`;
      }
      case 'getmeta': {
        const mt = this.konst(this.tree.consts[n.mt]);
        const tab = this.op({ r: n.tab }, TT.TAB);
        return `if (${tab}.metatable !== ${mt}) ${this.exitCode(n.exit)}\n${this.dst(n.dst, TT.TAB)} = ${mt};`;
      }
      case 'upvcell': {
        const cell = this.konst(this.tree.consts[n.konst]);
        return `if (!${cell}.open || ${cell}.idx !== base + ${n.reg}) ${this.exitCode(n.exit)}`;
      }
      case 'getglobal': {
        const name = JSON.stringify(n.name);
        // The slot while the globals keep the recorded shape: a Map lookup less per read when a store
        // in the tree keeps the read from moving to the entry (string-heavy's `string.format`).
        const sh = n.at === null ? null : (this.tree.consts[n.at.shape] as Shape);
        // A float slot's integral float is a bare number there (vm/shape.ts): boxed as getStr would.
        const slot = n.at === null ? '' : `G.slots[${n.at.slot}]`;
        const read =
          n.at === null
            ? `G.getStr(${name})`
            : `(G.shape === ${this.konst(sh)} ? ${sh!.isFloat(n.at.slot) ? `mkFloat(${slot})` : slot} : G.getStr(${name}))`;
        if (hoistedRead(n, this.facts)) {
          return `${this.dst(n.dst, n.t)} = ${this.hoist(`g:${n.name}`, read, n.t)};`;
        }
        const chk = n.t === TT.NIL ? 't === undefined && G.metatable === null' : checkExpr(n.t, 't');
        return `t = ${read};\nif (!(${chk})) ${this.exitCode(n.exit)}\n${this.dst(n.dst, n.t)} = ${entering(n.t, 't')};`;
      }
      case 'setglobal': {
        const v = boxExpr(n.t, this.op(n.src, n.t));
        return `if (G.metatable !== null) ${this.exitCode(n.exit)}\nG.set(${JSON.stringify(n.name)}, ${v});`;
      }
      case 'gettab':
        return this.gettab(n);
      case 'settab':
        return this.settab(n);
      case 'newtab':
        return `${this.dst(n.dst, TT.TAB)} = new LuaTable();`;
      case 'shape':
      case 'nometa':
      case 'getslot':
      case 'setslot':
      case 'addslot':
        return this.withDstTypes(n.k === 'getslot' ? [[n.dst, n.t]] : [], () => this.fields.node(this, n));
      case 'setlist': {
        const vals = n.vals.map((v, j) => boxExpr(n.ts[j]!, this.op({ r: v }, n.ts[j]!)));
        const tab = this.op({ r: n.tab }, TT.TAB);
        const slow = `${tab}.setList(${n.start}, [${vals.join(', ')}], 0, ${vals.length});`;
        if (n.ts.some((t) => t === TT.NIL || t === TT.FLT)) return slow;
        // What setList does for a table whose array part ends just before start and has no integer
        // keys outside it, when no value is nil or a float (a NaN needs pushValue). A constructor
        // filling a new table ({ left, right }) gets an array of exactly its size, as a literal,
        // instead of pushes onto an empty one (which V8 grows to 17 elements); that empty array part
        // may be the shared NO_ITEMS, which is replaced, never pushed onto.
        if (n.start === 1)
          return `if (${tab}.arr.length === 0 && ${tab}.ints === null) ${tab}.arr = [${vals.join(', ')}]; else ${slow}`;
        return `u = ${tab}.arr; if (u.length === ${n.start - 1} && ${tab}.ints === null) u.push(${vals.join(', ')}); else ${slow}`;
      }
      case 'cmp':
        return this.cmp(n);
      case 'test':
        // Other types decide the test by themselves: the register's entry type check is the guard.
        if (n.ta !== TT.BOOL) {
          this.reg(n.a, n.ta);
          return '';
        }
        return `if (${this.op({ r: n.a }, TT.BOOL)} !== ${n.want}) ${this.exitCode(n.exit)}`;
      case 'fnguard': {
        // A function read at the trace's entry (an upvalue no node of the tree assigns) is checked
        // there, once: in a hot loop every branch costs V8 more than its test.
        const h = this.held.get(n.src);
        const differs = (x: string): string =>
          n.proto === undefined ? `${x} !== ${this.konst(n.fn)}` : `${x}.proto !== ${this.konst(n.proto)}`;
        // A metamethod call lua5.4 would refuse: the interpreter makes it again and raises the error.
        const deep = n.ccalls === undefined ? null : `L.nCcalls + ${n.ccalls} >= ${MAX_CCALLS}`;
        if (h !== undefined && this.tree.kind === 'loop') {
          this.atEntry(`if (${differs(h)}) return -1;`);
          return deep === null ? '' : `if (${deep}) ${this.exitCode(n.exit)}`;
        }
        const test = differs(this.op({ r: n.src }, TT.FUN));
        return `if (${deep === null ? test : `${test} || ${deep}`}) ${this.exitCode(n.exit)}`;
      }
      case 'promote': {
        // A nil needs no test beyond its type's; the other values compare by value or identity.
        if (n.t === TT.NIL) return '';
        const test = `${this.op({ r: n.src }, n.t)} !== ${this.lit(n.v, n.t)}`;
        // A live-in no path writes keeps its entry value: checked once, at the entry.
        const { tree } = this;
        if (tree.kind === 'loop' && tree.entry.has(n.src) && !this.facts.rootWrites.has(n.src)) {
          // A refused entry counts as a miss of the local (record/promote.ts).
          const lv = this.konst(n.exit.promoted);
          this.atEntry(`if (${test}) { ${lv}.misses = (${lv}.misses | 0) + 1; return -1; }`);
          return '';
        }
        return `if (${test}) ${this.exitCode(n.exit)}`;
      }
      case 'native': {
        const args = n.args.map((o, j) => this.op(o, n.targs[j]!));
        const boxed = args.map((a, j) => boxExpr(n.targs[j]!, a));
        const dsts = n.ts.map((t, j) => this.dst(n.dst + j, t));
        const c = { fn: this.konst(n.fn), args, targs: n.targs, dsts, ts: n.ts, exit: this.exitCode(n.exit) };
        return nativeCode(PURE_NATIVES.get(n.name)!, c, boxed);
      }
      case 'strindex': {
        const [idx, v] = [this.konst(n.idx), this.konst(n.v)];
        const key = JSON.stringify(n.key);
        const check = `L.stringMeta.getStr('__index') !== ${idx} || ${idx}.getStr(${key}) !== ${v}`;
        // Only a store can change either table: without one in the tree, checking at entry suffices.
        if (!this.facts.hoistGlobals)
          return `if (${check}) ${this.exitCode(n.exit)}\n${this.dst(n.dst, typeOfValue(n.v))} = ${v};`;
        if (!this.hoisted.has(check)) {
          this.hoisted.set(check, check);
          this.prologue.push(`if (${check}) return -1;`);
        }
        return `${this.dst(n.dst, typeOfValue(n.v))} = ${v};`;
      }
      case 'next':
        return this.withDstTypes(
          [
            [n.a + 3, n.tk],
            [n.a + 4, n.tv],
          ],
          () => nextCode(this, n),
        );
      case 'ipairs': {
        const a = n.a;
        const [tab, ctl] = [this.reg(a + 1, TT.TAB), this.reg(a + 2, TT.INT)];
        let code =
          `if (${tab}.metatable !== null) ${this.exitCode(n.exit)}\n` +
          `u = ${ctl} + 1; t = u <= ${tab}.arr.length ? ${tab}.arr[u - 1] : ${tab}.getInt(u);\n` +
          `if (!(${checkExpr(n.t, 't')})) ${this.exitCode(n.exit)}\n${this.dst(a + 3, TT.INT)} = u;`;
        if (n.two) code += ` ${this.dst(a + 4, n.t)} = ${entering(n.t, 't')};`;
        return code;
      }
      case 'forprep':
        return this.forprep(n, null);
      case 'forloop': {
        const [x, cnt, st, v] = [0, 1, 2, 3].map((j) => this.dst(n.a + j, TT.INT));
        // No overflow test: the iteration count keeps the index between init and limit, and the
        // interpreter's own fast path adds the step unchecked too.
        const step =
          this.narrow === null
            ? `${cnt} = ${cnt} - 1; ${x} = ${x} + ${st}; ${v} = ${x};`
            : `${cnt} = (${cnt} - 1) | 0; ${x} = (${x} + ${st}) | 0; ${v} = ${x};`;
        if (n.target === PEELED) {
          return `if (${n.want ? '!' : ''}(${cnt} > 0)) ${this.exitCode(n.exit)}${n.want ? '\n' + step : ''}`;
        }
        const done = n.target === TO_ROOT || !n.breaks ? this.exitCode(n.end) : `break inner${n.target};`;
        return `if (${cnt} > 0) {\n${step} ${this.cont(n.target)}\n}\n${done}`;
      }
      case 'tforloop':
        return `${this.dst(n.a)} = ${this.dst(n.a + 1)}; ${this.cont(n.target)}`;
      case 'loop':
        return this.cont(n.target);
      case 'calltree':
        return this.calltree(n);
      case 'calleeloop':
        return calleeLoopCode(this, n);
      case 'callfn':
        return this.tree.kind === 'loop' ? loopCallCode(this, n) : this.callfn(n);
      case 'tailfn':
        return this.tailfn(n);
      case 'ret': {
        const stores = n.ts.map(
          (t, j) => `stack[base + ${j - 1}] = ${boxExpr(t, this.op({ r: n.a + j }, t))};`,
        );
        return `${stores.join(' ')} return ${n.n};`;
      }
      case 'inner':
        return `inner${n.id}: for (;;) {\n${this.fresh(() => this.nodes(n.body))}\n}`;
    }
  }

  /**
   * A call to a compiled function trace: arguments stored where the callee's frame starts, results
   * read back from the function's slot. When the callee leaves frames behind, this frame is added
   * to them (after them: J.frames goes innermost first) and this trace leaves too.
   */
  callfn(n: Extract<Node, { k: 'callfn' }>): string {
    const a = n.a;
    const spill = [...n.spill].map(([r, t]) => `stack[base + ${r}] = ${boxExpr(t, this.op({ r }, t))};`);
    let code =
      `${this.invoke(n)}\n` +
      `if (u < 0) {\nif (u === -1) ${this.exitCode(n.exit)}\n${spill.join(' ')}\n` +
      `J.frames[J.frames.length - 1].nres = ${n.nres}; ` +
      `J.frames.push({ cl, base, pc: ${n.exit.pc + 1}, nres: 0, exit: null }); return -2;\n}\n` +
      `for (; u < ${n.nres}; u++) stack[base + ${a} + u] = undefined;`;
    n.ts.forEach((t, j) => {
      code +=
        `\nt = stack[base + ${a + j}]; if (!(${checkExpr(t, 't')})) ${this.exitCode(n.after)}\n` +
        `${this.dst(a + j, t)} = ${unboxExpr(t, 't')};`;
    });
    return code;
  }

  /**
   * A tail call: the results move down to this function's slot. Frames the callee leaves move down
   * the same way, onto this frame, which the callee replaces as the interpreter's TAILCALL does.
   */
  tailfn(n: Extract<Node, { k: 'tailfn' }>): string {
    const a = n.a;
    return (
      `${this.invoke(n)}\n` +
      `if (u >= 0) { for (t = 0; t < u; t++) stack[base - 1 + t] = stack[base + ${a} + t]; return u; }\n` +
      `if (u === -1) ${this.exitCode(n.exit)}\nreturn shiftFrames(J, stack, base + ${a}, ${a + 1});`
    );
  }

  /** Calls a function trace with the call's arguments in place; its result is left in u. */
  invoke(n: Extract<Node, { k: 'callfn' | 'tailfn' }>): string {
    const a = n.a;
    const args = n.targs.map(
      (t, j) => `stack[base + ${a + 1 + j}] = ${boxExpr(t, this.op({ r: a + 1 + j }, t))};`,
    );
    for (let j = n.nargs; j < n.nparams; j++) args.push(`stack[base + ${a + 1 + j}] = undefined;`);
    return (
      `if (depth >= ${MAX_CALL_DEPTH} || base + ${a + n.room} >= stack.length) ${this.exitCode(n.exit)}\n` +
      `u = ${this.konst(this.tree.consts[n.callee])}.fn; if (u === null) ${this.exitCode(n.exit)}\n` +
      `${args.join(' ')}\n` +
      `u = u(L, stack, base + ${a + 1}, ${this.op({ r: a }, TT.FUN)}, J, depth + 1);`
    );
  }

  /**
   * A nested loop with its own compiled tree: run it on the interpreter's stack. Leaving it anywhere
   * but where it left when recorded leaves this trace too (the stack is exact then). Before the call
   * only the registers the nested loop's instructions may read or write are stored; the others keep
   * their values in this trace's locals, stored only on the paths that return to the interpreter.
   * After it, the registers it may write are read back (writes.ts), unless dead where it left.
   */
  calltree(n: Extract<Node, { k: 'calltree' }>): string {
    const p = this.tree.proto;
    const touched = registersRead(p, n.header, loopEndPc(p, n.header));
    for (const [r] of n.reload) touched.add(r);
    const { before, leave } = this.spillAround(n.spill, n.header, (r) => touched.has(r));
    // u: 0 to go on, else what this trace returns (the pc the interpreter resumes at, encoded).
    let code =
      `${before}\nt = ${this.konst(this.tree.consts[n.loop])};\n` +
      `u = t.fn === null ? -1 : t.fn(L, stack, base, upvals);\n` +
      `u = u < 0 ? (u === -1 ? ${-2 - n.header} : u) : t.exits[u].pc === ${n.resume} ? 0 : -2 - t.exits[u].pc;\n` +
      `if (u !== 0) ${leave('u')}`;
    const live = liveAt(p, n.resume);
    for (const [r, t] of n.reload) {
      if (!live(r)) continue;
      code += `\nt = stack[base + ${r}]; if (!(${checkExpr(t, 't')})) ${leave(String(-2 - n.resume))} ${this.dst(r, t)} = ${entering(t, 't')};`;
    }
    return code;
  }

  /**
   * FORPREP: the limit register becomes the iteration count. With a step the tree has just loaded as
   * a constant the step's sign is known, and for 1 or -1 the count is a plain subtraction (exact: both
   * ends are safe integers less than 2^53 apart): an int32 for V8 without it having to see through
   * Math.floor of a division.
   */
  forprep(n: Extract<Node, { k: 'forprep' }>, step: number | null): string {
    const [x, lim, st] = [0, 1, 2].map((j) => this.dst(n.a + j, TT.INT));
    const ex = (): string => this.exitCode(n.exit);
    if (step === null) {
      let code =
        `if (${st} === 0 || Math.abs(${lim} - ${x}) > ${MAXS}) ${ex()}\n` +
        `if (${n.skip ? '!' : ''}(${st} > 0 ? ${x} > ${lim} : ${x} < ${lim})) ${ex()}`;
      if (!n.skip) {
        code += this.count(
          n,
          `${st} > 0 ? Math.floor((${lim} - ${x}) / ${st}) : Math.floor((${x} - ${lim}) / -${st})`,
        );
      }
      return code;
    }
    const up = step > 0;
    let code =
      `if (Math.abs(${lim} - ${x}) > ${MAXS}) ${ex()}\n` +
      `if (${n.skip ? '!' : ''}(${x} ${up ? '>' : '<'} ${lim})) ${ex()}`;
    if (!n.skip) {
      const span = up ? `${lim} - ${x}` : `${x} - ${lim}`;
      code += this.count(n, Math.abs(step) === 1 ? span : `Math.floor((${span}) / ${Math.abs(step)})`);
    }
    return code;
  }

  /** FORPREP's last step: the limit register becomes the count, checked to fit int32 if narrow. */
  private count(n: Extract<Node, { k: 'forprep' }>, count: string): string {
    const [x, lim, st, v] = [0, 1, 2, 3].map((j) => this.dst(n.a + j, TT.INT));
    if (this.narrow?.stepped.has(n.a) !== true) return `\n${lim} = ${count}; ${v} = ${x};`;
    return `\nt = ${count}; if (!(${fitsInt32(x!, 't', st!)})) ${this.wideExit(n.exit)}\n${lim} = t; ${v} = ${x};`;
  }

  cont(target: number): string {
    return target === TO_ROOT ? 'continue loop;' : target === PEELED ? '' : `continue inner${target};`;
  }

  rootUpval(idx: number): string {
    const name = `uv${idx}`;
    if (!this.hoisted.has(name)) {
      this.hoisted.set(name, name);
      this.prologue.unshift(`const ${name} = upvals[${idx}];`);
    }
    return name;
  }

  arith(n: Extract<Node, { k: 'arith' }>): string {
    const a = this.op(n.a, n.ta);
    const b = this.op(n.b, n.tb);
    const d = this.dst(n.dst, n.tr);
    const ex = (): string => this.exitCode(n.exit);
    const ints = n.ta === TT.INT && n.tb === TT.INT;
    switch (n.op) {
      case 'add':
      case 'sub':
      case 'mul': {
        const sym = n.op === 'add' ? '+' : n.op === 'sub' ? '-' : '*';
        if (!ints) return `${d} = ${a} ${sym} ${b};`;
        return `t = ${a} ${sym} ${b}; if (${this.overflow(n)}) ${ex()}\n${d} = t${n.op === 'mul' ? ' + 0' : ''};`;
      }
      case 'div':
        return `${d} = ${a} / ${b};`;
      case 'pow':
        return `${d} = luaPow(${a}, ${b});`;
      case 'mod':
        if (!ints) return `${d} = floatMod(${a}, ${b});`;
        return `if (${b} === 0) ${ex()}\nt = ${a} % ${b}; if (t !== 0 && (t < 0) !== (${b} < 0)) t += ${b}; ${d} = t + 0;`;
      case 'idiv':
        if (!ints) return `${d} = Math.floor(${a} / ${b});`;
        return `if (${b} === 0) ${ex()}\n${d} = Math.floor(${a} / ${b}) + 0;`;
      case 'band':
      case 'bor':
      case 'bxor': {
        const sym = n.op === 'band' ? '&' : n.op === 'bor' ? '|' : '^';
        return `if ((${a} | 0) !== ${a} || (${b} | 0) !== ${b}) ${ex()}\n${d} = ${a} ${sym} ${b};`;
      }
      case 'shl':
      case 'shr':
        return `t = ${n.op === 'shl' ? 'shiftLeft' : 'shiftRight'}(${a}, ${b}); if (typeof t !== 'number') ${ex()}\n${d} = t;`;
    }
  }

  /** The overflow test for an integer + - * in `t`: one side suffices when an operand is a constant. */
  overflow(n: Extract<Node, { k: 'arith' }>): string {
    const kb = 'k' in n.b ? (n.b.k as number) : null;
    const ka = 'k' in n.a ? (n.a.k as number) : null;
    if (n.op === 'add' && (kb ?? ka) !== null) return unsafeInt('t', (kb ?? ka)! >= 0, (kb ?? ka)! < 0);
    if (n.op === 'sub' && kb !== null) return unsafeInt('t', kb < 0, kb >= 0);
    return unsafeInt('t', true, true);
  }

  gettab(n: Extract<Node, { k: 'gettab' }>): string {
    const tab = this.op({ r: n.tab }, TT.TAB);
    const key = this.op(n.key, n.tk);
    let read: string;
    if (n.tk === TT.INT)
      read = `t = (${key} >= 1 && ${key} <= ${tab}.arr.length) ? ${tab}.arr[${key} - 1] : ${tab}.getInt(${key});`;
    else if (n.tk === TT.STR) read = `t = ${tab}.getStr(${key});`;
    else read = `t = ${tab}.get(${key});`;
    const swapped = this.floatSideFirst(n);
    if (swapped !== null) return `${read}\n${swapped}`;
    // A loose load recorded as an integer may read a float: it enters as one (its uses are float).
    const loose = this.loose.loads.has(n);
    const chk =
      n.t === TT.NIL
        ? n.inherits === true
          ? 't === undefined'
          : `t === undefined && ${tab}.metatable === null`
        : loose
          ? LOOSE_FLOAT_CHECK
          : checkExpr(n.t, 't');
    const into = `${this.dst(n.dst, n.t)} = ${entering(loose ? TT.FLT : n.t, 't')};${this.keep(n, n.dst)}`;
    if (n.inArr === true) {
      // A key outside the array part leaves through the type guard's exit (the interpreter reads it
      // again) instead of calling getInt: V8 knows nothing of what a call may change, so after the
      // merge it loaded every table's arr and length again; an exit is a dead end that keeps them.
      const inside = `${key} >= 1 && ${key} <= ${tab}.arr.length`;
      return `if (!(${inside} && ((t = ${tab}.arr[${key} - 1]), ${chk}))) ${this.exitCode(n.exit)}\n${into}`;
    }
    return `${read}\nif (!(${chk})) ${this.exitCode(n.exit)}\n${into}`;
  }

  /**
   * An element recorded as an integer whose guard's side path reads it again as a float (an array
   * filled with integers and then with floats: spectral-norm's vectors start as 1s): the float test
   * goes first, into the side path without reading again, then the integer one. Every branch in a hot
   * loop costs V8 more than its test (values split across more blocks); this way the float path, the
   * one the loop goes on taking, makes one test instead of two and one read instead of two.
   */
  private floatSideFirst(n: Extract<Node, { k: 'gettab' }>): string | null {
    const side = n.exit.side;
    const first = side?.nodes[0];
    if (side == null || first?.k !== 'gettab' || n.t !== TT.INT || first.t !== TT.FLT) return null;
    // A loose n takes floats itself: its exit is for what is not a number.
    if (this.loose.loads.has(n)) return null;
    if (first.tab !== n.tab || first.dst !== n.dst || first.tk !== n.tk || !sameOpnd(first.key, n.key)) {
      return null;
    }
    const body = this.fresh(() => {
      const head = `${this.dst(first.dst, TT.FLT)} = ${entering(TT.FLT, 't')};${this.keep(first, first.dst)}`;
      this.fields.after(first);
      const rest = this.nodes(side.nodes.slice(1));
      return rest === '' ? head : `${head}\n${rest}`;
    });
    return (
      `if (${this.loose.loads.has(first) ? LOOSE_FLOAT_CHECK : checkExpr(TT.FLT, 't')}) {\n${body}\n}\n` +
      `if (!(${checkExpr(TT.INT, 't')})) ${this.exitCode(first.exit)}\n` +
      `${this.dst(n.dst, TT.INT)} = ${entering(TT.INT, 't')};`
    );
  }

  settab(n: Extract<Node, { k: 'settab' }>): string {
    const tab = this.op({ r: n.tab }, TT.TAB);
    const key = this.op(n.key, n.tk);
    const raw = this.op(n.val, n.tv);
    const val = boxExpr(n.tv, raw);
    const meta = n.meta < 0 ? 'null' : this.konst(this.tree.consts[n.meta]);
    const ok = n.tv === TT.FLT ? ` && ${raw} === ${raw}` : '';
    if (n.inArr === true) {
      // Outside the array part, the guard's exit instead of setInt (see gettab).
      const inside = `${key} >= 1 && ${key} <= u.length${ok}`;
      return `u = ${tab}.arr; if (${tab}.metatable !== ${meta} || !(${inside})) ${this.exitCode(n.exit)}\nu[${key} - 1] = ${val};`;
    }
    let code = `if (${tab}.metatable !== ${meta}) ${this.exitCode(n.exit)}\n`;
    if (n.tk === TT.INT) {
      if (n.tv === TT.NIL) code += `${tab}.setInt(${key}, undefined);`;
      else {
        code += `u = ${tab}.arr; if (${key} >= 1 && ${key} <= u.length${ok}) u[${key} - 1] = ${val}; else ${tab}.setInt(${key}, ${val});`;
      }
    } else if (n.tk === TT.STR && n.tv !== TT.NIL) {
      code += `${tab}.setStr(${key}, ${val});`;
    } else code += `${tab}.set(${key}, ${val});`;
    return code;
  }

  cmp(n: Extract<Node, { k: 'cmp' }>): string {
    const a = this.op(n.a, n.ta);
    const b = this.op(n.b, n.tb);
    const num = (t: TT): boolean => t === TT.INT || t === TT.FLT;
    let pre = '';
    let cond: string;
    const sym = n.op === 'eq' ? '===' : n.op === 'lt' ? '<' : '<=';
    if ((num(n.ta) && num(n.tb)) || (n.ta === TT.STR && n.tb === TT.STR)) cond = `${a} ${sym} ${b}`;
    else if (n.ta === TT.TAB && n.tb === TT.TAB && n.raw !== true) {
      pre = `if (${a} !== ${b} && (${a}.metatable !== null || ${b}.metatable !== null)) ${this.exitCode(n.exit)}\n`;
      cond = `${a} === ${b}`;
    } else if (n.ta === n.tb || n.raw === true) cond = `${a} === ${b}`;
    else cond = 'false';
    return `${pre}if (${n.want ? '!' : ''}(${cond})) ${this.exitCode(n.exit)}`;
  }
}

/** What names an upvalue read among the trace's hoisted reads. */
function upvKey(n: Extract<Node, { k: 'getupv' }>): string {
  return `u${n.konst}:${n.uv}`;
}

/** The same register or the same constant. */
function sameOpnd(a: Opnd, b: Opnd): boolean {
  return 'r' in a ? 'r' in b && a.r === b.r : 'k' in b && Object.is(a.k, b.k);
}

/**
 * The constant the step register of the FORPREP at ns[j] holds, when the moves right before it load
 * one (luac loads a for loop's step last, just before the FORPREP); null when unknown.
 */
function constStep(ns: Node[], j: number, reg: number): number | null {
  for (let i = j - 1; i >= 0; i--) {
    const m = ns[i]!;
    if (m.k !== 'mov') return null;
    if (m.dst !== reg) continue;
    const k = 'k' in m.src ? m.src.k : undefined;
    return m.t === TT.INT && typeof k === 'number' && Number.isSafeInteger(k) && k !== 0 ? k : null;
  }
  return null;
}

export function generate(tree: Tree): Generated {
  const g = new Gen(tree);
  const body = g.path(tree.root);
  const counters = new Set<number>();
  for (const a of g.narrow?.atEntry ?? []) {
    const [x, cnt, st] = [0, 1, 2].map((j) => g.reg(a + j, TT.INT));
    for (let j = 0; j < 3; j++) counters.add(a + j);
    g.prologue.push(
      `if (!(${endFits(x!, cnt!, st!)})) { ${g.konst(tree.forWidth)}.wide = true; return -1; }`,
    );
  }
  const entry: string[] = [];
  // A register dead at the header (a loop-carried local written before it is read) is neither
  // checked nor loaded: exits store it only where it is live, after the tree has written it.
  const live = g.liveAtEntry;
  for (const [r, t] of tree.entry) {
    if (!(g.names.split ? g.names.used(r, t) : g.vregs.has(r)) || !live(r)) continue;
    if (counters.has(r)) {
      entry.push(counterLoad(`stack[base + ${r}]`, g.reg(r, t), g.konst(tree.forWidth)));
      continue;
    }
    entry.push(
      `t = stack[base + ${r}]; if (!(${checkExpr(t, 't')})) return -1; ${g.reg(r, t)} = ${entering(t, 't')};`,
    );
  }
  const decls = g.names.split ? g.names.locals() : [...g.vregs].sort((x, y) => x - y).map(R);
  const kept = new Set([...g.loose.kept.values()].flatMap((rs) => [...rs]));
  for (const r of [...kept].sort((x, y) => x - y)) decls.push(keptName(r));
  const source = [
    'const { mkFloat, LFloat, LuaTable, LuaClosure, NativeFunction, floatMod, luaPow, shiftLeft, shiftRight, DEFAULT_NAN, shiftFrames, callPure, PURE_FAIL, strSub, strUpper, strLower, strRep, floatToString, flat } = H;',
    g.boundConsts(),
    tree.kind === 'loop'
      ? // Named after the loop's line and header so that profiles tell trees apart.
        `return function trace_${tree.proto.lines[tree.header]}_${tree.header}(L, stack, base, upvals) {`
      : 'return function trace(L, stack, base, cl, J, depth) {\nconst upvals = cl.upvals;',
    `let t, u${decls.length > 0 ? ', ' + decls.join(', ') : ''};`,
    'const G = L.globals;',
    ...entry,
    ...g.prologue,
    'loop: for (;;) {',
    body,
    '}',
    '};',
  ].join('\n');
  const resolved = g.names.resolve(source);
  noteTreeSize(tree, resolved.length);
  return { source: resolved, exits: g.exits, narrowFor: g.narrow !== null };
}
