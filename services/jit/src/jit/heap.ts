// A V8 heap setting the JIT needs. Traces allocate tables fast and deep in recursion (binary-trees
// builds whole trees in JS recursion before dropping them); V8's allocation-site pretenuring then
// decides those tables are long-lived and allocates them in old space, where each one costs a full
// mark-compact: binary-trees spent 0.9 s in GC with it and 0.1 s without. Lua's tables are mostly
// short-lived, so the JIT turns it off (for the process: V8 has no per-isolate setting).
import { setFlagsFromString } from 'node:v8';

let done = false;

export function tuneHeapForTraces(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
