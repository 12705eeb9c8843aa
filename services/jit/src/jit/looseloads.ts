// Float loads whose integer-or-float check can go. A field or element recorded as a float must be
// checked to be one (`!Number.isInteger`: a raw integral number means an integer). But when the loaded
// value only ever meets a known float in + - * / before it dies, an integer there would give the very
// same result (Lua converts it to the same float, exactly: integers here are safe), so any number will
// do; and a Float64Array holds only numbers, so for n-body's fields the check disappears. In n-body's
// inner loop that is seven checks per iteration, each a branch V8 must keep values for.
//
// An exit where the loaded register is still live must hand the interpreter the value as it was
// loaded, an integer staying an integer: such an exit stores the load's own JS value (kept in
// `o<r>`, see keptName) instead of boxing the register as a float. spectral-norm's `x[j] * A(i, j)`
// is live across the inlined call's exits (which run the call again from the interpreter): without
// this its element load kept its check, six instructions and a branch of a twenty-instruction loop.
//
// An element or field recorded as an integer is loose on the same terms: its value only meets known
// floats, so a float read there later gives what Lua gives, and the trace no longer leaves to grow a
// float side path. Arrays filled with integers first and floats later are common (spectral-norm's
// vectors start as 1s; `v[i] = 0` before a sum): without this, the first float left the trace ten
// times, recorded a side path and recompiled the tree, whose new function V8 then warmed up again.
import { forgetWrites, harmless, written } from './fieldgen.ts';
import { type Exit, exitsOf, type Node, type Opnd, TO_ROOT, type Tree, WRITES_NONE } from './ir.ts';
import { liveAt } from './liveness.ts';
import { allPaths, hoistedRead, type TreeFacts } from './optimize.ts';
import { TT } from './types.ts';

const FLOAT_OPS = new Set(['add', 'sub', 'mul', 'div']);
/** Types a load may be recorded with and still be loose. */
const NUMBERS = new Set([TT.FLT, TT.INT]);

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
    if (wr) return !((w.k === 'getslot' && !w.fl) || w.k === 'gettab') || !NUMBERS.has(w.t);
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

/** The JS local holding the value a loose load into register r read, for exits that store it. */
export const keptName = (r: number): string => `o${r}`;

export interface LooseLoads {
  /** getslot and gettab nodes whose float check accepts any number. */
  loads: Set<Node>;
  /** Those of them whose value some exit stores as it was loaded (into keptName(dst)). */
  keeping: Set<Node>;
  /** Per exit, the registers it stores from keptName instead of boxing them. */
  kept: Map<Exit, Set<number>>;
}

/**
 * Nodes of a node list whose exits the code generator does not emit in place: reads it hoists into
 * the trace's entry (codegen.ts getupv, getglobal) and the function guards on them (fnguard).
 */
function hoistedGuards(nodes: Node[], facts: TreeFacts): Set<Node> {
  const out = new Set<Node>();
  // Registers holding a hoisted upvalue read, as codegen.ts's `held` tracks them.
  const held = new Set<number>();
  for (const n of nodes) {
    const read = hoistedRead(n, facts);
    if (read || (n.k === 'fnguard' && n.ccalls === undefined && held.has(n.src))) out.add(n);
    forgetWrites(held, n);
    if (read && n.k === 'getupv') held.add(n.dst);
  }
  return out;
}

/**
 * Whether the number loaded by nodes[i] into r only meets known floats in + - * / before it dies;
 * `kept` gets the exits on the way that store r (as loaded).
 */
function onlyFloatUses(
  tree: Tree,
  facts: TreeFacts,
  nodes: Node[],
  i: number,
  r: number,
  hoisted: Set<Node>,
  kept: Exit[],
): boolean {
  let used = false;
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j]!;
    // A nested loop's tree reads its registers from the stack. One dead at the loop's header is
    // written there before it is read, so its life ends here (its store before the call, when the
    // loop writes it, is never read).
    if (n.k === 'calltree') return used && !liveAt(tree.proto, n.header)(r);
    const rd = reads(n, r);
    if (rd === null) return false;
    if (rd) {
      if (!floatUse(nodes, j, r)) return false;
      used = true;
    }
    if (!hoisted.has(n)) {
      for (const e of emittedExits(n)) {
        // What the exit stores (Gen.stores): an exit into inlined frames every root register of its
        // snapshot, any other those live where it resumes, and loop-carried registers always.
        const live = e.frames !== null ? () => true : liveAt(tree.proto, e.pc);
        if (!live(r)) continue;
        if (!e.snap.has(r) && facts.loopCarried.has(r)) return false;
        if (!e.snap.has(r)) continue;
        // A side path from here would go on with the register as a float.
        if (e.side !== null) return false;
        kept.push(e);
      }
    }
    const wr = writes(n, r);
    if (wr === null) return false;
    if (wr) return used;
  }
  // A path that goes round the traced loop again: r dies there unless its header reads it.
  const last = nodes[nodes.length - 1];
  const round = (last?.k === 'forloop' || last?.k === 'loop') && last.target === TO_ROOT;
  return used && round && !liveAt(tree.proto, tree.header)(r) && !facts.loopCarried.has(r);
}

/** The loads of the tree whose float check may accept any number, and what their exits keep. */
export function looseFloatLoads(tree: Tree, facts: TreeFacts): LooseLoads {
  const out: LooseLoads = { loads: new Set(), keeping: new Set(), kept: new Map() };
  if (tree.kind !== 'loop') return out;
  const visit = (nodes: Node[]): void => {
    const hoisted = hoistedGuards(nodes, facts);
    nodes.forEach((n, i) => {
      if (n.k === 'inner') visit(n.body);
      // A float slot's load accepts any number anyway, and its exits box it right (fieldgen.ts).
      else if (((n.k === 'getslot' && !n.fl) || n.k === 'gettab') && NUMBERS.has(n.t) && n.dst < 256) {
        const kept: Exit[] = [];
        if (!onlyFloatUses(tree, facts, nodes, i, n.dst, hoisted, kept)) return;
        out.loads.add(n);
        if (kept.length > 0) out.keeping.add(n);
        for (const e of kept) {
          let rs = out.kept.get(e);
          if (rs === undefined) out.kept.set(e, (rs = new Set()));
          rs.add(n.dst);
        }
      }
    });
  };
  for (const p of allPaths(tree)) visit(p.nodes);
  return out;
}
