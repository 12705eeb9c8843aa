// The benchmark report as Markdown tables (pasted into BENCHMARKS.md as they are), plus the issue's goals.
import { geomean } from '@lightswitch/service-kit/measure';
import { PEERS, type PeerName } from './peers.ts';
import type { BenchReport, BenchResult, PeerResult } from './results.ts';

export const s2 = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '-');
export const x1 = (r: number) => (Number.isFinite(r) ? `${r.toFixed(r >= 100 ? 0 : r >= 10 ? 1 : 2)}×` : '-');
export const j1 = (j: number) => (Number.isFinite(j) ? j.toFixed(j >= 10 ? 1 : 2) : '-');

export function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function peerOf(b: BenchResult, name: PeerName): PeerResult | undefined {
  return b.peers.find((p) => p.peer === name);
}

/** Median wall time of a peer that ran correctly, else NaN. */
function wall(b: BenchResult, name: PeerName): number {
  const p = peerOf(b, name);
  return p?.status === 'ok' ? p.wallMs : NaN;
}

function cell(p: PeerResult | undefined, value: (p: PeerResult) => string): string {
  if (!p) return '';
  if (p.status === 'ok') return value(p);
  return p.status === 'n/a' ? 'n/a' : p.status === 'missing' ? 'missing' : '**FAILED**';
}

export interface Ratios {
  name: string;
  loopHeavy: boolean;
  /** interpreter time / JIT time: the JIT's speed-up over its own interpreter. */
  jitVsInterp: number;
  /** The same from the two --stats run times (process start-up left out of both). */
  jitRunVsInterpRun: number;
  /** lua5.4 time / JIT time. */
  jitVsLua: number;
  /** lua5.4 time / the JIT's own run time (its --stats figure, without process start-up). */
  jitRunVsLua: number;
  /** JIT time / JS port time: how far from the hand-written JavaScript. */
  jitOverJs: number;
  /** interpreter time / lua5.4 time. */
  interpOverLua: number;
}

/** The run time a peer's --stats line reported, if it ran correctly. */
function runOnly(b: BenchResult, name: PeerName): number {
  const p = peerOf(b, name);
  return p?.status === 'ok' ? (p.runMs ?? NaN) : NaN;
}

export function ratios(results: BenchResult[]): Ratios[] {
  return results.map((b) => ({
    name: b.name,
    loopHeavy: b.loopHeavy,
    jitVsInterp: wall(b, 'interp') / wall(b, 'jit'),
    jitRunVsInterpRun: runOnly(b, 'interp') / runOnly(b, 'jit'),
    jitVsLua: wall(b, 'lua5.4') / wall(b, 'jit'),
    jitRunVsLua: wall(b, 'lua5.4') / runOnly(b, 'jit'),
    jitOverJs: wall(b, 'jit') / wall(b, 'js'),
    interpOverLua: wall(b, 'interp') / wall(b, 'lua5.4'),
  }));
}

interface Goal {
  goal: string;
  met: boolean | undefined;
  detail: string;
}

