// Code for a traced generic `for` over `next` (pairs(t), `for k, v in next, t`): the table's own next,
// as the interpreter's TFORCALL fast path calls it, with the key and value checked against the types
// recorded. Leaving before the call (a key next rejects, other types) re-runs TFORCALL in the
// interpreter; the end of the iteration leaves at the TFORLOOP with the key register nil, exactly
// as TFORCALL leaves it.
import type { Exit, Node, Opnd } from './ir.ts';
import { boxExpr, checkExpr, TT, unboxExpr } from './types.ts';

/** What the iterator code needs of the code generator. */
export interface IterGen {
  op(o: Opnd, t: TT): string;
  dst(v: number): string;
  exitCode(e: Exit): string;
}

export function nextCode(g: IterGen, n: Extract<Node, { k: 'next' }>): string {
  const a = n.a;
  const tab = g.op({ r: a + 1 }, TT.TAB);
  const ctl = boxExpr(n.tc, g.op({ r: a + 2 }, n.tc));
  const key = g.dst(a + 3);
  let code =
    `t = ${tab}.tryNext(${ctl});\nif (t === null) ${g.exitCode(n.exit)}\n` +
    `if (t === undefined) { ${key} = undefined; ${g.exitCode(n.end)} }\n` +
    `u = t[1]; t = t[0];\nif (!(${checkExpr(n.tk, 't')} && ${checkExpr(n.tv, 'u')})) ${g.exitCode(n.exit)}\n` +
    `${key} = ${unboxExpr(n.tk, 't')};`;
  if (n.two) code += ` ${g.dst(a + 4)} = ${unboxExpr(n.tv, 'u')};`;
  return code;
}
