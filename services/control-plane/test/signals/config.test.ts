import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config';
import {
  DEFAULT_MAX_AGE_SECONDS,
  chainFor,
  createProviders,
  loadSignalsConfig,
  parseDuration,
} from '../../src/signals';

test('defaults: the bundled data set in replay mode for every zone, no credentials needed', () => {
  const c = loadSignalsConfig({});
  assert.deepEqual(c.sources, { '*': ['bundled'] });
  assert.equal(c.bundledMode, 'replay');
  assert.equal(c.timeoutMs, 10_000);
  assert.equal(c.ukCarbonIntensity.baseUrl, 'https://api.carbonintensity.org.uk');
  assert.deepEqual(c.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS);
  assert.equal(c.maxAgeSeconds.bundled, 7200);
  assert.equal(c.electricityMaps, undefined);
  assert.equal(c.wattTime, undefined);
  assert.equal(c.carbonAwareSdk, undefined);
  assert.deepEqual(
    createProviders(c).map((p) => p.name),
    ['bundled'],
  );
});

test('a full configuration', () => {
  const c = loadSignalsConfig({
    LIGHTSWITCH_CARBON_SOURCES:
      ' GB = uk-carbon-intensity , bundled ; DE=electricity-maps,bundled;US-CAL-CISO=watttime,carbon-aware-sdk,bundled;*=bundled ',
    LIGHTSWITCH_CARBON_BUNDLED_MODE: 'dataset',
    LIGHTSWITCH_CARBON_TIMEOUT_MS: '2500',
    LIGHTSWITCH_CARBON_MAX_AGE: 'watttime=30m,*=90m',
    LIGHTSWITCH_CARBON_FORECAST_MAX_AGE: 'electricity-maps=12h',
    LIGHTSWITCH_CARBON_REFRESH_INTERVAL: 'bundled=60,uk-carbon-intensity=10m',
    ELECTRICITY_MAPS_TOKEN: 'em-token',
    WATTTIME_USERNAME: 'ada',
    WATTTIME_PASSWORD: 'pw',
    WATTTIME_REGIONS: 'DE=DE',
    CARBON_AWARE_SDK_URL: 'http://sdk.internal:8080/',
    CARBON_AWARE_SDK_LOCATIONS: 'US-CAL-CISO=westus',
    UK_CARBON_INTENSITY_URL: 'http://127.0.0.1:9999',
  });
  assert.deepEqual(c.sources, {
    GB: ['uk-carbon-intensity', 'bundled'],
    DE: ['electricity-maps', 'bundled'],
    'US-CAL-CISO': ['watttime', 'carbon-aware-sdk', 'bundled'],
    '*': ['bundled'],
  });
  assert.deepEqual(chainFor(c.sources, 'US-CAL-CISO'), ['watttime', 'carbon-aware-sdk', 'bundled']);
  assert.deepEqual(chainFor(c.sources, 'FR'), ['bundled']);
  assert.equal(c.bundledMode, 'dataset');
  assert.equal(c.timeoutMs, 2500);
  assert.equal(c.maxAgeSeconds.watttime, 1800);
  assert.equal(c.maxAgeSeconds.bundled, 5400);
  assert.equal(c.maxAgeSeconds['electricity-maps'], 5400);
  assert.equal(c.forecastMaxAgeSeconds['electricity-maps'], 43_200);
  assert.equal(c.refreshIntervalSeconds.bundled, 60);
  assert.equal(c.refreshIntervalSeconds['uk-carbon-intensity'], 600);
  assert.deepEqual(c.electricityMaps, { token: 'em-token', baseUrl: 'https://api.electricitymaps.com' });
  assert.deepEqual(c.wattTime, {
    username: 'ada',
    password: 'pw',
    baseUrl: 'https://api.watttime.org',
    regions: { 'US-CAL-CISO': 'CAISO_NORTH', DE: 'DE' },
  });
  assert.deepEqual(c.carbonAwareSdk, {
    baseUrl: 'http://sdk.internal:8080',
    locations: { 'US-CAL-CISO': 'westus' },
  });
  assert.equal(c.ukCarbonIntensity.baseUrl, 'http://127.0.0.1:9999');
  assert.deepEqual(
    createProviders(c)
      .map((p) => p.name)
      .sort(),
    ['bundled', 'carbon-aware-sdk', 'electricity-maps', 'uk-carbon-intensity', 'watttime'],
  );
  assert.equal(chainFor({ GB: ['bundled'] }, 'DE').length, 0, 'no "*": other zones have no source');
});

