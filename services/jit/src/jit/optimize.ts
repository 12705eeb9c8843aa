// Whole-tree facts the code generator needs: which registers are loop-carried (written back at every
// exit) and which loads are loop-invariant and can be hoisted out of the loop into the trace entry.
import type { LoopState } from './cache.ts';
import { eachNode, exitsOf, type Node, type Path, type Tree } from './ir.ts';
import { PURE_NATIVES } from './natives.ts';
import { TT } from './types.ts';

export interface TreeFacts {
  /** Header locals written somewhere in the tree: their JS locals carry values across iterations. */
  loopCarried: Set<number>;
  /** Upvalue reads can move to the entry: nothing in the tree assigns an upvalue. */
  hoistUpvals: boolean;
  /**
   * Global reads can move to the entry: nothing in the tree stores into a global or any table, neither
   * a store nor a library call storing under a key it is given (rawset(_G, name, v) assigns a global).
   */
  hoistGlobals: boolean;
  /** Root registers some path writes: the others keep their entry values throughout. */
  rootWrites: Set<number>;
}

/** Whether the code generator reads n (an upvalue or a global) once, at the trace's entry. */
export function hoistedRead(n: Node, facts: TreeFacts): boolean {
  if (n.k === 'getupv') return n.clo === undefined && facts.hoistUpvals;
  if (n.k === 'getglobal') return facts.hoistGlobals && n.t !== TT.NIL;
  return false;
}

export function allPaths(tree: Tree): Path[] {
  const out: Path[] = [];
  const visit = (p: Path): void => {
    out.push(p);
    eachNode(p.nodes, (n) => {
      for (const e of exitsOf(n)) if (e.side !== null) visit(e.side);
    });
  };
  visit(tree.root);
  return out;
}

function selfCall(tree: Tree, callee: number): boolean {
  return (tree.consts[callee] as LoopState).tree === tree;
}

export function analyse(tree: Tree): TreeFacts {
  const loopCarried = new Set<number>();
  const rootWrites = new Set<number>();
  let hoistUpvals = true;
  let hoistGlobals = true;
  for (const p of allPaths(tree)) {
    for (const r of p.writes) {
      rootWrites.add(r);
      if (tree.headerLocals.has(r)) loopCarried.add(r);
    }
    eachNode(p.nodes, (n) => {
      // A called tree or function may assign anything. A recursive call to this very tree does only
      // what the tree does: had it left for the interpreter, this trace would have left too.
      const calls =
        n.k === 'calltree' || n.k === 'calleeloop' || (n.k === 'callfn' && !selfCall(tree, n.callee));
      if (n.k === 'setupv' || calls) hoistUpvals = false;
      const stores =
        n.k === 'settab' ||
        n.k === 'setslot' ||
        n.k === 'addslot' ||
        n.k === 'setlist' ||
        (n.k === 'native' && PURE_NATIVES.get(n.name)?.namesKey === true);
      if (stores || n.k === 'setglobal' || calls) hoistGlobals = false;
    });
  }
  return { loopCarried, hoistUpvals, hoistGlobals, rootWrites };
}
