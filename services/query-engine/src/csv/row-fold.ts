// The fused scan + group-by: when a group-by reads straight from a CSV scan (one integer key, aggregates
// over number columns), the generated row loop folds each row into the group state as soon as it is
// parsed, instead of writing columns that a second loop reads back to find each row's group and a third
// adds up. On 100k-row chunks of the bench data: 3.2 ms to parse and fold, against 4.0-4.4 ms to parse
// and then aggregate (the folding costs about what writing the columns did). This file holds the plan
// and the per-row code (a RowSink for row-parser.ts); exec/fold.ts decides when it applies.
import type { RowSink } from './row-sink.ts';

export type FoldFn = 'sum' | 'mean' | 'min' | 'max' | 'count' | 'len';

/** What to fold, by output column of the parse (its `columns` order). */
export interface FoldPlan {
  key: number;
  /** `col` is -1 for len (rows, null or not). */
  aggs: { fn: FoldFn; col: number }[];
}

/** The group state as the loop sees it (exec/groupby.ts makes one). */
export interface FoldTarget {
  /** Group of each small non-negative integer key, -1 when it has none yet. */
  dense: Int32Array;
  sums: { a: Float64Array }[];
  counts: { a: Float64Array }[];
  /** The group of any other key (created if new); may replace the arrays above. */
  group(key: number | bigint): number;
  nullGroup(): number;
}

export function foldSink(plan: FoldPlan): RowSink {
  return {
    key: `fold:${plan.key}:${plan.aggs.map((a) => `${a.fn}${a.col}`).join(',')}`,
    prelude: [`let dense, ${plan.aggs.map((_, i) => `a${i}, c${i}`).join(', ')};`, reload(plan)],
    row: foldRow(plan),
  };
}

/** Re-reads the target's arrays: a new group may have grown them. */
function reload(plan: FoldPlan): string {
  return `dense = T.dense; ${plan.aggs.map((_, i) => `a${i} = T.sums[${i}].a; c${i} = T.counts[${i}].a;`).join(' ')}`;
}

/** The end of a row: find its group, then add the row to every aggregate, as exec/groupby.ts does. */
function foldRow(plan: FoldPlan): string {
  const k = plan.key;
  const L: string[] = [`{ let g;`];
  L.push(`if (n${k}) { g = T.nullGroup(); ${reload(plan)} }`);
  L.push(`else if (xb${k} !== undefined) { g = T.group(xb${k}); xb${k} = undefined; ${reload(plan)} }`);
  L.push(`else { const k = x${k};`);
  L.push(
    `  if (k >= 0 && k < dense.length && (k | 0) === k) { g = dense[k]; if (g < 0) { g = T.group(k); ${reload(plan)} } }`,
  );
  L.push(`  else { g = T.group(k); ${reload(plan)} } }`);
  plan.aggs.forEach((a, i) => {
    const x = `x${a.col}`;
    const valid = `!n${a.col}`;
    switch (a.fn) {
      case 'len':
        L.push(`c${i}[g]++;`);
        break;
      case 'count':
        L.push(`if (${valid}) c${i}[g]++;`);
        break;
      case 'sum':
      case 'mean':
        L.push(`if (${valid}) { a${i}[g] += ${x}; c${i}[g]++; }`);
        break;
      case 'min':
      case 'max':
        L.push(
          `if (${valid}) { if (${x} ${a.fn === 'min' ? '<' : '>'} a${i}[g]) a${i}[g] = ${x}; c${i}[g]++; }`,
        );
        break;
    }
  });
  L.push(`}`);
  return L.join('\n');
}
