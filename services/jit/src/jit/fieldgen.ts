// Code for string-keyed fields of tables in shape mode (record/fields.ts): a guard on the table's
// shape, then reads and writes of `t.slots[i]`. A guard already made on the same register since the
// last thing that could change a shape or metatable is dropped, and a guard on a table the tree
// never replaces, in a tree that never changes shapes or metatables, moves to the trace's entry.
import { allPaths } from './optimize.ts';
import { eachNode, type Exit, type Node, type Opnd, type Tree } from './ir.ts';
import { boxExpr, checkExpr, LOOSE_FLOAT_CHECK, TT, unboxExpr } from './types.ts';

/** What fieldgen needs of the code generator. */
export interface GenApi {
  readonly tree: Tree;
  readonly prologue: string[];
  /** Float loads that may accept any number (looseloads.ts). */
  readonly loose: { readonly loads: Set<Node> };
  /** Code keeping a loose load's value for the exits that store it (looseloads.ts). */
  keep(n: Node, r: number): string;
  op(o: Opnd, t: TT): string;
  dst(v: number): string;
  konst(v: unknown): string;
  exitCode(e: Exit): string;
}

export type FieldNode = Extract<Node, { k: 'shape' | 'nometa' | 'getslot' | 'setslot' | 'addslot' }>;

/**
 * Nodes that change no table's shape or metatable (besides their own destination registers). Not
 * library calls ('native'): some may run metamethods (tostring, string.format).
 */
const HARMLESS = new Set<Node['k']>([
  'mov',
  'arith',
  'unm',
  'bnot',
  'not',
  'len',
  'concat',
  'getupv',
  'setupv',
  'upvcell',
  'getglobal',
  'gettab',
  'newtab',
  'setlist',
  'shape',
  'nometa',
  'getslot',
  'getmeta',
  'closure',
  'vararg',
  'setslot',
  'cmp',
  'test',
  'fnguard',
  'promote',
  'ipairs',
  'next',
  'forprep',
  'forloop',
  'tforloop',
  'loop',
  'inner',
  'ret',
]);

/**
 * Library functions traced only with a number as first argument (natives.ts): whatever else they get,
 * they reach no table and call no metamethod, so a guard made before one still holds after it.
 */
const NUMERIC_NATIVES = new Set([
  'math.sqrt',
  'math.sin',
  'math.cos',
  'math.tan',
  'math.exp',
  'math.floor',
  'math.ceil',
  'math.abs',
]);

export function harmless(n: Node): boolean {
  if (n.k === 'setslot') return n.gen === undefined;
  return HARMLESS.has(n.k) || (n.k === 'native' && NUMERIC_NATIVES.has(n.name));
}

/** Registers a harmless node writes. */
export function written(n: Node): number[] {
  switch (n.k) {
    case 'native':
      return n.ts.map((_, j) => n.dst + j);
    case 'ipairs':
    case 'next':
      return [n.a + 3, n.a + 4];
    case 'forprep':
    case 'forloop':
      return [n.a, n.a + 1, n.a + 2, n.a + 3];
    case 'tforloop':
      return [n.a];
    case 'vararg':
      return n.ts.map((_, j) => n.dst + j);
    default:
      return 'dst' in n ? [n.dst] : [];
  }
}

/**
 * Forgets, of registers known to hold something (hoisted values, checked tables), those node n may
 * have written: all of them after a node that may change anything.
 */
export function forgetWrites(known: { clear(): void; delete(r: number): unknown }, n: Node): void {
  if (!harmless(n) || n.k === 'inner') known.clear();
  else for (const r of written(n)) known.delete(r);
}

/** Registers holding the same table for the whole tree, when the tree changes no shape or metatable. */
function invariantTables(tree: Tree): Set<number> {
  const out = new Set<number>();
  const paths = allPaths(tree);
  let stable = true;
  for (const p of paths) eachNode(p.nodes, (n) => (stable &&= harmless(n)));
  if (!stable) return out;
  for (const [r, t] of tree.entry) {
    if (t === TT.TAB && !paths.some((p) => p.writes.has(r))) out.add(r);
  }
  return out;
}

export class FieldGen {
  /** Registers known to hold a table of this shape (the shape's index in consts). */
  private shapes = new Map<number, number>();
  private nometa = new Set<number>();
  private readonly invariant: Set<number>;
  private readonly entryGuards = new Set<string>();

