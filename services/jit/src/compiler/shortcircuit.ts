// What lua5.4's code generator (lcode.c) knows of a short-circuit operand without running it: a
// constant that is always true (`1 and x`) or always false (`nil or x`, `(f() and nil) or x`)
// leaves no jump behind, so the value comes straight from the other operand. It matters beyond code
// size: an error on such an operand names its variable (`(c and nil or a) + 1` blames local 'a').
import type { Expr } from '../parser/index.ts';

/** true or false when e's truth is fixed at compile time (as luaK_goiftrue/goiffalse see it), else undefined. */
export function knownTruth(e: Expr): boolean | undefined {
  switch (e.kind) {
    case 'Nil':
    case 'False':
      return false;
    case 'True':
    case 'Number':
    case 'String':
      return true;
    case 'Paren':
      return knownTruth(e.expr);
    case 'Unop':
      // constant folding: `-1` is a constant; `not` of a constant is one (codenot)
      if (e.op === '-' && e.operand.kind === 'Number') return true;
      if (e.op === 'not') {
        const t = knownTruth(e.operand);
        return t === undefined ? undefined : !t;
      }
      return undefined;
    default:
      return undefined;
  }
}
