import type { CarbonSeries } from '../signals';
import type { IntensityPoint } from '../signals/types';
import type { Scenario } from './scenario';

export type ForecastMode = 'published' | 'perfect' | 'none' | 'points';

/** How far ahead a simulated forecast reaches, as the UK Carbon Intensity API's fw48h does. */
export const FORECAST_HORIZON_MS = 48 * 3600_000;

/**
 * The values the policies will see as the forecast, per interval of the series (NaN = nothing known):
 * the published forecast, the actuals themselves (perfect foresight), or user points that model an error.
 */
export function forecastValues(
  series: CarbonSeries,
  scenario: Scenario,
): { mode: ForecastMode; values: Float64Array | null } {
  const mode = scenario.forecast ?? (series.forecast ? 'published' : 'perfect');
  if (mode === 'none') return { mode, values: null };
  if (mode === 'published' && series.forecast) return { mode, values: series.forecast };
  if (mode === 'points') {
    const values = new Float64Array(series.length).fill(NaN);
    for (const p of scenario.forecastPoints ?? []) {
      const i = Math.floor((Date.parse(p.time) - series.startMs) / series.stepMs);
      if (i >= 0 && i < series.length) values[i] = p.intensityGPerKwh;
    }
    return { mode, values };
  }
  return { mode: 'perfect', values: series.actual };
}

/** One point object per interval of the series (null where nothing is known), built once per run. */
export type ForecastPoints = readonly (IntensityPoint | null)[];

export function forecastPoints(series: CarbonSeries, values: Float64Array | null): ForecastPoints | null {
  if (!values) return null;
  return Array.from(values, (v, j) =>
    Number.isNaN(v) ? null : { time: new Date(series.startMs + j * series.stepMs), intensityGPerKwh: v },
  );
}

/** The forecast as decide() sees it at interval i: the known points from i up to the horizon. */
export function forecastAt(series: CarbonSeries, points: ForecastPoints | null, i: number): IntensityPoint[] {
  if (!points) return [];
  const end = Math.min(points.length, i + Math.ceil(FORECAST_HORIZON_MS / series.stepMs));
  const out: IntensityPoint[] = [];
  for (let j = i; j < end; j++) {
    const p = points[j];
    if (p) out.push(p);
  }
  return out;
}
