// Electricity Maps API v3 (https://portal.electricitymaps.com/docs): `auth-token` header, zones are its zone
// keys (DE, FR, GB, US-CAL-CISO, ...).
//
//   GET /v3/carbon-intensity/latest?zone=      {"zone","carbonIntensity","datetime","updatedAt",...}
//   GET /v3/carbon-intensity/past-range?zone=&start=&end=   {"zone","data":[{same as latest}]}
//   GET /v3/carbon-intensity/forecast?zone=    {"zone","forecast":[{"carbonIntensity","datetime"}],"updatedAt"}
//
// actual(): the part of the range older than two hours comes from past-range (10 days per request), the
// recent part from latest. A sample's issuedAt is the API's updatedAt (so a revised value is a new row).
// forecast(): issuedAt is the forecast's updatedAt.
import { ProviderError } from '../errors';
import { BodyReader, ProviderHttp, chunks, inRange, trimSlash, type HttpProviderOptions } from '../http';
import type { CarbonProvider, IntensitySample } from '../types';

export const ELECTRICITY_MAPS = 'electricity-maps';
export const ELECTRICITY_MAPS_DEFAULT_URL = 'https://api.electricitymaps.com';

const RECENT_MS = 2 * 3600_000;
const MAX_RANGE_MS = 10 * 24 * 3600_000;

export interface ElectricityMapsOptions extends HttpProviderOptions {
  token: string;
  baseUrl?: string;
  /** "direct" (operational) or "lifecycle"; unset: the API's default for the account. */
  emissionFactorType?: 'direct' | 'lifecycle';
}

export class ElectricityMapsProvider implements CarbonProvider {
  readonly name = ELECTRICITY_MAPS;
  readonly http: ProviderHttp;
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly emissionFactorType: string | undefined;

  constructor(options: ElectricityMapsOptions) {
    if (!options.token) throw new ProviderError(ELECTRICITY_MAPS, 'auth', 'an API token is required');
    this.token = options.token;
    this.baseUrl = trimSlash(options.baseUrl ?? ELECTRICITY_MAPS_DEFAULT_URL);
    this.emissionFactorType = options.emissionFactorType;
    this.http = new ProviderHttp(this.name, options);
  }

  get rateLimitedUntil(): Date | undefined {
    return this.http.rateLimitedUntil;
  }

  private url(path: string, params: Record<string, string>): URL {
    const url = new URL(`${this.baseUrl}/v3/carbon-intensity/${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (this.emissionFactorType) url.searchParams.set('emissionFactorType', this.emissionFactorType);
    return url;
  }

  private get(url: URL) {
    return this.http.json(url, { headers: { 'auth-token': this.token } });
  }

  async actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const now = this.http.clock();
    const out: IntensitySample[] = [];
    const pastEnd = Math.min(to.getTime(), now - RECENT_MS);
    for (const [a, b] of chunks(from.getTime(), pastEnd, MAX_RANGE_MS)) {
      const url = this.url('past-range', {
        zone,
        start: new Date(a).toISOString(),
        end: new Date(b).toISOString(),
      });
      const { body } = await this.get(url);
      const r = new BodyReader(this.name, url.pathname);
      const top = r.object(body, '(body)');
      this.checkZone(r, top.zone, 'zone', zone);
      r.array(top.data, 'data').forEach((item, i) => out.push(this.point(r, item, `data[${i}]`, zone)));
    }
    if (to.getTime() > now - RECENT_MS) {
      const url = this.url('latest', { zone });
      const { body } = await this.get(url);
      const r = new BodyReader(this.name, url.pathname);
      out.push(this.point(r, body, '(body)', zone));
    }
    return inRange(out, from, to);
  }

  async forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const url = this.url('forecast', { zone });
    const { body } = await this.get(url);
    const r = new BodyReader(this.name, url.pathname);
    const top = r.object(body, '(body)');
    this.checkZone(r, top.zone, 'zone', zone);
    const issuedAt = r.time(top.updatedAt, 'updatedAt');
    const out = r.array(top.forecast, 'forecast').map((item, i): IntensitySample => {
      const o = r.object(item, `forecast[${i}]`);
      return {
        zone,
        time: r.time(o.datetime, `forecast[${i}].datetime`),
        intensityGPerKwh: r.intensity(o.carbonIntensity, `forecast[${i}].carbonIntensity`),
        source: this.name,
        kind: 'forecast',
        issuedAt,
      };
    });
    return inRange(out, from, to);
  }

  private point(r: BodyReader, item: unknown, field: string, zone: string): IntensitySample {
    const o = r.object(item, field);
    const prefix = field === '(body)' ? '' : `${field}.`;
    if (o.zone !== undefined) this.checkZone(r, o.zone, `${prefix}zone`, zone);
    const time = r.time(o.datetime, `${prefix}datetime`);
    return {
      zone,
      time,
      intensityGPerKwh: r.intensity(o.carbonIntensity, `${prefix}carbonIntensity`),
      source: this.name,
      kind: 'actual',
      issuedAt: r.time(o.updatedAt, `${prefix}updatedAt`),
    };
  }

  private checkZone(r: BodyReader, value: unknown, field: string, zone: string): void {
    const got = r.string(value, field);
    if (got !== zone) r.fail(field, `is "${got}", but zone "${zone}" was asked for`);
  }
}
