// Checks that two peers computed the same thing before their times are compared.
import type { Q1Answer, Q2Answer } from './peers/common';

const close = (a: number, b: number, rel: number) =>
  Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Sums of ~10^7 doubles in different orders (parallel partial sums) differ in the last bits; 1e-9 relative
 * is far below what a wrong row order or a lost row does (≥ 1e-7 at 10M rows of amounts ≥ 0.01).
 */
const REL = 1e-9;

export function sameAnswer(query: 'q1' | 'q2', a: unknown, b: unknown): string | undefined {
  if (query === 'q1') {
    const x = a as Q1Answer;
    const y = b as Q1Answer;
    if (x.rows !== y.rows) return `rows ${x.rows} ≠ ${y.rows}`;
    if (!close(x.lastCumsum, y.lastCumsum, REL))
      return `last cumulative sum ${x.lastCumsum} ≠ ${y.lastCumsum}`;
    if (!close(x.sumCumsum, y.sumCumsum, REL)) return `Σ cumulative sums ${x.sumCumsum} ≠ ${y.sumCumsum}`;
    return undefined;
  }
  const byStore = (s: Q2Answer) => new Map(s.stores.map(([k, sum, n]) => [k, [sum, n] as const]));
  const x = byStore(a as Q2Answer);
  const y = byStore(b as Q2Answer);
  if (x.size !== y.size) return `${x.size} groups ≠ ${y.size}`;
  for (const [k, [sum, n]] of x) {
    const other = y.get(k);
    if (!other) return `store ${k} missing`;
    if (other[1] !== n) return `store ${k}: count ${n} ≠ ${other[1]}`;
    if (!close(sum, other[0], REL)) return `store ${k}: sum ${sum} ≠ ${other[0]}`;
  }
  return undefined;
}
