// Traces inside coroutines. A yield leaves only from the coroutine's own dispatch loop (vm/coroutine.ts),
// so a coroutine runs a tree only when nothing in it can run Lua code in a nested loop of the
// interpreter: no function trace it calls (their handover), no tree of a nested loop or of a callee's
// loop, and no exit inside inlined calls that stored (finishInlined). A coroutine's recording refuses
// those before the state changes (record/state.ts IN_COROUTINE), so its trees qualify; the main
// thread's are checked here.
import type { Exit, Tree } from './ir.ts';
import { eachNode } from './ir.ts';
import { allPaths } from './optimize.ts';

/** Whether a coroutine may run the compiled tree with these exits (see above). */
export function yieldSafe(tree: Tree, exits: readonly Exit[]): boolean {
  if (exits.some((e) => e.frames !== null)) return false;
  let safe = true;
  for (const p of allPaths(tree))
    eachNode(p.nodes, (n) => {
      if (n.k === 'callfn' || n.k === 'tailfn' || n.k === 'calleeloop' || n.k === 'calltree') safe = false;
    });
  return safe;
}
