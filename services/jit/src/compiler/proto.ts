import type { LuaValue } from '../vm/value.ts';

export interface UpvalDesc {
  name: string;
  /** True: captures the enclosing function's register `index`; false: its upvalue `index`. */
  inStack: boolean;
  index: number;
}

export interface LocVar {
  name: string;
  reg: number;
  /** Active for startpc <= pc < endpc. */
  startpc: number;
  endpc: number;
}

/** A compiled function: bytecode plus what the interpreter and error messages need. */
export interface Proto {
  code: Int32Array;
  /** Source line of each instruction. */
  lines: Int32Array;
  k: LuaValue[];
  protos: Proto[];
  upvals: UpvalDesc[];
  numparams: number;
  isVararg: boolean;
  maxstack: number;
  locvars: LocVar[];
  source: string;
  linedefined: number;
  lastlinedefined: number;
  /** Per-instruction counters for back-edges, for the tracing JIT (allocated lazily by it). */
  hotcounts: Uint16Array | null;
}
