// What lsjit's `--stats` line tells about a set of runs: the median run time it reports (without
// process start-up) and the last run's line as printed, for peers that print one.
import { median, type Measurement } from '@lightswitch/service-kit/measure';

export function lsjitFigures(ms: Measurement[]): { runMs?: number; statsLine?: string } {
  const runMs = ms.map((m) => Number(/^lsjit: ([0-9.]+) ms/m.exec(m.stderr)?.[1] ?? NaN));
  const statsLine = ms
    .at(-1)
    ?.stderr.split('\n')
    .find((l) => l.startsWith('lsjit:'));
  return {
    ...(runMs.some(Number.isFinite) ? { runMs: median(runMs) } : {}),
    ...(statsLine !== undefined ? { statsLine } : {}),
  };
}
