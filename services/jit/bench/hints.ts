// The hints section of bench:jit: programs under bench/hints/ that carry `--@pure` / `--@promote`
// hints, timed on this JIT with its hints, with `--no-hints`, and on lua5.4 (which reads them as
// comments). Kept out of the main table and its goals: the benchmark programs there carry no hints.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median, type Measurement } from '@lightswitch/service-kit/measure';
import type { EnergyProfile } from '@lightswitch/control-plane/energy';
import { joulesPerRun } from './energy.ts';
import { LSJIT } from './peers.ts';
import { lsjitFigures } from './stats-line.ts';
import { j1, s2, table, x1 } from './report.ts';

const DIR = fileURLToPath(new URL('./hints/', import.meta.url));

const VARIANTS = [
  { name: 'jit', argv: (f: string) => [process.execPath, LSJIT, 'run', f, '--stats'] },
  {
    name: 'jit --no-hints',
    argv: (f: string) => [process.execPath, LSJIT, 'run', f, '--no-hints', '--stats'],
  },
  { name: 'lua5.4', argv: (f: string) => ['/usr/bin/lua5.4', f] },
] as const;

export interface HintVariant {
  name: (typeof VARIANTS)[number]['name'];
  wallMs: number;
  joules: number;
  /** lsjit: the run time its --stats line reports. */
  runMs?: number;
  statsLine?: string;
}

export interface HintResult {
  program: string;
  /** Set when a variant failed or printed something other than lua5.4's output. */
  problem?: string;
  variants: HintVariant[];
}

export function hintPrograms(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.lua'))
    .sort()
    .map((f) => join(DIR, f));
}

export interface HintOptions {
  runs: number;
  timeoutMs: number;
  useGnuTime: boolean;
  profile: EnergyProfile;
  /** Called before each run with what it is. */
  progress: (task: string) => void;
}

export async function benchHints(o: HintOptions): Promise<HintResult[]> {
  const out: HintResult[] = [];
  for (const file of hintPrograms()) {
    const program = basename(file);
    const runs = VARIANTS.map(() => [] as Measurement[]);
    let problem: string | undefined;
    for (let r = 0; r < o.runs; r++) {
      // Every variant must print what lua5.4 prints (its first run, compared below).
      for (let v = 0; v < VARIANTS.length; v++) {
        o.progress(`hints ${program}: ${VARIANTS[v]!.name} run ${r + 1}/${o.runs}`);
        const m = await measure(VARIANTS[v]!.argv(file), {
          cwd: DIR,
          timeoutMs: o.timeoutMs,
          useGnuTime: o.useGnuTime,
        });
        if (m.code !== 0) problem ??= `${VARIANTS[v]!.name}: exit ${m.code ?? 'signal'}`;
        runs[v]!.push(m);
      }
    }
    const want = runs[VARIANTS.length - 1]![0]?.stdout;
    runs.forEach((ms, v) => {
      if (want !== undefined && ms.some((m) => !m.stdout.equals(want)))
        problem ??= `${VARIANTS[v]!.name}: output differs from lua5.4's`;
    });
    out.push({
      program,
      ...(problem !== undefined ? { problem } : {}),
      variants: VARIANTS.map((v, j) => {
        const ms = runs[j]!;
        return {
          name: v.name,
          wallMs: median(ms.map((m) => m.wallMs)),
          joules: median(ms.map((m) => joulesPerRun(m, o.profile))),
          ...lsjitFigures(ms),
        };
      }),
    });
  }
  return out;
}

export function renderHints(results: HintResult[]): string {
  const lines = [
    '\n### JIT hints (`bench/hints/`)\n',
    'Programs carrying `--@pure` / `--@promote` hints, on this JIT with and without them (`--no-hints`) ' +
      'and on lua5.4, which reads them as comments. Median wall time in seconds (run only, from `--stats`, ' +
      "in brackets), joules per run, and the hints' speed-up:\n",
    table(
      ['program', ...VARIANTS.map((v) => v.name), 'no-hints / jit (run only)', 'lua5.4 / jit'],
      results.map((r) => {
        if (r.problem !== undefined) return [r.program, `**FAILED**: ${r.problem}`];
        const [jit, plain, lua] = r.variants as [HintVariant, HintVariant, HintVariant];
        const cellOf = (v: HintVariant): string =>
          `${s2(v.wallMs)}${v.runMs !== undefined ? ` (${s2(v.runMs)})` : ''}, ${j1(v.joules)} J`;
        return [
          r.program,
          ...r.variants.map(cellOf),
          `${x1(plain.wallMs / jit.wallMs)} (${x1((plain.runMs ?? NaN) / (jit.runMs ?? NaN))})`,
          x1(lua.wallMs / jit.wallMs),
        ];
      }),
    ),
  ];
  for (const r of results)
    for (const v of r.variants)
      if (v.statsLine !== undefined) lines.push(`\n- ${r.program}, ${v.name}: \`${v.statsLine}\``);
  return lines.join('\n') + '\n';
}
