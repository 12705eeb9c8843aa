// The embedded default source: real 2023 grid intensity for GB, DE, FR and US-CAL-CISO, shipped in
// services/control-plane/data/carbon (see SOURCES.md there for provenance and licences).
//
// Two ways to read it:
// - series(zone): dense typed arrays over the whole dataset year, for backtests (O(1) per lookup).
// - BundledProvider: the CarbonProvider interface. In "replay" mode a time is mapped to the same week-hour
//   (weekday and UTC time of day, shifted by whole weeks) of the dataset year, so a demo today sees real
//   data with a real weekly rhythm; in "dataset" mode times are taken as they are (2023 only).
//
// Gaps: the source has 101 GB half-hours without an actual (and 91 without a forecast). They are NaN in
// the arrays and produce no sample from the provider: never interpolated, never zero.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ProviderError } from './errors';
import { MAX_INTENSITY_G_PER_KWH } from './http';
import type { CarbonProvider, IntensitySample } from './types';

export const BUNDLED_SOURCE = 'bundled';
export const WEEK_MS = 7 * 24 * 3600_000;

/** services/control-plane/data/carbon */
export const DEFAULT_BUNDLED_DATA_DIR = fileURLToPath(new URL('../../data/carbon/', import.meta.url));

interface ZoneFiles {
  actual: string;
  /** A forecast file (GB only): columns issued_at,timestamp,zone,forecast_gco2_per_kwh,actual_gco2_per_kwh. */
  forecast?: string;
  stepMinutes: number;
  attribution: string;
}

const FILES: Record<string, ZoneFiles> = {
  GB: {
    actual: 'gb_2023_halfhourly.csv.gz',
    forecast: 'gb_2023_forecast.csv.gz',
    stepMinutes: 30,
    attribution: 'NESO Carbon Intensity API, carbonintensity.org.uk (CC BY 4.0)',
  },
  DE: {
    actual: 'de_2023_hourly.csv.gz',
    stepMinutes: 60,
    attribution: 'Electricity Maps (ODbL 1.0), via ENTSO-E',
  },
  FR: {
    actual: 'fr_2023_hourly.csv.gz',
    stepMinutes: 60,
    attribution: 'Electricity Maps (ODbL 1.0), via RTE opendata.reseaux-energies.fr',
  },
  'US-CAL-CISO': {
    actual: 'us-cal-ciso_2023_hourly.csv.gz',
    stepMinutes: 60,
    attribution: 'Electricity Maps (ODbL 1.0), via CAISO',
  },
};

export const BUNDLED_ZONES: readonly string[] = Object.keys(FILES);

/** One zone's dataset year as dense arrays: index i is the interval starting at startMs + i * stepMs. */
export interface CarbonSeries {
  readonly zone: string;
  readonly year: number;
  /** Start of the first interval (1 January 00:00 UTC of the dataset year), epoch ms. */
  readonly startMs: number;
  readonly stepMs: number;
  /** Intervals in the year (17,520 half-hours or 8,760 hours). */
  readonly length: number;
  /** startMs + length * stepMs. */
  readonly endMs: number;
  /** Actual intensity, gCO2e/kWh; NaN where the source has no value. */
  readonly actual: Float64Array;
  /** The published forecast (GB only; NaN where none), or null when the source has no forecast. */
  readonly forecast: Float64Array | null;
  /** Intervals without an actual. */
  readonly gaps: number;
  readonly attribution: string;
}

/** The bundled series, parsed lazily per zone and kept in memory. */
export class BundledDataset {
  private readonly cache = new Map<string, CarbonSeries>();

  constructor(readonly dataDir: string = DEFAULT_BUNDLED_DATA_DIR) {}

  get zones(): readonly string[] {
    return BUNDLED_ZONES;
  }

  has(zone: string): boolean {
    return Object.hasOwn(FILES, zone);
  }

  /** The zone's series; throws for a zone the dataset does not cover (see `zones`). */
  series(zone: string): CarbonSeries {
    const cached = this.cache.get(zone);
    if (cached) return cached;
    const files = FILES[zone];
    if (!files || !this.has(zone)) {
      throw new Error(
        `the bundled carbon dataset has no zone "${zone}" (it has ${BUNDLED_ZONES.join(', ')})`,
      );
    }
    const series = loadSeries(this.dataDir, zone, files);
    this.cache.set(zone, series);
    return series;
  }
}

let defaultDataset: BundledDataset | undefined;

