// JIT hints in the spirit of yk's: comments that change nothing in the language, only what the
// tracing JIT may assume. A hint belongs to the statement starting on its line or on the next line.
//   --@pure     before a function: it has no effects and its results depend only on its arguments,
//               so a traced call with constant arguments becomes its results.
//   --@promote  on a `local` statement: a trace takes the locals' values as constants, guarded.
// Other words after `--@` are ignored, as a Lua comment would be.
import type { Expr, Stat } from './ast.ts';

/** The hint words for a statement starting at `line`; drops every hint at or before it. */
export function takeHints(hints: Map<number, string[]>, line: number): string[] | null {
  let words: string[] | null = null;
  for (const [at, ws] of hints) {
    if (at > line) continue;
    if (at >= line - 1) words = words === null ? [...ws] : [...words, ...ws];
    hints.delete(at);
  }
  return words;
}

function markPure(e: Expr | undefined): void {
  if (e?.kind === 'Function') e.pure = true;
}

export function applyHints(s: Stat, words: string[]): void {
  for (const w of words) {
    if (w === 'pure') {
      if (s.kind === 'LocalFunction') s.func.pure = true;
      else if ((s.kind === 'Local' || s.kind === 'Assign') && s.exprs.length === 1) markPure(s.exprs[0]);
    } else if (w === 'promote' && s.kind === 'Local') s.promote = true;
  }
}
