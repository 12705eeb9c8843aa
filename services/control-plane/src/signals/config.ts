// Carbon signal settings from the environment. Every problem is a ConfigError naming the variable.
import { ConfigError } from '../config';
import type { BundledMode } from './bundled';
import { ELECTRICITY_MAPS_DEFAULT_URL } from './providers/electricity-maps';
import { UK_CARBON_INTENSITY_DEFAULT_URL } from './providers/uk-carbon-intensity';
import { DEFAULT_WATTTIME_REGIONS, WATTTIME_DEFAULT_URL } from './providers/watttime';

export const PROVIDER_NAMES = [
  'bundled',
  'uk-carbon-intensity',
  'electricity-maps',
  'watttime',
  'carbon-aware-sdk',
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Per-source settings in seconds; every provider has an entry. */
export type PerSource = Record<ProviderName, number>;

/** Beyond this age the current value is stale. Half-hourly sources 2 h, hourly ones 3 h, 5-minute ones 1 h. */
export const DEFAULT_MAX_AGE_SECONDS: Readonly<PerSource> = {
  bundled: 2 * 3600,
  'uk-carbon-intensity': 2 * 3600,
  'electricity-maps': 3 * 3600,
  watttime: 3600,
  'carbon-aware-sdk': 3 * 3600,
};

/** Beyond this age (since it was issued) a forecast is stale. */
export const DEFAULT_FORECAST_MAX_AGE_SECONDS: Readonly<PerSource> = {
  bundled: 6 * 3600,
  'uk-carbon-intensity': 6 * 3600,
  'electricity-maps': 6 * 3600,
  watttime: 2 * 3600,
  'carbon-aware-sdk': 6 * 3600,
};

/** Least time between two fetches of one zone and kind from one provider (success or failure). */
export const DEFAULT_REFRESH_INTERVAL_SECONDS: Readonly<PerSource> = {
  bundled: 300,
  'uk-carbon-intensity': 900,
  'electricity-maps': 900,
  watttime: 300,
  'carbon-aware-sdk': 900,
};

export const DEFAULT_CARBON_SOURCES = '*=bundled';

export interface SignalsConfig {
  /** Zone -> providers to try, in order; "*" applies to every zone not listed. */
  sources: Record<string, ProviderName[]>;
  bundledMode: BundledMode;
  timeoutMs: number;
  maxAgeSeconds: PerSource;
  forecastMaxAgeSeconds: PerSource;
  refreshIntervalSeconds: PerSource;
  ukCarbonIntensity: { baseUrl: string };
  electricityMaps?: { token: string; baseUrl: string };
  wattTime?: { username: string; password: string; baseUrl: string; regions: Record<string, string> };
  carbonAwareSdk?: { baseUrl: string; locations: Record<string, string> };
}

type Env = Record<string, string | undefined>;

const ZONE = /^(\*|[A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;

/** "GB=uk-carbon-intensity,bundled;*=bundled" */
export function parseSources(
  raw: string,
  variable = 'LIGHTSWITCH_CARBON_SOURCES',
): Record<string, ProviderName[]> {
  const out: Record<string, ProviderName[]> = {};
  for (const part of raw.split(';')) {
    const entry = part.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq < 0) throw new ConfigError(variable, `"${entry}" must look like ZONE=provider[,provider...]`);
    const zone = entry.slice(0, eq).trim();
    if (!ZONE.test(zone)) throw new ConfigError(variable, `"${zone}" is not a zone name (or *)`);
    if (Object.hasOwn(out, zone)) throw new ConfigError(variable, `zone ${zone} is listed twice`);
    const providers = entry
      .slice(eq + 1)
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (providers.length === 0) throw new ConfigError(variable, `zone ${zone} names no provider`);
    for (const p of providers) {
      if (!(PROVIDER_NAMES as readonly string[]).includes(p)) {
        throw new ConfigError(
          variable,
          `unknown provider "${p}" for ${zone} (known: ${PROVIDER_NAMES.join(', ')})`,
        );
      }
    }
    if (new Set(providers).size !== providers.length) {
      throw new ConfigError(variable, `zone ${zone} names a provider twice`);
    }
    out[zone] = providers as ProviderName[];
  }
  if (Object.keys(out).length === 0) throw new ConfigError(variable, 'names no zone; e.g. "*=bundled"');
  return out;
}

/** "90s", "15m", "2h", "1d" or plain seconds. */
export function parseDuration(raw: string, variable: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!m) throw new ConfigError(variable, `"${raw}" is not a duration (like 90s, 15m, 2h, 1d)`);
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  if (!(seconds > 0)) throw new ConfigError(variable, `"${raw}" must be longer than zero`);
  return seconds;
}

/** "watttime=1h,*=2h": per-provider durations over the defaults ("*" sets every provider not listed). */
function perSource(env: Env, variable: string, defaults: Readonly<PerSource>): PerSource {
  const out = { ...defaults };
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return out;
  const explicit = new Set<string>();
  let star: number | undefined;
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq < 0) throw new ConfigError(variable, `"${entry}" must look like provider=duration`);
    const name = entry.slice(0, eq).trim();
    const seconds = parseDuration(entry.slice(eq + 1), variable);
    if (name === '*') star = seconds;
    else if ((PROVIDER_NAMES as readonly string[]).includes(name)) {
      out[name as ProviderName] = seconds;
      explicit.add(name);
    } else
      throw new ConfigError(variable, `unknown provider "${name}" (known: ${PROVIDER_NAMES.join(', ')}, *)`);
  }
  if (star !== undefined) for (const p of PROVIDER_NAMES) if (!explicit.has(p)) out[p] = star;
  return out;
}