/** The process-wide dataset from the shipped files (parsed once, on first use of each zone). */
export function bundledDataset(): BundledDataset {
  defaultDataset ??= new BundledDataset();
  return defaultDataset;
}

function readCsv(dataDir: string, file: string): string[][] {
  const path = join(dataDir, file);
  const raw = readFileSync(path);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  const rows: string[][] = [];
  for (const line of lines) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l !== '') rows.push(l.split(','));
  }
  return rows;
}

function loadSeries(dataDir: string, zone: string, files: ZoneFiles): CarbonSeries {
  const stepMs = files.stepMinutes * 60_000;
  const actualRows = readCsv(dataDir, files.actual);
  expectHeader(files.actual, actualRows[0], ['timestamp', 'zone', 'gco2_per_kwh']);
  const firstTime = parseUtc(actualRows[1]?.[0] ?? '');
  if (!Number.isFinite(firstTime)) throw new Error(`${files.actual}: no data rows`);
  const year = new Date(firstTime).getUTCFullYear();
  const startMs = Date.UTC(year, 0, 1);
  const endMs = Date.UTC(year + 1, 0, 1);
  const length = (endMs - startMs) / stepMs;

  const place = (
    file: string,
    target: Float64Array,
    row: string[],
    line: number,
    col: number,
    timeCol: number,
  ) => {
    const t = parseUtc(row[timeCol] ?? '');
    const where = `${file} line ${line + 1}`;
    if (!Number.isFinite(t) || (t - startMs) % stepMs !== 0 || t < startMs || t >= endMs) {
      throw new Error(
        `${where}: timestamp "${row[timeCol]}" is not a ${files.stepMinutes}-minute interval of ${year}`,
      );
    }
    if (row[timeCol + 1] !== zone) throw new Error(`${where}: zone "${row[timeCol + 1]}" is not ${zone}`);
    const cell = row[col] ?? '';
    if (cell === '') return;
    const v = Number(cell);
    if (!Number.isFinite(v) || v < 0 || v > MAX_INTENSITY_G_PER_KWH) {
      throw new Error(`${where}: intensity "${cell}" is not a plausible gCO2e/kWh value`);
    }
    const i = (t - startMs) / stepMs;
    if (!Number.isNaN(target[i]!)) throw new Error(`${where}: duplicate timestamp ${row[timeCol]}`);
    target[i] = v;
  };

  const actual = new Float64Array(length).fill(NaN);
  for (let i = 1; i < actualRows.length; i++) place(files.actual, actual, actualRows[i]!, i, 2, 0);

  let forecast: Float64Array | null = null;
  if (files.forecast) {
    const rows = readCsv(dataDir, files.forecast);
    expectHeader(files.forecast, rows[0], [
      'issued_at',
      'timestamp',
      'zone',
      'forecast_gco2_per_kwh',
      'actual_gco2_per_kwh',
    ]);
    forecast = new Float64Array(length).fill(NaN);
    for (let i = 1; i < rows.length; i++) place(files.forecast, forecast, rows[i]!, i, 3, 1);
  }

  let gaps = 0;
  for (let i = 0; i < length; i++) if (Number.isNaN(actual[i]!)) gaps++;
  return {
    zone,
    year,
    startMs,
    stepMs,
    length,
    endMs,
    actual,
    forecast,
    gaps,
    attribution: files.attribution,
  };
}

/** "2023-01-01T00:30:00Z" (the files' only format) to epoch ms; NaN for anything else. Much faster than Date.parse. */
export function parseUtc(s: string): number {
  if (s.length !== 20) return NaN;
  const c = (i: number) => s.charCodeAt(i) - 48;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!(c(i) >= 0 && c(i) <= 9)) return NaN;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== 'Z')
    return NaN;
  const y = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const m = c(5) * 10 + c(6);
  const d = c(8) * 10 + c(9);
  const hh = c(11) * 10 + c(12);
  const mm = c(14) * 10 + c(15);
  const ss = c(17) * 10 + c(18);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (monthDays === undefined || d < 1 || d > monthDays || hh > 23 || mm > 59 || ss > 59) return NaN;
  // Days from the civil date (H. Hinnant's algorithm), so no Date object per row.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000;
}

function expectHeader(file: string, header: string[] | undefined, expected: string[]): void {
  if (!header || header.join(',') !== expected.join(',')) {
    throw new Error(`${file}: header must be "${expected.join(',')}", got "${header?.join(',') ?? ''}"`);
  }
}