export function goals(results: BenchResult[]): Goal[] {
  const r = ratios(results);
  // A benchmark without a figure (the JIT failed, a peer is missing) cannot make a goal met, only unmeasured.
  const verdict = (xs: number[], ok: (x: number) => boolean): boolean | undefined => {
    const known = xs.filter(Number.isFinite);
    if (known.some((x) => !ok(x))) return false;
    return known.length === 0 || known.length < xs.length ? undefined : true;
  };
  const worst = (xs: number[], pick: (a: number, b: number) => number) =>
    xs.filter(Number.isFinite).reduce(pick, NaN);
  const loop = r.filter((x) => x.loopHeavy);
  const g = geomean(r.map((x) => x.jitVsLua));
  const every2 = verdict(
    r.map((x) => x.jitVsLua),
    (x) => x >= 2,
  );
  return [
    {
      goal: 'JIT ≥ 10× its interpreter on loop-heavy programs',
      met: verdict(
        loop.map((x) => x.jitVsInterp),
        (x) => x >= 10,
      ),
      detail: loop
        .map((x) => `${x.name} ${x1(x.jitVsInterp)} (run only ${x1(x.jitRunVsInterpRun)})`)
        .join(', '),
    },
    {
      goal: 'JIT ≥ 2× lua5.4 on every benchmark, geometric mean ≥ 3×',
      met: every2 === undefined || !Number.isFinite(g) ? undefined : every2 && g >= 3,
      detail: `geometric mean ${x1(g)} (run only ${x1(geomean(r.map((x) => x.jitRunVsLua)))}); slowest ${x1(
        worst(
          r.map((x) => x.jitVsLua),
          (a, b) => (Number.isNaN(a) ? b : Math.min(a, b)),
        ),
      )}`,
    },
    {
      goal: 'JIT within 2× of the hand-written JavaScript port',
      met: verdict(
        r.map((x) => x.jitOverJs),
        (x) => x <= 2,
      ),
      detail: `worst JIT / JS ${x1(
        worst(
          r.map((x) => x.jitOverJs),
          (a, b) => (Number.isNaN(a) ? b : Math.max(a, b)),
        ),
      )}, geometric mean ${x1(geomean(r.map((x) => x.jitOverJs)))}`,
    },
    {
      goal: 'interpreter alone no slower than 3× lua5.4',
      met: verdict(
        r.map((x) => x.interpOverLua),
        (x) => x <= 3,
      ),
      detail: `worst ${x1(
        worst(
          r.map((x) => x.interpOverLua),
          (a, b) => (Number.isNaN(a) ? b : Math.max(a, b)),
        ),
      )}, geometric mean ${x1(geomean(r.map((x) => x.interpOverLua)))}`,
    },
  ];
}

