// Trace IR: one node per recorded operation, over virtual registers. A virtual register is
// `depth * 256 + reg`: depth 0 is the loop's own frame, deeper ones are inlined callees. Every node
// that can fail carries its own Exit, which says where the interpreter resumes and which registers
// must be written back for its state to be exact.
import type { LocVar, Proto } from '../compiler/proto.ts';
import type { LuaClosure, LuaValue } from '../vm/value.ts';
import type { TT } from './types.ts';
import type { ForWidth } from './codegen/forwidth.ts';

export type Opnd = { r: number } | { k: LuaValue };

/** Calls fn on every node of a node list, nested loop bodies included (not side paths). */
export function eachNode(nodes: Node[], fn: (n: Node) => void): void {
  for (const n of nodes) {
    fn(n);
    if (n.k === 'inner') eachNode(n.body, fn);
  }
}

const kinds = (names: string): ReadonlySet<Node['k']> => new Set(names.split(' ') as Node['k'][]);
/** Node kinds that write their `dst` register and no other. */
export const WRITES_DST = kinds(
  'mov arith unm bnot not len concat getupv getglobal gettab newtab getslot getmeta strindex closure',
);
/** Node kinds that write no register. */
export const WRITES_NONE = kinds(
  'setupv upvcell setglobal settab shape nometa setslot addslot setlist cmp test fnguard promote',
);

export function exitsOf(n: Node): Exit[] {
  if (n.k === 'forloop') return [n.exit, n.end];
  if (n.k === 'next') return [n.exit, n.end];
  if (n.k === 'callfn') return [n.exit, n.after];
  if (n.k === 'tailfn') return [n.exit];
  if (n.k === 'calltree') return [n.spill];
  return 'exit' in n ? [n.exit] : [];
}

/**
 * Only 'guard' exits get side traces. 'after': the instruction has run and the interpreter goes on
 * after it; 'call': the interpreter makes a call the trace could not make (recording it again would
 * record the same call).
 */
export type ExitKind = 'guard' | 'loopEnd' | 'after' | 'call';

export interface Exit {
  kind: ExitKind;
  /** Root-frame pc the interpreter resumes at: the failed instruction itself, re-executed. */
  pc: number;
  /** Root registers written earlier in this iteration, with their static type at this exit. */
  snap: Map<number, TT>;
  /** Times this exit was taken (hot exits get a side trace). */
  count: number;
  /** The side trace spliced in at this exit instead of leaving the trace. */
  side: Path | null;
  sideAborts: number;
  /** Index in the compiled tree's exit table (reassigned on every compile). */
  id: number;
  /**
   * For an exit inside a nested loop's JS loop (its body or a side path in it): that loop, so a
   * side path may continue it or one enclosing it.
   */
  inner: InnerInfo | null;
  /**
   * For an exit inside an inlined call after it had a side effect (the call cannot be re-executed):
   * the callee frames to rebuild, outermost first. `pc` is then the root frame's pc after the call.
   */
  frames: InlinedFrame[] | null;
  /**
   * For an exit at a call taking all results of the call before it (`f(g(x))`, B = 0): where those
   * results end (L.top) relative to the root frame's base, else -1.
   */
  top: number;
  /** For a promote guard's exit: the local, whose misses a side recording or a refused entry counts. */
  promoted?: LocVar;
  /**
   * For an exit inside an inlined call: root registers the path loaded as constants before it, which
   * a side path may take as constants too (the bounds of a loop it unrolls, record/callee-loops.ts).
   */
  loaded?: ReadonlyMap<number, LuaValue>;
}

/**
 * An upvalue of a closure made in a trace: a closed cell holding register r, or a cell of the function
 * recording it (as getupv names one: konst, clo).
 */
export type ClosureUp = { r: number; t: TT } | { uv: number; konst: number; clo?: number };

/** An inlined callee's frame as the interpreter must see it when a trace leaves inside it. */
export interface InlinedFrame {
  fn: LuaClosure;
  /** Stack slot of the called function, relative to the root frame's base. */
  func: number;
  /** Where this frame resumes: the failed instruction (innermost) or after its own call. */
  pc: number;
  /** The instruction in its caller that called it (a CALL, or the one whose metamethod it is). */
  callPc: number;
  /** Results its caller wants. */
  nres: number;
  /** Its registers that hold values at the exit, with their static types. */
  regs: Map<number, TT>;
  /** Headers of its loops being unrolled (record/callee-loops.ts), which a side path goes on with. */
  unrolled?: ReadonlySet<number>;
  /** The call was guarded on fn's prototype: the closure is the one in the function slot. */
  fnInSlot: boolean;
  /** A metamethod's frame: the caller's register its result goes to (see Frame.meta). */
  meta?: number;
  /** A comparison's metamethod: its result decides the caller's jump instead (see Frame.cmp). */
  cmp?: boolean;
}

/** A loop nested in the traced one, compiled as a nested JS loop. */
export interface InnerInfo {
  id: number;
  header: number;
  /** Its loop-carried registers and their types at its header. */
  carried: Map<number, TT>;
  /** Types of the locals in scope at its header: a path continuing it must bring them back as such. */
  locals: Map<number, TT>;
  /** The nested loop whose JS loop encloses this one's (a side path in here may continue either). */
  outer: InnerInfo | null;
}

