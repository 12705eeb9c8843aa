// NESO's Carbon Intensity API for Great Britain (https://carbon-intensity.github.io/api-definitions/): no key.
// Zones: "GB" is the national series (forecast and actual); "GB-<n>" is DNO region n (1-17: 1 North Scotland
// ... 13 London, 14 South East England, 15 England, 16 Scotland, 17 Wales), forecast only (the API publishes
// no regional actuals, so actual() returns nothing there).
//
//   national forecast  GET /intensity/{from}/fw48h         {"data":[{"from","to","intensity":{"forecast","actual","index"}}]}
//   national actuals   GET /intensity/{from}/{to}          same shape; actual is null until measured
//   regional forecast  GET /regional/intensity/{from}/fw48h/regionid/{id}
//                      {"data":{"regionid","dnoregion","shortname","data":[{"from","to","intensity":{"forecast","index"},"generationmix"}]}}
//
// The API does not say when a forecast was made; it is refreshed every half-hour, so a fetched forecast is
// stamped as issued at the start of the current half-hour (by the provider's clock).
import { ProviderError } from '../errors';
import {
  BodyReader,
  ProviderHttp,
  chunks,
  inRange,
  isoMinute,
  trimSlash,
  type HttpProviderOptions,
} from '../http';
import type { CarbonProvider, IntensitySample } from '../types';

export const UK_CARBON_INTENSITY = 'uk-carbon-intensity';
export const UK_CARBON_INTENSITY_DEFAULT_URL = 'https://api.carbonintensity.org.uk';

const HALF_HOUR = 1_800_000;
/** The API's longest from/to range. */
const MAX_RANGE_MS = 14 * 24 * 3600_000;

export interface UkCarbonIntensityOptions extends HttpProviderOptions {
  baseUrl?: string;
}

export class UkCarbonIntensityProvider implements CarbonProvider {
  readonly name = UK_CARBON_INTENSITY;
  readonly http: ProviderHttp;
  private readonly baseUrl: string;

  constructor(options: UkCarbonIntensityOptions = {}) {
    this.baseUrl = trimSlash(options.baseUrl ?? UK_CARBON_INTENSITY_DEFAULT_URL);
    this.http = new ProviderHttp(this.name, options);
  }

  get rateLimitedUntil(): Date | undefined {
    return this.http.rateLimitedUntil;
  }

  /** null for the national series, else the DNO region id. */
  private region(zone: string): number | null {
    if (zone === 'GB') return null;
    const m = /^GB-(\d{1,2})$/.exec(zone);
    const id = m ? Number(m[1]) : NaN;
    if (!(id >= 1 && id <= 17)) {
      throw new ProviderError(
        this.name,
        'unsupported-zone',
        `zone "${zone}" is not GB (national) or GB-1 … GB-17 (a GB region id)`,
      );
    }
    return id;
  }

  async actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    if (this.region(zone) !== null) return []; // regional actuals are not published
    const out: IntensitySample[] = [];
    // The API answers with the half-hours overlapping the range; ask from one slot earlier and filter.
    for (const [a, b] of chunks(from.getTime() - HALF_HOUR, to.getTime(), MAX_RANGE_MS)) {
      const url = new URL(`${this.baseUrl}/intensity/${isoMinute(a)}/${isoMinute(b)}`);
      const { body } = await this.http.json(url);
      for (const p of this.periods(body, url, 'data')) {
        if (p.actual === null) continue; // not measured yet
        out.push({
          zone,
          time: p.from,
          intensityGPerKwh: p.actual,
          source: this.name,
          kind: 'actual',
          issuedAt: p.from,
        });
      }
    }
    return inRange(out, from, to);
  }

  async forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const region = this.region(zone);
    const start = isoMinute(from.getTime());
    const issuedAt = new Date(Math.floor(this.http.clock() / HALF_HOUR) * HALF_HOUR);
    let periods: Period[];
    if (region === null) {
      const url = new URL(`${this.baseUrl}/intensity/${start}/fw48h`);
      periods = this.periods((await this.http.json(url)).body, url, 'data');
    } else {
      const url = new URL(`${this.baseUrl}/regional/intensity/${start}/fw48h/regionid/${region}`);
      const { body } = await this.http.json(url);
      const r = new BodyReader(this.name, url.pathname);
      const top = r.object(body, '(body)');
      // Documented as an object; some deployments wrap it in a one-element array.
      let data = top.data;
      let field = 'data';
      if (Array.isArray(data)) {
        if (data.length !== 1) r.fail('data', `must hold exactly one region, got ${data.length}`);
        data = data[0];
        field = 'data[0]';
      }
      const regionBody = r.object(data, field);
      const id = r.number(regionBody.regionid, `${field}.regionid`);
      if (id !== region) r.fail(`${field}.regionid`, `is ${id}, but region ${region} was asked for`);
      periods = this.periods(regionBody, url, `${field}.data`, regionBody.data);
    }
    const out = periods.map((p): IntensitySample => ({
      zone,
      time: p.from,
      intensityGPerKwh: p.forecast,
      source: this.name,
      kind: 'forecast',
      issuedAt,
    }));
    return inRange(out, from, to);
  }

  /** Reads and validates the half-hour periods of a body (`{data: [...]}` unless `list` is given). */
  private periods(body: unknown, url: URL, field: string, list?: unknown): Period[] {
    const r = new BodyReader(this.name, url.pathname);
    const items = r.array(list === undefined ? r.object(body, '(body)').data : list, field);
    return items.map((item, i) => {
      const f = `${field}[${i}]`;
      const o = r.object(item, f);
      const fromT = r.time(o.from, `${f}.from`);
      const toT = r.time(o.to, `${f}.to`);
      if (toT.getTime() - fromT.getTime() !== HALF_HOUR) r.fail(`${f}.to`, 'must be 30 minutes after from');
      const intensity = r.object(o.intensity, `${f}.intensity`);
      const forecast = r.intensity(intensity.forecast, `${f}.intensity.forecast`);
      const actual =
        intensity.actual === null || intensity.actual === undefined
          ? null
          : r.intensity(intensity.actual, `${f}.intensity.actual`);
      return { from: fromT, forecast, actual };
    });
  }
}

interface Period {
  from: Date;
  forecast: number;
  actual: number | null;
}
