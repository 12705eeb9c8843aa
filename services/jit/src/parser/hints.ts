// JIT hints in the spirit of yk's: comments that change nothing in the language, only what the
// tracing JIT may assume. A hint belongs to the statement starting on its line or on the next line.
//   --@pure              before a function: it has no effects and its results depend only on its
//                        arguments, so a traced call with constant arguments becomes its results.
//   --@promote [a, b]    on a `local` statement: a trace takes the locals' values (those named, or
//                        all) as constants, guarded; before a function: its parameters'.
// Other words after `--@` are ignored, as a Lua comment would be.
import type { Expr, FunctionExpr, Stat } from './ast.ts';

/** The hints (text after `--@`) for a statement starting at `line`; drops every hint at or before it. */
export function takeHints(hints: Map<number, string[]>, line: number): string[] | null {
  let texts: string[] | null = null;
  for (const [at, ts] of hints) {
    if (at > line) continue;
    if (at >= line - 1) texts = texts === null ? [...ts] : [...texts, ...ts];
    hints.delete(at);
  }
  return texts;
}

/** A hint's word and the names after it: `promote kind, n` -> promote, [kind, n]. */
function parseHint(text: string): { word: string; names: string[] } {
  const [word = '', ...rest] = text.split(/[\s,]+/).filter((x) => x !== '');
  return { word, names: rest.filter((n) => /^[A-Za-z_]\w*$/.test(n)) };
}

/** The function a statement defines, if it defines exactly one. */
function functionOf(s: Stat): FunctionExpr | undefined {
  if (s.kind === 'LocalFunction') return s.func;
  if ((s.kind === 'Local' || s.kind === 'Assign') && s.exprs.length === 1) {
    const e: Expr = s.exprs[0]!;
    if (e.kind === 'Function') return e;
  }
  return undefined;
}

export function applyHints(s: Stat, texts: string[]): void {
  for (const text of texts) {
    const { word, names } = parseHint(text);
    const fn = functionOf(s);
    if (word === 'pure' && fn !== undefined) fn.pure = true;
    else if (word === 'promote') {
      if (s.kind === 'Local' && fn === undefined) s.promote = names;
      else if (fn !== undefined) fn.promote = names;
    }
  }
}