/** Where a back-edge goes: the traced loop, a nested loop (its id), or nowhere (a peeled copy). */
export const TO_ROOT = -1;
export const PEELED = -2;

export type ArithKind =
  'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow' | 'idiv' | 'band' | 'bor' | 'bxor' | 'shl' | 'shr';

export type Node =
  | { k: 'mov'; dst: number; src: Opnd; t: TT }
  | { k: 'arith'; op: ArithKind; dst: number; a: Opnd; b: Opnd; ta: TT; tb: TT; tr: TT; exit: Exit }
  | { k: 'unm' | 'bnot' | 'not'; dst: number; a: number; ta: TT; exit: Exit }
  | { k: 'len'; dst: number; a: number; ta: TT; exit: Exit }
  | { k: 'concat'; dst: number; parts: number[]; ts: TT[] }
  // The cell: the root closure's upvalue (konst -1), a constant cell (konst), or the upvalue of the
  // closure in register clo (an inlined call guarded on its prototype).
  | { k: 'getupv'; dst: number; uv: number; konst: number; clo?: number; t: TT; exit: Exit }
  | { k: 'setupv'; src: number; uv: number; konst: number; clo?: number; t: TT }
  /** An inlined callee's upvalue (consts[konst]) is still open on root register `reg`. */
  | { k: 'upvcell'; konst: number; reg: number; exit: Exit }
  | {
      k: 'getglobal';
      dst: number;
      name: string;
      /** The global's slot when recorded, and the globals' shape (in consts) it is valid for. */
      at: { shape: number; slot: number } | null;
      t: TT;
      exit: Exit;
    }
  | { k: 'setglobal'; name: string; src: Opnd; t: TT; exit: Exit }
  // inherits: a nil read raw from a table with a metatable, whose __index the recording followed.
  // inArr: the recording found the (integer) key in the array part, with a value: see codegen's gettab.
  | {
      k: 'gettab';
      dst: number;
      tab: number;
      key: Opnd;
      tk: TT;
      t: TT;
      inherits?: true;
      inArr?: true;
      exit: Exit;
    }
  // meta: the table's metatable (consts index, one without __newindex), -1 for none. inArr: the
  // recording stored a value (not nil) at an integer key inside the array part.
  | {
      k: 'settab';
      tab: number;
      key: Opnd;
      tk: TT;
      val: Opnd;
      tv: TT;
      meta: number;
      inArr?: true;
      exit: Exit;
    }
  | { k: 'newtab'; dst: number }
  /** Guards `tab.shape === consts[shape]`: its string keys are then at known slots (fieldgen.ts). */
  | { k: 'shape'; tab: number; shape: number; exit: Exit }
  | { k: 'nometa'; tab: number; exit: Exit }
  /**
   * A field read after a shape guard; slot -1: the shape lacks the key, the value is nil. fl: a float
   * slot of the shape (vm/shape.ts), whose number is a float whatever its value.
   */
  | { k: 'getslot'; dst: number; tab: number; slot: number; t: TT; fl: boolean; exit: Exit }
  // dst.. = the loop frame's varargs (a VARARG there), guarded to be count of them, of types ts.
  | { k: 'vararg'; dst: number; ts: TT[]; count: number; exit: Exit }
  // dst = a new closure of consts[proto]: per upvalue a closed cell holding register r, or a cell of
  // the recorded function's (as getupv names it).
  | { k: 'closure'; dst: number; proto: number; ups: ClosureUp[] }
  // dst = tab's metatable, guarded to be consts[mt] (a field read going on through __index).
  | { k: 'getmeta'; dst: number; tab: number; mt: number; exit: Exit }
  /**
   * A store into a slot of the guarded shape; fl: a float slot. gen: a float slot given another kind
   * of value, which moves the table on to shape consts[gen] (Shape.generalize).
   */
  | { k: 'setslot'; tab: number; slot: number; val: Opnd; tv: TT; fl: boolean; gen?: number }
  /** Stores a key the guarded shape lacks: the table moves on to shape consts[shape]. */
  | { k: 'addslot'; tab: number; shape: number; val: Opnd; tv: TT }
  | { k: 'setlist'; tab: number; start: number; vals: number[]; ts: TT[] }
  // raw: identity only, of tables whose __eq, if any, the recording inlined after it.
  | {
      k: 'cmp';
      op: 'eq' | 'lt' | 'le';
      a: Opnd;
      b: Opnd;
      ta: TT;
      tb: TT;
      want: boolean;
      raw?: true;
      exit: Exit;
    }
  | { k: 'test'; a: number; ta: TT; want: boolean; exit: Exit }
  // On fn itself, or on its prototype when proto is set. ccalls: the guarded function is a metamethod
  // inlined inside ccalls - 1 others; it also leaves when lua5.4 would raise "C stack overflow" there.
  | { k: 'fnguard'; src: number; fn: LuaValue; proto?: Proto; ccalls?: number; exit: Exit }
  /** A `--@promote` local (parser/hints.ts) has the value v it had when recorded: later nodes use v. */
  | { k: 'promote'; src: number; v: LuaValue; t: TT; exit: Exit }
  /** A pure library function fn (natives.ts): results of types ts (one per wanted result) from dst. */
  | { k: 'native'; name: string; fn: LuaValue; dst: number; args: Opnd[]; targs: TT[]; ts: TT[]; exit: Exit }
  /** A string's field `key` through the string metatable's __index table idx: the value v. */
  | { k: 'strindex'; dst: number; key: string; idx: LuaValue; v: LuaValue; exit: Exit }
  | { k: 'ipairs'; a: number; t: TT; two: boolean; exit: Exit }
  /**
   * TFORCALL of `next` (pairs): key and value of types tk, tv into a+3, a+4 (iterations-ending
   * nil: `end`, at the TFORLOOP with a+3 nil); tc is the control register's type (iterators.ts).
   */
  | { k: 'next'; a: number; tc: TT; tk: TT; tv: TT; two: boolean; exit: Exit; end: Exit }
  | { k: 'forprep'; a: number; skip: boolean; exit: Exit }
  | { k: 'forloop'; a: number; target: number; want: boolean; breaks: boolean; exit: Exit; end: Exit }
  | { k: 'tforloop'; a: number; target: number }
  | { k: 'loop'; target: number }
  | { k: 'inner'; id: number; body: Node[] }
  | {
      k: 'callfn';
      /** The call's registers: function at a, nargs arguments above it, nres results from a. */
      a: number;
      nargs: number;
      targs: TT[];
      /** The callee's parameter count: parameters without an argument are set to nil. */
      nparams: number;
      nres: number;
      /** Index in consts of the callee's function-trace LoopState (its tree may be recompiled). */
      callee: number;
      /** Result types seen when recorded. */
      ts: TT[];
      /** Stack slots the callee's frame may use above the call's function slot. */
      room: number;
      /** Before the call (the interpreter makes it instead). */
      exit: Exit;
      /** After it, when the results are not what was recorded: they are left on the stack. */
      after: Exit;
      /** What this frame writes back when the callee left frames behind: registers up to a. */
      spill: Map<number, TT>;
      /** In a loop trace: index in consts of its FunctionCallSite (loopcalls.ts). */
      site?: number;
      /** C = 0 (loop traces): exactly nres results, L.top after them; other counts leave. */
      exact?: boolean;
    }
  /** A function trace's tail call: the callee's results are this function's (see codegen). */
  | {
      k: 'tailfn';
      a: number;
      nargs: number;
      targs: TT[];
      nparams: number;
      callee: number;
      room: number;
      exit: Exit;
    }
  /**
   * In an inlined callee (frame depth `depth`, registers from root register `off`): runs the compiled
   * tree of the callee's loop at `header` (calleeloops.ts). `site` indexes consts' CalleeSite.
   */
  | {
      k: 'calleeloop';
      depth: number;
      off: number;
      header: number;
      site: number;
      spill: Exit;
      resume: number;
      reload: [number, TT][];
    }
  /** A function trace's RETURN: n results from register a, stored from the function's slot on. */
  | { k: 'ret'; a: number; n: number; ts: TT[] }
  | {
      k: 'calltree';
      header: number;
      /** Index in consts of the nested loop's LoopState (its compiled tree may be recompiled). */
      loop: number;
      /** What to write back before the call (an exit's register set; never taken as an exit). */
      spill: Exit;
      /** The pc the nested tree left at when recorded; leaving anywhere else leaves this trace too. */
      resume: number;
      reload: [number, TT][];
    };