  constructor(tree: Tree) {
    this.invariant = invariantTables(tree);
  }

  /** Generates code reached from elsewhere than the code before it (a loop body, a side path). */
  fresh(gen: () => string): string {
    const [shapes, nometa] = [this.shapes, this.nometa];
    this.shapes = new Map();
    this.nometa = new Set();
    const code = gen();
    [this.shapes, this.nometa] = [shapes, nometa];
    return code;
  }

  /** Forgets what node n (just generated) may have made untrue. */
  after(n: Node): void {
    const moves = n.k === 'setslot' && n.gen !== undefined;
    if (n.k === 'addslot' || n.k === 'settab' || n.k === 'setglobal' || moves) {
      // A store may add a key to any table (registers may alias): shapes are known no more.
      this.shapes.clear();
      if (n.k === 'addslot') this.shapes.set(n.tab, n.shape);
      else if (moves) this.shapes.set(n.tab, n.gen!);
      return;
    }
    forgetWrites(this.shapes, n);
    forgetWrites(this.nometa, n);
  }

  node(g: GenApi, n: FieldNode): string {
    const tab = g.op({ r: n.tab }, TT.TAB);
    switch (n.k) {
      case 'shape': {
        const test = `${tab}.shape !== ${g.konst(g.tree.consts[n.shape])}`;
        if (this.shapes.get(n.tab) === n.shape) return '';
        this.shapes.set(n.tab, n.shape);
        return this.guard(g, n.tab, test, n.exit);
      }
      case 'nometa':
        if (this.nometa.has(n.tab)) return '';
        this.nometa.add(n.tab);
        return this.guard(g, n.tab, `${tab}.metatable !== null`, n.exit);
      case 'getslot': {
        const dst = g.dst(n.dst);
        if (n.slot < 0) return `${dst} = undefined;`;
        // A float slot holds floats only: any number read from it is one.
        const loose = g.loose.loads.has(n) || (n.fl && n.t === TT.FLT);
        const chk = loose ? LOOSE_FLOAT_CHECK : checkExpr(n.t, 't');
        return (
          `t = ${tab}.slots[${n.slot}];\nif (!(${chk})) ${g.exitCode(n.exit)}\n` +
          `${dst} = ${unboxExpr(loose ? TT.FLT : n.t, 't')};${g.keep(n, n.dst)}`
        );
      }
      case 'setslot': {
        const v = g.op(n.val, n.tv);
        // A float slot holds a float as a bare number, integral or not, NaN too, in either kind of
        // slots array (vm/slots.ts): the store needs no test at all.
        // Elsewhere slots may be a Float64Array, which takes only numbers: an integer, or a float that
        // needs no box, is stored as is; anything else goes through setSlot (storeSlot for a float,
        // which must not move the table to a float slot's shape). A float's two cases are two stores:
        // one store of either a raw double or a box would make V8 box the double as well. One
        // comparison tells them apart: the fractional part is non-zero for a non-integral finite float
        // only (NaN, and the NaN that infinities give, compare false and take the storeSlot side).
        if (n.fl && n.tv === TT.FLT) return `${tab}.slots[${n.slot}] = ${v};`;
        if (n.tv === TT.INT && !n.fl) return `${tab}.slots[${n.slot}] = ${v};`;
        if (n.tv !== TT.FLT) return `${tab}.setSlot(${n.slot}, ${v});`;
        return (
          `t = ${v}; if (!(Math.abs(t - Math.trunc(t)) > 0)) ${tab}.storeSlot(${n.slot}, mkFloat(t)); ` +
          `else ${tab}.slots[${n.slot}] = t;`
        );
      }
      case 'addslot':
        return `${tab}.appendSlot(${g.konst(g.tree.consts[n.shape])}, ${boxExpr(n.tv, g.op(n.val, n.tv))});`;
    }
  }

  /** The guard in place, or once at the trace's entry for a table the tree keeps throughout. */
  private guard(g: GenApi, reg: number, test: string, e: Exit): string {
    if (!this.invariant.has(reg)) return `if (${test}) ${g.exitCode(e)}`;
    if (!this.entryGuards.has(test)) {
      this.entryGuards.add(test);
      g.prologue.push(`if (${test}) return -1;`);
    }
    return '';
  }
}