/** "US-CAL-CISO=CAISO_NORTH,DE=DE" */
function zoneMap(env: Env, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return out;
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const [zone, target, ...rest] = entry.split('=').map((s) => s.trim());
    if (!zone || !target || rest.length > 0 || !ZONE.test(zone) || zone === '*') {
      throw new ConfigError(variable, `"${entry}" must look like ZONE=name`);
    }
    out[zone] = target;
  }
  return out;
}

function httpUrl(env: Env, variable: string, fallback?: string): string | undefined {
  const raw = env[variable]?.trim() || fallback;
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(variable, `must be an http:// or https:// URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadSignalsConfig(env: Env = process.env): SignalsConfig {
  const sources = parseSources(env.LIGHTSWITCH_CARBON_SOURCES?.trim() || DEFAULT_CARBON_SOURCES);
  const used = new Set(Object.values(sources).flat());

  const mode = env.LIGHTSWITCH_CARBON_BUNDLED_MODE?.trim() || 'replay';
  if (mode !== 'replay' && mode !== 'dataset') {
    throw new ConfigError('LIGHTSWITCH_CARBON_BUNDLED_MODE', `must be replay or dataset, got "${mode}"`);
  }
  const timeoutRaw = env.LIGHTSWITCH_CARBON_TIMEOUT_MS?.trim() || '10000';
  const timeoutMs = Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
    throw new ConfigError(
      'LIGHTSWITCH_CARBON_TIMEOUT_MS',
      `must be an integer from 100 to 120000, got "${timeoutRaw}"`,
    );
  }

  const config: SignalsConfig = {
    sources,
    bundledMode: mode,
    timeoutMs,
    maxAgeSeconds: perSource(env, 'LIGHTSWITCH_CARBON_MAX_AGE', DEFAULT_MAX_AGE_SECONDS),
    forecastMaxAgeSeconds: perSource(
      env,
      'LIGHTSWITCH_CARBON_FORECAST_MAX_AGE',
      DEFAULT_FORECAST_MAX_AGE_SECONDS,
    ),
    refreshIntervalSeconds: perSource(
      env,
      'LIGHTSWITCH_CARBON_REFRESH_INTERVAL',
      DEFAULT_REFRESH_INTERVAL_SECONDS,
    ),
    ukCarbonIntensity: { baseUrl: httpUrl(env, 'UK_CARBON_INTENSITY_URL', UK_CARBON_INTENSITY_DEFAULT_URL)! },
  };

  const token = env.ELECTRICITY_MAPS_TOKEN?.trim();
  const emUrl = httpUrl(env, 'ELECTRICITY_MAPS_URL', ELECTRICITY_MAPS_DEFAULT_URL)!;
  if (token) config.electricityMaps = { token, baseUrl: emUrl };
  else if (used.has('electricity-maps')) {
    throw new ConfigError(
      'ELECTRICITY_MAPS_TOKEN',
      'is required because LIGHTSWITCH_CARBON_SOURCES uses electricity-maps',
    );
  }

  const username = env.WATTTIME_USERNAME?.trim();
  const password = env.WATTTIME_PASSWORD;
  const wtUrl = httpUrl(env, 'WATTTIME_URL', WATTTIME_DEFAULT_URL)!;
  const regions = { ...DEFAULT_WATTTIME_REGIONS, ...zoneMap(env, 'WATTTIME_REGIONS') };
  if (username && password) config.wattTime = { username, password, baseUrl: wtUrl, regions };
  else if (used.has('watttime') || username || password) {
    throw new ConfigError(
      username ? 'WATTTIME_PASSWORD' : 'WATTTIME_USERNAME',
      used.has('watttime')
        ? 'is required because LIGHTSWITCH_CARBON_SOURCES uses watttime (set WATTTIME_USERNAME and WATTTIME_PASSWORD)'
        : 'must be set together with the other WattTime credential',
    );
  }

  const sdkUrl = httpUrl(env, 'CARBON_AWARE_SDK_URL');
  const locations = zoneMap(env, 'CARBON_AWARE_SDK_LOCATIONS');
  if (sdkUrl) config.carbonAwareSdk = { baseUrl: sdkUrl, locations };
  else if (used.has('carbon-aware-sdk')) {
    throw new ConfigError(
      'CARBON_AWARE_SDK_URL',
      'is required because LIGHTSWITCH_CARBON_SOURCES uses carbon-aware-sdk',
    );
  }
  return config;
}

/** The providers to try for a zone, in order: its own entry, else "*", else none. */
export function chainFor(sources: Record<string, ProviderName[]>, zone: string): ProviderName[] {
  return (Object.hasOwn(sources, zone) ? sources[zone] : sources['*']) ?? [];
}
