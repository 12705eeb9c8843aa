// Public face of the Lua implementation (the tracing JIT plugs in behind runSource).
export {
  runSource,
  load,
  newState,
  errorText,
  DEFAULT_HOT_LOOP_THRESHOLD,
  type RunOptions,
  type RunResult,
} from './runtime.ts';
export { memoryFiles, nodeFiles } from './hostfiles.ts';
export { parse } from './parser/index.ts';
export { compile, OP_NAMES, Op } from './compiler/index.ts';
export { LuaError } from './errors/index.ts';
export { disassemble } from './compiler/disasm.ts';
export { emptyJitStats, formatJitStats, type JitStats } from './jit/index.ts';
