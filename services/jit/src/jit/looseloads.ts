// Float loads whose integer-or-float check can go. A field or element recorded as a float must be
// checked to be one (`!Number.isInteger`: a raw integral number means an integer). But when the loaded
// value only ever meets a known float in + - * / before it dies, an integer there would give the very
// same result (Lua converts it to the same float, exactly: integers here are safe), so any number will
// do; and a Float64Array holds only numbers, so for n-body's fields the check disappears. In n-body's
// inner loop that is seven checks per iteration, each a branch V8 must keep values for.
import { harmless, written } from './fieldgen.ts';
import { exitsOf, type Node, type Opnd, type Tree, WRITES_NONE } from './ir.ts';
import { liveAt } from './liveness.ts';
import { allPaths } from './optimize.ts';
import { TT } from './types.ts';

const FLOAT_OPS = new Set(['add', 'sub', 'mul', 'div']);

const isReg = (o: Opnd, r: number): boolean => 'r' in o && o.r === r;

/** Whether node n reads register r; null when not known for its kind. */
function reads(n: Node, r: number): boolean | null {
  switch (n.k) {
    case 'mov':
      return isReg(n.src, r);
    case 'arith':
    case 'cmp':
      return isReg(n.a, r) || isReg(n.b, r);
    case 'unm':
    case 'bnot':
    case 'not':
    case 'len':
    case 'test':
      return n.a === r;
    case 'getupv':
      return n.clo === r;
    case 'vararg':
      return false;
    case 'closure':
      return n.ups.some((u) => ('r' in u ? u.r === r : u.clo === r));
    case 'getglobal':
    case 'newtab':
      return false;
    case 'setupv':
      return n.src === r || n.clo === r;
    case 'fnguard':
    case 'promote':
      return n.src === r;
    case 'setglobal':
      return isReg(n.src, r);
    case 'gettab':
      return n.tab === r || isReg(n.key, r);
    case 'settab':
      return n.tab === r || isReg(n.key, r) || isReg(n.val, r);
    case 'shape':
    case 'nometa':
    case 'getslot':
    case 'getmeta':
      return n.tab === r;
    case 'setslot':
    case 'addslot':
      return n.tab === r || isReg(n.val, r);
    case 'native':
      return n.args.some((o) => isReg(o, r));
    case 'forprep':
    case 'forloop':
      return r >= n.a && r <= n.a + 3;
    default:
      return null;
  }
}

/** Whether node n writes register r; null when not known for its kind. */
function writes(n: Node, r: number): boolean | null {
  if (WRITES_NONE.has(n.k)) return false;
  if (!harmless(n) || n.k === 'inner') return null;
  return written(n).includes(r);
}

/**
 * A use of r that gives the same float whether r holds an integer or a float: the other operand is a
 * float for sure, a constant or a register whose last writer before the use (nodes[0..j)) is not a
 * float load, which may be loose as well (two integers would make an integer).
 */
function floatUse(nodes: Node[], j: number, r: number): boolean {
  const n = nodes[j]!;
  if (n.k !== 'arith' || !FLOAT_OPS.has(n.op) || n.tr !== TT.FLT) return false;
  if (isReg(n.a, r) && isReg(n.b, r)) return false;
  const other = isReg(n.a, r) ? n.b : n.a;
  if ((isReg(n.a, r) ? n.tb : n.ta) !== TT.FLT) return false;
  if ('k' in other) return true;
  for (let k = j - 1; k >= 0; k--) {
    const w = nodes[k]!;
    const wr = writes(w, other.r);
    if (wr === null) return false;
    if (wr) return !((w.k === 'getslot' && !w.fl) || w.k === 'gettab') || w.t !== TT.FLT;
  }
  return true;
}

/** Arithmetic whose code has no exit unless both operands are integers (codegen.ts `arith`). */
const EXITS_ONLY_FOR_INTS = new Set(['add', 'sub', 'mul', 'div', 'pow', 'mod', 'idiv']);

/** Exits the code generator emits for n: float arithmetic has none (bitwise operations always may). */
function emittedExits(n: Node): ReturnType<typeof exitsOf> {
  if (n.k === 'arith' && EXITS_ONLY_FOR_INTS.has(n.op) && !(n.ta === TT.INT && n.tb === TT.INT)) return [];
  return exitsOf(n);
}

/** Whether the float loaded by nodes[i] into r only meets known floats in + - * / before it dies. */
function onlyFloatUses(tree: Tree, nodes: Node[], i: number, r: number): boolean {
  let used = false;
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j]!;
    const rd = reads(n, r);
    if (rd === null) return false;
    if (rd) {
      if (!floatUse(nodes, j, r)) return false;
      used = true;
    }
    // Wherever the trace may leave (or a side path start), the interpreter must not read r.
    for (const e of emittedExits(n)) {
      if (e.frames !== null || liveAt(tree.proto, e.pc)(r)) return false;
    }
    const wr = writes(n, r);
    if (wr === null) return false;
    if (wr) return used;
  }
  return false;
}

/** The getslot and gettab nodes of the tree whose float check may accept any number. */
export function looseFloatLoads(tree: Tree): Set<Node> {
  const out = new Set<Node>();
  if (tree.kind !== 'loop') return out;
  const visit = (nodes: Node[]): void => {
    nodes.forEach((n, i) => {
      if (n.k === 'inner') visit(n.body);
      else if ((n.k === 'getslot' || n.k === 'gettab') && n.t === TT.FLT && n.dst < 256) {
        if (onlyFloatUses(tree, nodes, i, n.dst)) out.add(n);
      }
    });
  };
  for (const p of allPaths(tree)) visit(p.nodes);
  return out;
}
