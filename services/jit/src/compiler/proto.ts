import type { FloatLoopSite } from './floatloop.ts';
import type { Shape } from '../vm/shape.ts';
import type { LuaValue } from '../vm/value.ts';

export interface UpvalDesc {
  name: string;
  /** True: captures the enclosing function's register `index`; false: its upvalue `index`. */
  inStack: boolean;
  index: number;
  /** The main chunk's _ENV, or a capture of it: globals through it are L.globals (GETGLOBAL). */
  env?: boolean;
}

export interface LocVar {
  name: string;
  reg: number;
  /** Active for startpc <= pc < endpc. */
  startpc: number;
  endpc: number;
  /** A to-be-closed variable (`<close>`, or a generic for's closing value that may be one). */
  tbc?: boolean;
  /** Marked `--@promote` (parser/hints.ts): traces take its value as a constant. */
  promote?: boolean;
  /** At run time: how often its promote guards failed (jit/record/promote.ts stops promoting it). */
  misses?: number;
}

/** A compiled function: bytecode plus what the interpreter and error messages need. */
export interface Proto {
  code: Int32Array;
  /** `code` with superinstructions (compiler/fuse.ts), run by the interpreter while the JIT is off. */
  icode: Int32Array;
  /** Its loops that may run on number registers, by FORLOOP pc (compiler/floatloop.ts); null: none. */
  floatLoops: (FloatLoopSite | undefined)[] | null;
  /** Source line of each instruction. */
  lines: Int32Array;
  k: LuaValue[];
  protos: Proto[];
  upvals: UpvalDesc[];
  /** Where lua5.4's _ENV upvalue would be among upvals (FuncState.envAt), -1 if none. */
  envAt: number;
  numparams: number;
  isVararg: boolean;
  maxstack: number;
  locvars: LocVar[];
  /** JIT hints (parser/hints.ts): the function is `--@pure`; its `--@promote` locals. */
  pure: boolean;
  promotes: LocVar[];
  source: string;
  /** The chunk's name as given (debug.getinfo's `source`: "@file", "=name", the text), when known. */
  chunk?: string;
  linedefined: number;
  lastlinedefined: number;
  /**
   * Back-edge counters indexed by loop header pc, counting down to the tracing JIT's call; null
   * while the JIT is off, which is all the interpreter checks.
   */
  hotcounts: Int32Array | null;
  /**
   * Closures made of this function so far (CLOSURE), up to 2: a trace inlining a call of one made
   * more than once guards on this prototype rather than the closure (record/calls.ts).
   */
  closures: number;
  /**
   * The interpreter's inline caches for field accesses with a constant string key, by pc: the shape
   * last seen there, the key's slot in it and, for a store that added the key, the shape it led to
   * (vm/fieldcache.ts). A float slot's shape goes in icFloat instead, so that the interpreter's own
   * test (icShape) only ever hits slots whose values need no box.
   */
  icShape: (Shape | null)[];
  icSlot: Int32Array;
  icNext: (Shape | null)[];
  icFloat: (Shape | null)[];
}
