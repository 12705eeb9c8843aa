import type { Amounts, SimulationResult } from './simulate';

const kwh = (a: Amounts) => a.energyKwh.toFixed(2);
const kg = (a: Amounts) => (a.carbonGrams / 1000).toFixed(2);
const usd = (a: Amounts) => a.costUsd.toFixed(2);
const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–');

/** A Markdown summary of a simulation: totals, one row per workload, and how each deferrable job did. */
export function simulationMarkdown(result: SimulationResult): string {
  const s = result.scenario;
  const t = result.total;
  const lines = [
    `# Simulation${s.name ? `: ${s.name}` : ''}`,
    '',
    `${s.zone}, ${s.from} – ${s.to}, ${result.intervals} intervals of ${s.stepMinutes} min, forecast: ${s.forecast}, ${t.workloads} workloads.`,
    '',
    '| | energy kWh | carbon kgCO2e | cost USD |',
    '|---|---:|---:|---:|',
    `| always-on baseline | ${kwh(t.baseline)} | ${kg(t.baseline)} | ${usd(t.baseline)} |`,
    `| used | ${kwh(t.used)} | ${kg(t.used)} | ${usd(t.used)} |`,
    `| avoided | ${kwh(t.avoided)} | ${kg(t.avoided)} | ${usd(t.avoided)} |`,
    `| avoided share | ${pct(t.avoided.energyKwh, t.baseline.energyKwh)} | ${pct(t.avoided.carbonGrams, t.baseline.carbonGrams)} | ${pct(t.avoided.costUsd, t.baseline.costUsd)} |`,
    '',
    '## Workloads (per workload; "count" identical ones each)',
    '',
    '| workload | count | on h | off h | scaled h | decisions | used kWh | avoided kWh | avoided kgCO2e | avoided USD |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.workloads.map(
      (w) =>
        `| ${w.name} | ${w.count} | ${w.onHours.toFixed(1)} | ${w.offHours.toFixed(1)} | ${w.scaledHours.toFixed(1)} | ${w.decisions} | ${kwh(w.used)} | ${kwh(w.avoided)} | ${kg(w.avoided)} | ${usd(w.avoided)} |`,
    ),
  ];
  const jobs = result.workloads.filter((w) => w.job);
  if (jobs.length) {
    lines.push(
      '',
      '## Deferrable jobs (carbon-window)',
      '',
      '| workload | ran | finished | deadline met | gCO2e | at submission | optimum | saved vs submission | gap to optimum |',
      '|---|---|---|---|---:|---:|---:|---:|---:|',
      ...jobs.map((w) => {
        const j = w.job!;
        const opt = j.optimum?.carbonGrams;
        return `| ${w.name} | ${j.startedAt ?? '–'} | ${j.finishedAt ?? '–'} | ${j.deadlineMet ? 'yes' : 'NO'} | ${j.carbonGrams.toFixed(1)} | ${j.runAtSubmission.carbonGrams.toFixed(1)} | ${opt === undefined ? '–' : opt.toFixed(1)} | ${pct(j.runAtSubmission.carbonGrams - j.carbonGrams, j.runAtSubmission.carbonGrams)} | ${opt === undefined ? '–' : pct(j.carbonGrams - opt, opt)} |`;
      }),
    );
  }
  const unknown = result.workloads.reduce((h, w) => h + w.unknownIntensityHours * w.count, 0);
  if (unknown > 0) {
    lines.push(
      '',
      `Carbon excludes ${unknown.toFixed(1)} workload-hours whose grid intensity is missing from the data.`,
    );
  }
  lines.push('', `Data: ${result.attribution}`, '');
  return lines.join('\n');
}
