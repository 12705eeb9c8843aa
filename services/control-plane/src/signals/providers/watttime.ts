// WattTime API v3 (https://docs.watttime.org): marginal operating emissions rate `co2_moer`, in lbs CO2/MWh,
// converted here to gCO2e/kWh (1 lb/MWh = 453.592 g / 1,000 kWh = 0.453592 g/kWh).
//
//   GET /login (HTTP basic)                                   {"token": "..."} valid 30 min
//   GET /v3/historical?region=&start=&end=&signal_type=co2_moer   {"data":[{"point_time","value"}],"meta":{...,"units":"lbs_co2_per_mwh"}}
//   GET /v3/forecast?region=&signal_type=co2_moer&horizon_hours=  same, meta.generated_at = when it was issued
//
// The bearer token is cached and renewed after 25 minutes, and once more whenever a call answers 401.
// Zones map to WattTime regions through `regions` (default US-CAL-CISO -> CAISO_NORTH); a zone not in the
// map is used as a region name as it is. /v3/signal-index is a 0-100 percentile, not an intensity, so it is
// not used as one.
import { ProviderError } from '../errors';
import { BodyReader, ProviderHttp, chunks, inRange, trimSlash, type HttpProviderOptions } from '../http';
import type { CarbonProvider, IntensitySample } from '../types';

export const WATTTIME = 'watttime';
export const WATTTIME_DEFAULT_URL = 'https://api.watttime.org';
export const LBS_PER_MWH_TO_G_PER_KWH = 0.453592;
export const DEFAULT_WATTTIME_REGIONS: Readonly<Record<string, string>> = { 'US-CAL-CISO': 'CAISO_NORTH' };

const TOKEN_TTL_MS = 25 * 60_000;
const MAX_RANGE_MS = 30 * 24 * 3600_000;
const MAX_HORIZON_HOURS = 72;

export interface WattTimeOptions extends HttpProviderOptions {
  username: string;
  password: string;
  baseUrl?: string;
  /** zone -> WattTime region. */
  regions?: Record<string, string>;
}

export class WattTimeProvider implements CarbonProvider {
  readonly name = WATTTIME;
  readonly http: ProviderHttp;
  private readonly baseUrl: string;
  private readonly basic: string;
  private readonly regions: Record<string, string>;
  private token: { value: string; at: number } | undefined;
  private loggingIn: Promise<string> | undefined;
  /** Logins made so far (observability and tests). */
  logins = 0;

  constructor(options: WattTimeOptions) {
    if (!options.username || !options.password) {
      throw new ProviderError(WATTTIME, 'auth', 'a username and password are required');
    }
    this.basic = Buffer.from(`${options.username}:${options.password}`).toString('base64');
    this.baseUrl = trimSlash(options.baseUrl ?? WATTTIME_DEFAULT_URL);
    this.regions = { ...DEFAULT_WATTTIME_REGIONS, ...options.regions };
    this.http = new ProviderHttp(this.name, options);
  }

  get rateLimitedUntil(): Date | undefined {
    return this.http.rateLimitedUntil;
  }

  region(zone: string): string {
    return this.regions[zone] ?? zone;
  }

  private async login(): Promise<string> {
    this.loggingIn ??= (async () => {
      const url = new URL(`${this.baseUrl}/login`);
      try {
        const { body } = await this.http.json(url, { headers: { authorization: `Basic ${this.basic}` } });
        const r = new BodyReader(this.name, url.pathname);
        const value = r.string(r.object(body, '(body)').token, 'token');
        this.token = { value, at: this.http.clock() };
        this.logins++;
        return value;
      } catch (error) {
        if (error instanceof ProviderError && error.code === 'auth') {
          throw new ProviderError(
            this.name,
            'auth',
            `login refused (${error.details.status}): check the username and password`,
            {
              status: error.details.status,
              url: url.pathname,
            },
          );
        }
        throw error;
      } finally {
        this.loggingIn = undefined;
      }
    })();
    return this.loggingIn;
  }

  private async bearer(): Promise<string> {
    if (this.token && this.http.clock() - this.token.at < TOKEN_TTL_MS) return this.token.value;
    return this.login();
  }

  /** A data call with the bearer token; on 401 it logs in again once and repeats the call. */
  private async get(url: URL) {
    const call = async (token: string) =>
      this.http.json(url, { headers: { authorization: `Bearer ${token}` } });
    try {
      return await call(await this.bearer());
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'auth' && error.details.status === 401) {
        this.token = undefined;
        return call(await this.login());
      }
      throw error;
    }
  }

  async actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const region = this.region(zone);
    const out: IntensitySample[] = [];
    for (const [a, b] of chunks(from.getTime(), to.getTime(), MAX_RANGE_MS)) {
      const url = new URL(`${this.baseUrl}/v3/historical`);
      url.searchParams.set('region', region);
      url.searchParams.set('start', new Date(a).toISOString());
      url.searchParams.set('end', new Date(b).toISOString());
      url.searchParams.set('signal_type', 'co2_moer');
      const { body } = await this.get(url);
      for (const p of this.points(body, url, region, false).points) {
        out.push({ zone, ...p, source: this.name, kind: 'actual', issuedAt: p.time });
      }
    }
    return inRange(out, from, to);
  }

  async forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]> {
    const region = this.region(zone);
    const hours = Math.ceil((to.getTime() - this.http.clock()) / 3600_000);
    const url = new URL(`${this.baseUrl}/v3/forecast`);
    url.searchParams.set('region', region);
    url.searchParams.set('signal_type', 'co2_moer');
    url.searchParams.set('horizon_hours', String(Math.min(MAX_HORIZON_HOURS, Math.max(0, hours))));
    const { body } = await this.get(url);
    const { points, generatedAt } = this.points(body, url, region, true);
    const out = points.map((p): IntensitySample => ({
      zone,
      ...p,
      source: this.name,
      kind: 'forecast',
      issuedAt: generatedAt!,
    }));
    return inRange(out, from, to);
  }

  private points(
    body: unknown,
    url: URL,
    region: string,
    forecast: boolean,
  ): { points: { time: Date; intensityGPerKwh: number }[]; generatedAt?: Date } {
    const r = new BodyReader(this.name, url.pathname);
    const top = r.object(body, '(body)');
    const meta = r.object(top.meta, 'meta');
    if (meta.units !== undefined && meta.units !== 'lbs_co2_per_mwh') {
      r.fail('meta.units', `must be "lbs_co2_per_mwh" for co2_moer, got ${JSON.stringify(meta.units)}`);
    }
    if (meta.signal_type !== undefined && meta.signal_type !== 'co2_moer') {
      r.fail('meta.signal_type', `must be "co2_moer", got ${JSON.stringify(meta.signal_type)}`);
    }
    if (meta.region !== undefined && meta.region !== region) {
      r.fail('meta.region', `is ${JSON.stringify(meta.region)}, but region "${region}" was asked for`);
    }
    const generatedAt = forecast ? r.time(meta.generated_at, 'meta.generated_at') : undefined;
    const points = r.array(top.data, 'data').map((item, i) => {
      const o = r.object(item, `data[${i}]`);
      return {
        time: r.time(o.point_time, `data[${i}].point_time`),
        intensityGPerKwh: r.intensity(o.value, `data[${i}].value`, LBS_PER_MWH_TO_G_PER_KWH),
      };
    });
    return { points, generatedAt };
  }
}
