// Public face of the Lua implementation (the tracing JIT will plug in behind runSource).
export { runSource, load, newState, errorText, type RunOptions, type RunResult } from './runtime.ts';
export { parse } from './parser/index.ts';
export { compile, OP_NAMES, Op } from './compiler/index.ts';
export { LuaError } from './errors/index.ts';
export { disassemble } from './compiler/disasm.ts';
export { emptyJitStats, type JitStats } from './jit/stats.ts';