/**
 * The instant of the dataset year with the same weekday and UTC time of day as `ms`: `ms` shifted by the
 * whole number of weeks nearest to the distance between the two years' starts, so the same week of the year
 * is replayed. One shift serves a whole calendar year, so replay is continuous within it (each hour of real
 * time advances one hour of dataset time, across week boundaries too). Only at the ends of a year, where the
 * shifted instant falls outside the dataset year, is one week added or removed (a jump, weekday kept).
 */
export function replayTime(series: CarbonSeries, ms: number): number {
  if (ms >= series.startMs && ms < series.endMs) return ms;
  const yearStart = Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
  let r = ms - Math.round((yearStart - series.startMs) / WEEK_MS) * WEEK_MS;
  while (r < series.startMs) r += WEEK_MS;
  while (r >= series.endMs) r -= WEEK_MS;
  return r;
}

/** Index of the interval containing `ms` (dataset time), or -1 outside the dataset year. */
export function indexAt(series: CarbonSeries, ms: number): number {
  if (ms < series.startMs || ms >= series.endMs) return -1;
  return Math.floor((ms - series.startMs) / series.stepMs);
}

/** Actual intensity of the interval containing `ms` (NaN in a gap or outside the year); replay maps first. */
export function actualAt(series: CarbonSeries, ms: number, replay = false): number {
  const i = indexAt(series, replay ? replayTime(series, ms) : ms);
  return i < 0 ? NaN : series.actual[i]!;
}

export type BundledMode = 'replay' | 'dataset';

export interface BundledProviderOptions {
  /** replay (default): any time maps to the same week-hour of the dataset year. dataset: 2023 times only. */
  mode?: BundledMode;
  dataset?: BundledDataset;
  /**
   * Zones without a published forecast (DE, FR, US-CAL-CISO) serve their own future actuals as the forecast
   * (a perfect-foresight forecast: real values, but nobody published them in advance). Default true, so
   * the carbon-window planner has something to plan on in the demo; false: no forecast for those zones.
   */
  forecastFromActuals?: boolean;
}

/**
 * The bundled dataset as a CarbonProvider. Samples carry the requested (real) instants; values come from the
 * dataset (replayed or not). Actuals are issued at their own interval start; a forecast is "issued" at the
 * start of the requested range, floored to the zone's step (the dataset keeps no real issue times: GB's
 * forecast is the last one NESO published, ~0 h lead), so asking again for the same range gives the same
 * issue rather than a new one.
 */
export class BundledProvider implements CarbonProvider {
  readonly name = BUNDLED_SOURCE;
  readonly mode: BundledMode;
  readonly dataset: BundledDataset;
  private readonly forecastFromActuals: boolean;

  constructor(options: BundledProviderOptions = {}) {
    this.mode = options.mode ?? 'replay';
    this.dataset = options.dataset ?? bundledDataset();
    this.forecastFromActuals = options.forecastFromActuals ?? true;
  }

  series(zone: string): CarbonSeries {
    if (!this.dataset.has(zone)) {
      throw new ProviderError(
        this.name,
        'unsupported-zone',
        `no bundled data for zone "${zone}" (bundled zones: ${BUNDLED_ZONES.join(', ')})`,
      );
    }
    return this.dataset.series(zone);
  }

  async actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const s = this.series(zone);
    return this.read(s, s.actual, from, to, 'actual', null);
  }

  async forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const s = this.series(zone);
    const values = s.forecast ?? (this.forecastFromActuals ? s.actual : null);
    if (!values) return [];
    const issuedAt = new Date(Math.floor(from.getTime() / s.stepMs) * s.stepMs);
    return this.read(s, values, from, to, 'forecast', issuedAt);
  }

  private read(
    s: CarbonSeries,
    values: Float64Array,
    from: Date,
    to: Date,
    kind: 'actual' | 'forecast',
    issuedAt: Date | null,
  ): IntensitySample[] {
    const out: IntensitySample[] = [];
    const end = to.getTime();
    for (let t = Math.ceil(from.getTime() / s.stepMs) * s.stepMs; t < end; t += s.stepMs) {
      const source = this.mode === 'replay' ? replayTime(s, t) : t;
      const i = indexAt(s, source);
      if (i < 0) continue;
      const v = values[i]!;
      if (Number.isNaN(v)) continue; // a gap in the source: skipped, never invented
      const time = new Date(t);
      out.push({
        zone: s.zone,
        time,
        intensityGPerKwh: v,
        source: this.name,
        kind,
        issuedAt: issuedAt ?? time,
      });
    }
    return out;
  }
}