test('bad values name the variable', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ LIGHTSWITCH_CARBON_SOURCES: 'GB=nope' }, 'LIGHTSWITCH_CARBON_SOURCES', /unknown provider "nope"/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'GB' }, 'LIGHTSWITCH_CARBON_SOURCES', /ZONE=provider/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'GB=;' }, 'LIGHTSWITCH_CARBON_SOURCES', /names no provider/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'GB=bundled;GB=bundled' }, 'LIGHTSWITCH_CARBON_SOURCES', /listed twice/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'GB=bundled,bundled' }, 'LIGHTSWITCH_CARBON_SOURCES', /a provider twice/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'G B=bundled' }, 'LIGHTSWITCH_CARBON_SOURCES', /not a zone name/],
    [{ LIGHTSWITCH_CARBON_SOURCES: ';' }, 'LIGHTSWITCH_CARBON_SOURCES', /names no zone/],
    [{ LIGHTSWITCH_CARBON_SOURCES: 'DE=electricity-maps' }, 'ELECTRICITY_MAPS_TOKEN', /is required/],
    [{ LIGHTSWITCH_CARBON_SOURCES: '*=watttime' }, 'WATTTIME_USERNAME', /is required/],
    [
      { LIGHTSWITCH_CARBON_SOURCES: '*=watttime', WATTTIME_USERNAME: 'a' },
      'WATTTIME_PASSWORD',
      /is required/,
    ],
    [{ WATTTIME_USERNAME: 'a' }, 'WATTTIME_PASSWORD', /together/],
    [{ LIGHTSWITCH_CARBON_SOURCES: '*=carbon-aware-sdk' }, 'CARBON_AWARE_SDK_URL', /is required/],
    [{ CARBON_AWARE_SDK_URL: 'ftp://x' }, 'CARBON_AWARE_SDK_URL', /http:\/\/ or https:\/\//],
    [{ UK_CARBON_INTENSITY_URL: 'not a url' }, 'UK_CARBON_INTENSITY_URL', /not a URL/],
    [{ ELECTRICITY_MAPS_URL: 'file:///etc' }, 'ELECTRICITY_MAPS_URL', /http/],
    [{ LIGHTSWITCH_CARBON_BUNDLED_MODE: 'live' }, 'LIGHTSWITCH_CARBON_BUNDLED_MODE', /replay or dataset/],
    [{ LIGHTSWITCH_CARBON_TIMEOUT_MS: '5' }, 'LIGHTSWITCH_CARBON_TIMEOUT_MS', /100 to 120000/],
    [{ LIGHTSWITCH_CARBON_MAX_AGE: 'bundled=soon' }, 'LIGHTSWITCH_CARBON_MAX_AGE', /not a duration/],
    [{ LIGHTSWITCH_CARBON_MAX_AGE: 'bundled=0' }, 'LIGHTSWITCH_CARBON_MAX_AGE', /longer than zero/],
    [
      { LIGHTSWITCH_CARBON_FORECAST_MAX_AGE: 'foo=1h' },
      'LIGHTSWITCH_CARBON_FORECAST_MAX_AGE',
      /unknown provider "foo"/,
    ],
    [
      { LIGHTSWITCH_CARBON_REFRESH_INTERVAL: '5m' },
      'LIGHTSWITCH_CARBON_REFRESH_INTERVAL',
      /provider=duration/,
    ],
    [{ WATTTIME_REGIONS: 'US-CAL-CISO' }, 'WATTTIME_REGIONS', /ZONE=name/],
    [{ CARBON_AWARE_SDK_LOCATIONS: '*=westus' }, 'CARBON_AWARE_SDK_LOCATIONS', /ZONE=name/],
  ];
  for (const [env, variable, message] of cases) {
    assert.throws(
      () => loadSignalsConfig(env),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${JSON.stringify(env)}: ${String(e)}`);
        assert.equal(e.variable, variable, e.message);
        assert.ok(e.message.startsWith(`${variable}: `));
        assert.match(e.message, message);
        return true;
      },
    );
  }
});

test('durations', () => {
  assert.equal(parseDuration('90', 'X'), 90);
  assert.equal(parseDuration('90s', 'X'), 90);
  assert.equal(parseDuration('15m', 'X'), 900);
  assert.equal(parseDuration('1.5h', 'X'), 5400);
  assert.equal(parseDuration('2d', 'X'), 172_800);
});