export function renderMarkdown(report: BenchReport): string {
  const { results } = report;
  const present = PEERS.filter((p) => results.some((b) => peerOf(b, p.name)));
  const label = (b: BenchResult) => `${b.name} (${b.size})`;
  const out: string[] = [];
  out.push(
    `${report.date}, ${report.cpu}, ${report.cores} cores, Node ${report.node}, load average ` +
      `${report.loadAverage.map((l) => l.toFixed(2)).join(' ')} at the start. Command: \`${report.command}\`. ` +
      `Every peer runs each program in a fresh process, ${report.runs} run(s), median; runs of the peers are ` +
      `interleaved. CPU (user + sys) and peak RSS ${report.gnuTime ? 'from `/usr/bin/time`' : 'unknown (no /usr/bin/time)'}. ` +
      `Every output was compared byte for byte with lua5.4's${results.every((b) => b.checked) ? '' : ' (where lua5.4 ran)'}.`,
  );
  if (report.droppedEnv !== undefined)
    out.push(
      `\nThe peers ran without ${report.droppedEnv.map((k) => `\`${k}\``).join(', ')}, which this machine sets: ` +
        'with it every Node process parses a CA bundle as it starts, a cost of the machine that only the ' +
        'Node-based peers would pay, and none of them makes a TLS connection.',
    );
  if (report.lsjitStartupMs !== undefined)
    out.push(
      `\nlsjit's start-up (node, loading the cached bundle of the implementation; \`lsjit run /dev/null\`) takes ` +
        `${s2(report.lsjitStartupMs)} s of every jit and interp time below; "run only" ratios use the time ` +
        `lsjit's \`--stats\` line reports instead.`,
    );
  out.push('\nMedian wall time, seconds (process start to exit):\n');
  out.push(
    table(
      ['benchmark (arg)', ...present.map((p) => p.name)],
      results.map((b) => [label(b), ...present.map((p) => cell(peerOf(b, p.name), (x) => s2(x.wallMs)))]),
    ),
  );
  out.push('\nMedian CPU time (user + sys), seconds / peak RSS, MiB:\n');
  out.push(
    table(
      ['benchmark', ...present.map((p) => p.name)],
      results.map((b) => [
        b.name,
        ...present.map((p) =>
          cell(
            peerOf(b, p.name),
            (x) =>
              `${s2(x.cpuMs)} / ${Number.isFinite(x.peakRssKiB) ? (x.peakRssKiB / 1024).toFixed(0) : '-'}`,
          ),
        ),
      ]),
    ),
  );
  const r = ratios(results);
  out.push(
    '\nRatios of median wall times (× = times faster; JIT / JS and interp / lua5.4: lower is better):\n',
  );
  out.push(
    table(
      [
        'benchmark',
        'interp / JIT',
        'interp / JIT run only',
        'lua5.4 / JIT',
        'lua5.4 / JIT run only',
        'JIT / JS port',
        'interp / lua5.4',
      ],
      [
        ...r.map((x) => [
          x.loopHeavy ? `${x.name} (loops)` : x.name,
          x1(x.jitVsInterp),
          x1(x.jitRunVsInterpRun),
          x1(x.jitVsLua),
          x1(x.jitRunVsLua),
          x1(x.jitOverJs),
          x1(x.interpOverLua),
        ]),
        [
          'geometric mean',
          x1(geomean(r.map((x) => x.jitVsInterp))),
          x1(geomean(r.map((x) => x.jitRunVsInterpRun))),
          x1(geomean(r.map((x) => x.jitVsLua))),
          x1(geomean(r.map((x) => x.jitRunVsLua))),
          x1(geomean(r.map((x) => x.jitOverJs))),
          x1(geomean(r.map((x) => x.interpOverLua))),
        ],
      ],
    ),
  );
  out.push(
    `\nEstimated energy per run, joules (platform model, profile \`${report.energyProfile}\`: ` +
      `${report.joulesPerCpuSecond.toFixed(2)} J per CPU-second incl. PUE, plus memory GB-hours):\n`,
  );
  const saving = results.map((b) => {
    const i = peerOf(b, 'interp');
    const j = peerOf(b, 'jit');
    return i?.status === 'ok' && j?.status === 'ok' ? i.joules - j.joules : NaN;
  });
  out.push(
    table(
      ['benchmark', ...present.map((p) => p.name), 'interp → JIT saving'],
      results.map((b, k) => {
        const i = peerOf(b, 'interp')?.joules ?? NaN;
        const sv = saving[k]!;
        return [
          b.name,
          ...present.map((p) => cell(peerOf(b, p.name), (x) => j1(x.joules))),
          Number.isFinite(sv) ? `${j1(sv)} J (${((sv / i) * 100).toFixed(0)}%)` : '-',
        ];
      }),
    ),
  );
  const totalSaving = saving.filter(Number.isFinite).reduce((a, x) => a + x, 0);
  const totalInterp = results
    .map((b, k) => (Number.isFinite(saving[k]!) ? peerOf(b, 'interp')!.joules : 0))
    .reduce((a, x) => a + x, 0);
  if (totalInterp > 0)
    out.push(
      `\nOne run of every benchmark: the JIT saves ${j1(totalSaving)} J of ${j1(totalInterp)} J ` +
        `(${((totalSaving / totalInterp) * 100).toFixed(0)}%) against its interpreter.`,
    );
  const notes = results.flatMap((b) =>
    b.peers.filter((p) => p.status !== 'ok').map((p) => `- ${b.name}, ${p.peer}: ${p.status}: ${p.reason}`),
  );
  if (notes.length) out.push(`\nNot timed as a success:\n\n${notes.join('\n')}`);
  const stats = results.flatMap((b) =>
    (['jit', 'interp'] as const).flatMap((name) => {
      const p = peerOf(b, name);
      return p?.statsLine ? [`- ${b.name}, ${name}: \`${p.statsLine}\``] : [];
    }),
  );
  if (stats.length) out.push(`\n\`lsjit --stats\` (last run):\n\n${stats.join('\n')}`);
  out.push('\nGoals:\n');
  for (const g of goals(results))
    out.push(
      `- ${g.goal}: ${g.met === undefined ? 'not measured' : g.met ? 'met' : '**not met**'} (${g.detail})`,
    );
  return out.join('\n') + '\n';
}
