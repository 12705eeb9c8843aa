// Common subexpressions of one recorded path. An arithmetic node or a concatenation whose operands
// hold the same values as those of an earlier node on the path, whose result some register still
// holds, becomes a move from that register. Lua's counting idiom `t[k .. i] = (t[k .. i] or 0) + 1`
// builds its key twice; once built, the key is also hashed once (V8 keeps a string's hash in it).
// Both kinds are pure on the types the recorder gives them (numbers and strings: no metamethods), so
// the second node computes what the first did, and its exit could never be taken: the first one's
// would have been.
import { WRITES_DST, WRITES_NONE, type Node, type Opnd } from './ir.ts';
import { TT } from './types.ts';

/** A constant's value number, or null for one that equal keys could confuse (a boxed float). */
function constKey(v: unknown): string | null {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return `b${v}`;
    case 'undefined':
      return 'nil';
    default:
      return null;
  }
}

/** Rewrites the path's repeated pure nodes into moves; returns how many it rewrote. */
export function eliminateCommon(nodes: Node[]): number {
  // Value numbers of the registers written so far; a register not in it holds what it held when
  // the epoch began (a node writing registers this pass does not follow starts a new epoch).
  let vn = new Map<number, string>();
  let epoch = 0;
  let fresh = 0;
  let rewritten = 0;
  const regKey = (r: number): string => vn.get(r) ?? `e${epoch}r${r}`;
  const opKey = (o: Opnd): string => ('r' in o ? regKey(o.r) : (constKey(o.k) ?? `f${fresh++}`));
  const holderOf = (key: string): number | undefined => {
    for (const [r, k] of vn) if (k === key) return r;
    return undefined;
  };
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const pure =
      n.k === 'arith'
        ? { key: `a${n.op}:${opKey(n.a)}:${opKey(n.b)}:${n.ta}:${n.tb}:${n.tr}`, t: n.tr, dst: n.dst }
        : n.k === 'concat'
          ? { key: `c${n.parts.map(regKey).join(',')}:${n.ts.join(',')}`, t: TT.STR, dst: n.dst }
          : null;
    if (pure !== null) {
      const h = holderOf(pure.key);
      if (h !== undefined && h !== pure.dst) {
        nodes[i] = { k: 'mov', dst: pure.dst, src: { r: h }, t: pure.t };
        rewritten++;
      }
      vn.set(pure.dst, pure.key);
    } else if (n.k === 'mov') {
      vn.set(n.dst, opKey(n.src));
    } else if (WRITES_DST.has(n.k)) {
      vn.set((n as { dst: number }).dst, `f${fresh++}`);
    } else if (!WRITES_NONE.has(n.k)) {
      vn = new Map();
      epoch++;
    }
  }
  return rewritten;
}
