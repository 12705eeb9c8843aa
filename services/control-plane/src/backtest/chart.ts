import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { SimulationResult } from './simulate';

const WIDTH = 960;
const MARGIN = { top: 24, right: 16, bottom: 28 };
const PLOT_HEIGHT = 220;
const BAND_HEIGHT = 14;
const MAX_BANDS = 20;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG of the zone's grid intensity over the scenario, with one band per workload underneath: green
 * where it ran, grey where it was off, amber where it ran scaled down. Self-contained (no scripts, no fonts).
 */
export function simulationChart(result: SimulationResult): string {
  const { startMs, stepMs, values } = result.intensity;
  const rows = result.workloads.slice(0, MAX_BANDS);
  // Room on the left for the longest band label (about 6.5 px a character at 11 px).
  const left = Math.max(56, Math.ceil(Math.max(0, ...rows.map((w) => w.name.length)) * 6.5) + 12);
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom + rows.length * (BAND_HEIGHT + 4) + 8;
  const x = scaleUtc()
    .domain([new Date(startMs), new Date(startMs + values.length * stepMs)])
    .range([left, WIDTH - MARGIN.right]);
  const known = values.filter((v) => v >= 0);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...known)])
    .nice()
    .range([MARGIN.top + PLOT_HEIGHT, MARGIN.top]);
  const points = values.map((v, i) => ({ t: new Date(startMs + i * stepMs), v }));
  // Gaps in the data are gaps in the line, never a drop to zero.
  const path = line<{ t: Date; v: number }>()
    .defined((p) => p.v >= 0)
    .x((p) => x(p.t))
    .y((p) => y(p.v))(points);
  const fill = area<{ t: Date; v: number }>()
    .defined((p) => p.v >= 0)
    .x((p) => x(p.t))
    .y0(y(0))
    .y1((p) => y(p.v))(points);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escape(`Grid intensity ${result.scenario.zone} ${result.scenario.from} – ${result.scenario.to}`)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<path d="${fill ?? ''}" fill="#e8eef7"/>`,
    `<path d="${path ?? ''}" fill="none" stroke="#3465a4" stroke-width="1"/>`,
  );
  for (const tick of y.ticks(5)) {
    out.push(
      `<line x1="${left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`,
    );
  }
  out.push(`<text x="${left}" y="${MARGIN.top - 8}">gCO2e/kWh, ${escape(result.scenario.zone)}</text>`);
  const axisY = MARGIN.top + PLOT_HEIGHT;
  for (const tick of x.ticks(8)) {
    out.push(
      `<line x1="${x(tick)}" x2="${x(tick)}" y1="${axisY}" y2="${axisY + 4}" stroke="#666"/>`,
      `<text x="${x(tick)}" y="${axisY + 16}" text-anchor="middle">${escape(x.tickFormat(8)(tick))}</text>`,
    );
  }
  rows.forEach((w, row) => {
    const top = axisY + MARGIN.bottom + row * (BAND_HEIGHT + 4);
    for (const span of w.timeline) {
      const x0 = x(new Date(span.from));
      const x1 = x(new Date(span.to));
      const colour =
        span.state === 'off' || span.replicas === 0
          ? '#bbb'
          : span.replicas < maxReplicas(w)
            ? '#f0a830'
            : '#4e9a06';
      out.push(
        `<rect x="${x0}" y="${top}" width="${Math.max(0.5, x1 - x0)}" height="${BAND_HEIGHT}" fill="${colour}"/>`,
      );
    }
    out.push(`<text x="${left - 6}" y="${top + BAND_HEIGHT - 3}" text-anchor="end">${escape(w.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function maxReplicas(w: SimulationResult['workloads'][number]): number {
  return Math.max(1, ...w.timeline.map((s) => s.replicas));
}
