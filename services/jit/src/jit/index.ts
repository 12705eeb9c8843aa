// Public face of the tracing JIT: the interpreter only sees the JitHook it installs on a LuaState.
export { TracingJit, MAX_ABORTS, type JitOptions } from './engine.ts';
export { MAX_RECORD_INSTRUCTIONS } from './recorder.ts';
export { emptyJitStats, formatJitStats, type JitStats } from './stats.ts';