/** A recorded path: from the loop header (root) or a side exit, around to the loop header. */
export interface Path {
  nodes: Node[];
  /** Root registers written on this path (for side paths, after the exit it starts from). */
  writes: Set<number>;
}

/** All traces of one loop: the root path and the side paths spliced into its exits. */
export interface Tree {
  /** A loop (entered at its header) or a whole function (entered at its call, left at a RETURN). */
  kind: 'loop' | 'function';
  proto: Proto;
  /** The loop header: the pc the back-edge jumps to and the compiled trace is entered at. */
  header: number;
  root: Path;
  /** Types the root registers must have at the loop header (live-ins and loop-carried locals). */
  entry: Map<number, TT>;
  /** Root registers that are locals at the header: their values survive from one iteration on. */
  headerLocals: Set<number>;
  /** Values the generated code refers to by index (tables, functions, upvalue cells, odd numbers). */
  consts: unknown[];
  sidePaths: number;
  innerLoops: number;
  /** The loop's for-loop width, shared with its LoopState (codegen/forwidth.ts). */
  forWidth: ForWidth;
}

export const vreg = (depth: number, reg: number): number => depth * 256 + reg;
export const isRoot = (v: number): boolean => v < 256;

export function newExit(kind: ExitKind, pc: number, snap: Map<number, TT>): Exit {
  return { kind, pc, snap, count: 0, side: null, sideAborts: 0, id: -1, inner: null, frames: null, top: -1 };
}
