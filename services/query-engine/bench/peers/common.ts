// What every peer runner shares: its arguments, the answer shapes the harness compares, and one JSON
// line on stdout with the answer, the in-process query time and the process's own resource usage (the
// fallback when /usr/bin/time is missing).

export type Query = 'q1' | 'q2';

/** Q1: the Monday rows of (date, cumulative sum of amount in file order), summarised so peers compare. */
export interface Q1Answer {
  rows: number;
  /** The cumulative sum on the last Monday row. */
  lastCumsum: number;
  /** Σ of the cumulative sums of all Monday rows: any change of row order changes it. */
  sumCumsum: number;
}

/** Q2: per store [store, Σ amount, count], any order. */
export interface Q2Answer {
  stores: [number, number, number][];
}

export interface RawAnswer {
  lines: number;
}

export type Answer = Q1Answer | Q2Answer | RawAnswer;

export const SALES_COLUMNS = ['date', 'store', 'amount', 'product'] as const;

export function args(): { csv: string; query: Query } {
  const [csv, query] = process.argv.slice(2);
  if (!csv || (query !== 'q1' && query !== 'q2')) {
    console.error('usage: <peer> <file.csv> <q1|q2>');
    process.exit(2);
  }
  return { csv, query };
}

export function report(answer: Answer, t0: number): void {
  const queryMs = performance.now() - t0;
  const r = process.resourceUsage();
  const rusage = { userMs: r.userCPUTime / 1000, systemMs: r.systemCPUTime / 1000, maxRssKiB: r.maxRSS };
  process.stdout.write(JSON.stringify({ answer, queryMs, rusage }) + '\n');
}

/** 1 = Monday … 7 = Sunday (ISO), from days since 1970-01-01 (a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}
