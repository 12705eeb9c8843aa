// The Green Software Foundation's Carbon Aware SDK Web API (a service you run yourself, in front of WattTime
// or Electricity Maps; values are gCO2e/kWh). Zones map to its location names (e.g. eastus, westus) through
// `locations`; a zone not in the map is used as a location as it is.
//
//   GET /emissions/forecasts/current?location=   [{"generatedAt","location","forecastData":[{"timestamp","duration","value"}],...}]
//   GET /emissions/bylocations?location=&time=&toTime=   [{"location","time","rating","duration"}]   (204 when empty)
import { ProviderError } from '../errors';
import { BodyReader, ProviderHttp, inRange, trimSlash, type HttpProviderOptions } from '../http';
import type { CarbonProvider, IntensitySample } from '../types';

export const CARBON_AWARE_SDK = 'carbon-aware-sdk';

export interface CarbonAwareSdkOptions extends HttpProviderOptions {
  baseUrl: string;
  /** zone -> SDK location name. */
  locations?: Record<string, string>;
}

export class CarbonAwareSdkProvider implements CarbonProvider {
  readonly name = CARBON_AWARE_SDK;
  readonly http: ProviderHttp;
  private readonly baseUrl: string;
  private readonly locations: Record<string, string>;

  constructor(options: CarbonAwareSdkOptions) {
    if (!options.baseUrl) throw new ProviderError(CARBON_AWARE_SDK, 'network', 'a base URL is required');
    this.baseUrl = trimSlash(options.baseUrl);
    this.locations = { ...options.locations };
    this.http = new ProviderHttp(this.name, options);
  }

  get rateLimitedUntil(): Date | undefined {
    return this.http.rateLimitedUntil;
  }

  location(zone: string): string {
    return this.locations[zone] ?? zone;
  }

  async actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const location = this.location(zone);
    const url = new URL(`${this.baseUrl}/emissions/bylocations`);
    url.searchParams.set('location', location);
    url.searchParams.set('time', from.toISOString());
    url.searchParams.set('toTime', to.toISOString());
    const { body } = await this.http.json(url);
    if (body === undefined) return []; // 204: no data for the range
    const r = new BodyReader(this.name, url.pathname);
    const out = r.array(body, '(body)').map((item, i): IntensitySample => {
      const o = r.object(item, `[${i}]`);
      this.checkLocation(r, o.location, `[${i}].location`, location);
      if (o.duration !== undefined && o.duration !== null) duration(r, o.duration, `[${i}].duration`);
      const time = r.time(o.time, `[${i}].time`);
      return {
        zone,
        time,
        intensityGPerKwh: r.intensity(o.rating, `[${i}].rating`),
        source: this.name,
        kind: 'actual',
        issuedAt: time,
      };
    });
    return inRange(out, from, to);
  }

  async forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const location = this.location(zone);
    const url = new URL(`${this.baseUrl}/emissions/forecasts/current`);
    url.searchParams.set('location', location);
    const { body } = await this.http.json(url);
    const r = new BodyReader(this.name, url.pathname);
    const list = r.array(body, '(body)');
    if (list.length !== 1)
      r.fail('(body)', `must hold exactly one forecast for "${location}", got ${list.length}`);
    const f = r.object(list[0], '[0]');
    this.checkLocation(r, f.location, '[0].location', location);
    const issuedAt = r.time(f.generatedAt, '[0].generatedAt');
    const out = r.array(f.forecastData, '[0].forecastData').map((item, i): IntensitySample => {
      const field = `[0].forecastData[${i}]`;
      const o = r.object(item, field);
      r.number(o.duration, `${field}.duration`);
      return {
        zone,
        time: r.time(o.timestamp, `${field}.timestamp`),
        intensityGPerKwh: r.intensity(o.value, `${field}.value`),
        source: this.name,
        kind: 'forecast',
        issuedAt,
      };
    });
    return inRange(out, from, to);
  }

  /** The SDK echoes the location asked for (forecast data points may instead name the source's region). */
  private checkLocation(r: BodyReader, value: unknown, field: string, location: string): void {
    const got = r.string(value, field);
    if (got.toLowerCase() !== location.toLowerCase()) {
      r.fail(field, `is "${got}", but location "${location}" was asked for`);
    }
  }
}

/** .NET TimeSpan "hh:mm:ss[.fffffff]" (optionally "d.hh:mm:ss") or minutes as a number. */
function duration(r: BodyReader, value: unknown, field: string): number {
  if (typeof value === 'number') return r.number(value, field);
  const s = r.string(value, field);
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(s);
  if (!m) r.fail(field, `must be a duration like "00:05:00", got "${s}"`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 60;
}
