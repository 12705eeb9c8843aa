// Each HTTP provider against a real local HTTP server answering bodies in the documented shapes.
// (The failures every provider shares, 500, timeouts, malformed JSON, NaN, 429, are in http-errors.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CarbonAwareSdkProvider,
  ElectricityMapsProvider,
  LBS_PER_MWH_TO_G_PER_KWH,
  ProviderError,
  UkCarbonIntensityProvider,
  WattTimeProvider,
} from '../../src/signals';
import { HALF_HOUR, HOUR, startServer, type SeenRequest, type TestServer } from './server';

describe('UK Carbon Intensity API', () => {
  // Times as the API writes them: minute precision, "Z".
  const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  const NOW = Date.UTC(2026, 10, 24, 12, 10); // Tue 24 Nov 2026 12:10Z
  const SLOT = Date.UTC(2026, 10, 24, 12, 0);

  function period(from: number, forecast: unknown, actual: unknown = null) {
    return { from: at(from), to: at(from + HALF_HOUR), intensity: { forecast, actual, index: 'moderate' } };
  }

  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const provider = (clock = () => NOW) =>
    new UkCarbonIntensityProvider({ baseUrl: server.url, timeoutMs: 5000, clock });

  test('national forecast: /intensity/{from}/fw48h in the documented shape', async () => {
    server.handle((req) => {
      assert.equal(req.path, `/intensity/${at(SLOT)}/fw48h`);
      return {
        body: { data: [0, 1, 2, 3].map((i) => period(SLOT + i * HALF_HOUR, 180 + i, i === 0 ? 178 : null)) },
      };
    });
    const samples = await provider().forecast('GB', new Date(SLOT), new Date(SLOT + 3 * HALF_HOUR));
    assert.deepEqual(
      samples.map((s) => [s.time.toISOString(), s.intensityGPerKwh, s.kind, s.source, s.zone]),
      [
        ['2026-11-24T12:00:00.000Z', 180, 'forecast', 'uk-carbon-intensity', 'GB'],
        ['2026-11-24T12:30:00.000Z', 181, 'forecast', 'uk-carbon-intensity', 'GB'],
        ['2026-11-24T13:00:00.000Z', 182, 'forecast', 'uk-carbon-intensity', 'GB'],
      ],
    );
    // The API keeps no issue time: stamped with the start of the half-hour it was fetched in.
    for (const s of samples) assert.equal(s.issuedAt.toISOString(), '2026-11-24T12:00:00.000Z');
  });

  test('national actuals: /intensity/{from}/{to}; periods not yet measured (actual null) are skipped', async () => {
    server.handle((req) => {
      assert.match(req.path, /^\/intensity\/2026-11-24T\d\d:\d\dZ\/2026-11-24T\d\d:\d\dZ$/);
      return {
        body: {
          data: [
            period(SLOT - 2 * HALF_HOUR, 200, 205),
            period(SLOT - HALF_HOUR, 190, 192),
            period(SLOT, 185, null),
          ],
        },
      };
    });
    const samples = await provider().actual('GB', new Date(SLOT - HOUR), new Date(NOW));
    assert.deepEqual(
      samples.map((s) => [s.time.toISOString(), s.intensityGPerKwh, s.kind, s.issuedAt.toISOString()]),
      [
        ['2026-11-24T11:00:00.000Z', 205, 'actual', '2026-11-24T11:00:00.000Z'],
        ['2026-11-24T11:30:00.000Z', 192, 'actual', '2026-11-24T11:30:00.000Z'],
      ],
    );
  });

  test('regional forecast: /regional/intensity/{from}/fw48h/regionid/{id}, object or one-element array', async () => {
    const region = {
      regionid: 13,
      dnoregion: 'UKPN London',
      shortname: 'London',
      data: [0, 1].map((i) => ({
        ...period(SLOT + i * HALF_HOUR, 150 + i),
        generationmix: [{ fuel: 'wind', perc: 40 }],
      })),
    };
    for (const data of [region, [region]]) {
      server.handle((req) => {
        assert.equal(req.path, `/regional/intensity/${at(SLOT)}/fw48h/regionid/13`);
        return { body: { data } };
      });
      const samples = await provider().forecast('GB-13', new Date(SLOT), new Date(SLOT + HOUR));
      assert.deepEqual(
        samples.map((s) => [s.zone, s.time.toISOString(), s.intensityGPerKwh]),
        [
          ['GB-13', '2026-11-24T12:00:00.000Z', 150],
          ['GB-13', '2026-11-24T12:30:00.000Z', 151],
        ],
      );
    }
    // No regional actuals are published: nothing, without a request.
    const before = server.requests.length;
    assert.deepEqual(await provider().actual('GB-13', new Date(SLOT - HOUR), new Date(NOW)), []);
    assert.equal(server.requests.length, before);
  });

  test('a regional answer for another region is rejected', async () => {
    server.handle(() => ({ body: { data: { regionid: 12, dnoregion: 'x', shortname: 'x', data: [] } } }));
    await assert.rejects(
      provider().forecast('GB-13', new Date(SLOT), new Date(SLOT + HOUR)),
      (e: unknown) =>
        e instanceof ProviderError && e.code === 'invalid-body' && /data\.regionid/.test(e.message),
    );
  });

  test('zones other than GB and GB-1 … GB-17 are unsupported', async () => {
    for (const zone of ['DE', 'GB-0', 'GB-18', 'GB-NIR']) {
      await assert.rejects(
        provider().forecast(zone, new Date(SLOT), new Date(SLOT + HOUR)),
        (e: unknown) =>
          e instanceof ProviderError && e.code === 'unsupported-zone' && e.message.includes(zone),
      );
    }
  });

  test('missing, null and string intensities are rejected naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ data: [{ from: at(SLOT), to: at(SLOT + HALF_HOUR) }] }, /data\[0\]\.intensity must be an object/],
      [{ data: [period(SLOT, null)] }, /data\[0\]\.intensity\.forecast must be a finite number, got null/],
      [{ data: [period(SLOT, 'NaN')] }, /data\[0\]\.intensity\.forecast must be a finite number, got "NaN"/],
      [
        { data: [period(SLOT, 100), period(SLOT + HALF_HOUR, -3)] },
        /data\[1\]\.intensity\.forecast must not be negative/,
      ],
      [{ data: [period(SLOT, 100, 9000)] }, /data\[0\]\.intensity\.actual is not a plausible intensity/],
      [{ data: [{ ...period(SLOT, 100), from: 'yesterday' }] }, /data\[0\]\.from must be an ISO 8601 time/],
      [{ error: { code: '400', message: 'bad' } }, /data must be an array, got nothing \(missing\)/],
    ];
    for (const [body, message] of cases) {
      server.handle(() => ({ body }));
      await assert.rejects(provider().forecast('GB', new Date(SLOT), new Date(SLOT + HOUR)), (e: unknown) => {
        assert.ok(e instanceof ProviderError, String(e));
        assert.equal(e.code, 'invalid-body');
        assert.match(e.message, /^uk-carbon-intensity: invalid response from \/intensity\//);
        assert.match(e.message, message);
        return true;
      });
    }
  });
});

describe('Electricity Maps v3', () => {
  const NOW = Date.UTC(2026, 10, 24, 12, 10);
  const HOUR_START = Date.UTC(2026, 10, 24, 12);
  const iso = (ms: number) => new Date(ms).toISOString();

  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const provider = (options: { emissionFactorType?: 'direct' | 'lifecycle' } = {}) =>
    new ElectricityMapsProvider({
      baseUrl: server.url,
      token: 'em-secret',
      timeoutMs: 5000,
      clock: () => NOW,
      ...options,
    });

  function point(ms: number, carbonIntensity: unknown, updatedAt = ms + 5 * 60_000) {
    return {
      zone: 'DE',
      carbonIntensity,
      datetime: iso(ms),
      updatedAt: iso(updatedAt),
      createdAt: iso(ms),
      emissionFactorType: 'lifecycle',
      isEstimated: false,
      estimationMethod: null,
    };
  }

  test('latest: the auth-token header, the zone, updatedAt as the issue time', async () => {
    server.handle((req) => {
      assert.equal(req.path, '/v3/carbon-intensity/latest');
      assert.equal(req.headers['auth-token'], 'em-secret');
      assert.equal(req.query.get('zone'), 'DE');
      assert.equal(req.query.get('emissionFactorType'), 'direct');
      return { body: point(HOUR_START, 312.5) };
    });
    const samples = await provider({ emissionFactorType: 'direct' }).actual(
      'DE',
      new Date(NOW - 2 * HOUR),
      new Date(NOW + 1),
    );
    assert.deepEqual(
      samples.map((s) => [
        s.time.toISOString(),
        s.intensityGPerKwh,
        s.kind,
        s.source,
        s.issuedAt.toISOString(),
      ]),
      [[iso(HOUR_START), 312.5, 'actual', 'electricity-maps', iso(HOUR_START + 5 * 60_000)]],
    );
  });

  test('past-range for the older part of a range, 10 days per request, plus latest for the recent part', async () => {
    const from = HOUR_START - 15 * 24 * HOUR;
    server.handle((req) => {
      if (req.path === '/v3/carbon-intensity/latest') return { body: point(HOUR_START, 300) };
      assert.equal(req.path, '/v3/carbon-intensity/past-range');
      const start = Date.parse(req.query.get('start')!);
      const end = Date.parse(req.query.get('end')!);
      assert.ok(end - start <= 10 * 24 * HOUR);
      const data = [];
      for (let t = start; t < end; t += HOUR) data.push(point(t, 200 + ((t / HOUR) % 24)));
      return { body: { zone: 'DE', data } };
    });
    const sent = server.requests.length;
    const samples = await provider().actual('DE', new Date(from), new Date(NOW + 1));
    assert.equal(server.requests.length - sent, 3, 'two past-range chunks and latest');
    assert.equal(samples[0]!.time.toISOString(), iso(from));
    assert.equal(samples.at(-1)!.time.toISOString(), iso(HOUR_START));
    assert.equal(samples.at(-1)!.intensityGPerKwh, 300);
    const times = samples.map((s) => s.time.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'sorted',
    );
    assert.equal(new Set(times).size, times.length, 'one sample per hour');
  });

  test('forecast: /v3/carbon-intensity/forecast, issued at its updatedAt, filtered to the range', async () => {
    server.handle((req) => {
      assert.equal(req.path, '/v3/carbon-intensity/forecast');
      return {
        body: {
          zone: 'DE',
          forecast: [0, 1, 2, 3].map((i) => ({
            carbonIntensity: 400 - i * 10,
            datetime: iso(HOUR_START + i * HOUR),
          })),
          updatedAt: iso(HOUR_START - 20 * 60_000),
        },
      };
    });
    const samples = await provider().forecast('DE', new Date(HOUR_START), new Date(HOUR_START + 3 * HOUR));
    assert.deepEqual(
      samples.map((s) => [s.time.toISOString(), s.intensityGPerKwh, s.kind, s.issuedAt.toISOString()]),
      [
        [iso(HOUR_START), 400, 'forecast', iso(HOUR_START - 20 * 60_000)],
        [iso(HOUR_START + HOUR), 390, 'forecast', iso(HOUR_START - 20 * 60_000)],
        [iso(HOUR_START + 2 * HOUR), 380, 'forecast', iso(HOUR_START - 20 * 60_000)],
      ],
    );
  });

  test('missing fields, another zone, and a refused token are clear errors', async () => {
    const expectations: [unknown, RegExp][] = [
      [
        { zone: 'DE', datetime: iso(HOUR_START), updatedAt: iso(HOUR_START) },
        /carbonIntensity must be a finite number, got nothing \(missing\)/,
      ],
      [{ ...point(HOUR_START, 300), datetime: undefined }, /datetime must be a non-empty string/],
      [{ ...point(HOUR_START, 300), zone: 'FR' }, /zone is "FR", but zone "DE" was asked for/],
      [[point(HOUR_START, 300)], /\(body\) must be an object, got an array/],
    ];
    for (const [body, message] of expectations) {
      server.handle(() => ({ body }));
      await assert.rejects(
        provider().actual('DE', new Date(NOW - HOUR), new Date(NOW + 1)),
        (e: unknown) =>
          e instanceof ProviderError &&
          e.code === 'invalid-body' &&
          e.message.startsWith('electricity-maps: invalid response from /v3/carbon-intensity/latest') &&
          message.test(e.message),
      );
    }
    server.handle(() => ({ status: 401, body: { error: 'invalid token' } }));
    await assert.rejects(
      provider().actual('DE', new Date(NOW - HOUR), new Date(NOW + 1)),
      (e: unknown) => e instanceof ProviderError && e.code === 'auth' && e.details.status === 401,
    );
  });
});

describe('WattTime v3', () => {
  const NOW = Date.UTC(2026, 10, 24, 12, 10);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const FIVE = 5 * 60_000;

  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  /** A WattTime: basic-auth login issuing numbered tokens; data calls accept only `valid` tokens. */
  function wattTime(valid: (token: string) => boolean, data: (req: SeenRequest) => unknown) {
    let issued = 0;
    server.handle((req) => {
      if (req.path === '/login') {
        const expected = `Basic ${Buffer.from('ada:s3cret').toString('base64')}`;
        if (req.headers.authorization !== expected)
          return { status: 403, body: { error: 'bad credentials' } };
        issued++;
        return { body: { token: `token-${issued}` } };
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !valid(token)) return { status: 401, body: { error: 'token expired' } };
      return { body: data(req) };
    });
  }

  function series(start: number, values: number[], generatedAt?: number) {
    return {
      data: values.map((value, i) => ({ point_time: iso(start + i * FIVE), value })),
      meta: {
        data_point_period_seconds: 300,
        region: 'CAISO_NORTH',
        signal_type: 'co2_moer',
        units: 'lbs_co2_per_mwh',
        warnings: [],
        model: { date: '2023-03-01' },
        ...(generatedAt === undefined
          ? {}
          : { generated_at: iso(generatedAt), generated_at_period_seconds: 300 }),
      },
    };
  }

  const provider = (clock = () => NOW, password = 's3cret') =>
    new WattTimeProvider({ baseUrl: server.url, username: 'ada', password, timeoutMs: 5000, clock });

  test('logs in with basic auth, uses the bearer token, converts lbs/MWh to g/kWh', async () => {
    const start = NOW - 10 * 60_000;
    wattTime(
      () => true,
      (req) => {
        assert.equal(req.path, '/v3/historical');
        assert.equal(req.query.get('region'), 'CAISO_NORTH');
        assert.equal(req.query.get('signal_type'), 'co2_moer');
        return series(start, [1000, 850.5]);
      },
    );
    const p = provider();
    const samples = await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.deepEqual(
      samples.map((s) => [s.time.getTime(), s.intensityGPerKwh, s.kind, s.source, s.zone]),
      [
        [start, 453.592, 'actual', 'watttime', 'US-CAL-CISO'],
        [start + FIVE, 850.5 * LBS_PER_MWH_TO_G_PER_KWH, 'actual', 'watttime', 'US-CAL-CISO'],
      ],
    );
    // The token is reused for the next call.
    await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.equal(p.logins, 1);
    assert.equal(server.requests.filter((r) => r.path === '/login').length, 1);
  });

  test('forecast: /v3/forecast with horizon_hours; issued at meta.generated_at', async () => {
    const generated = NOW - 2 * 60_000;
    wattTime(
      () => true,
      (req) => {
        assert.equal(req.path, '/v3/forecast');
        assert.equal(req.query.get('horizon_hours'), '2');
        return series(NOW - 5 * 60_000 + 60_000, [900, 920, 940], generated);
      },
    );
    const samples = await provider().forecast('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 2 * HOUR));
    assert.equal(samples.length, 3);
    for (const s of samples) {
      assert.equal(s.kind, 'forecast');
      assert.equal(s.issuedAt.getTime(), generated);
    }
    assert.equal(samples[2]!.intensityGPerKwh, 940 * 0.453592);
  });

  test('a 401 on a data call logs in again once and repeats the call', async () => {
    let newest = 'none';
    wattTime(
      (token) => token === newest,
      () => series(NOW, [1000]),
    );
    const p = provider();
    newest = 'token-1';
    await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.equal(p.logins, 1);
    newest = 'token-2'; // the server revokes token-1
    const samples = await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.equal(samples.length, 1);
    assert.equal(p.logins, 2);
    // Still refused after a fresh login: the 401 is reported, not retried forever.
    newest = 'never';
    const loginsBefore = server.requests.filter((r) => r.path === '/login').length;
    await assert.rejects(
      p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1)),
      (e: unknown) => e instanceof ProviderError && e.code === 'auth' && e.details.status === 401,
    );
    assert.equal(server.requests.filter((r) => r.path === '/login').length, loginsBefore + 1);
  });

  test('the token is renewed after 25 minutes', async () => {
    wattTime(
      () => true,
      () => series(NOW, [1000]),
    );
    let clock = NOW;
    const p = provider(() => clock);
    await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    clock = NOW + 24 * 60_000;
    await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.equal(p.logins, 1);
    clock = NOW + 26 * 60_000;
    await p.actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1));
    assert.equal(p.logins, 2);
  });

  test('a refused login is an auth error; wrong units or region are invalid bodies', async () => {
    wattTime(
      () => true,
      () => series(NOW, [1000]),
    );
    await assert.rejects(
      provider(() => NOW, 'wrong').actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1)),
      (e: unknown) =>
        e instanceof ProviderError && e.code === 'auth' && /watttime: login refused \(403\)/.test(e.message),
    );
    for (const [meta, message] of [
      [{ units: 'percentile' }, /meta\.units must be "lbs_co2_per_mwh"/],
      [{ region: 'PJM' }, /meta\.region is "PJM"/],
    ] as const) {
      wattTime(
        () => true,
        () => {
          const body = series(NOW, [50]);
          return { ...body, meta: { ...body.meta, ...meta } };
        },
      );
      await assert.rejects(
        provider().actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1)),
        (e: unknown) => e instanceof ProviderError && e.code === 'invalid-body' && message.test(e.message),
      );
    }
    wattTime(
      () => true,
      () => series(NOW, [900]), // no generated_at
    );
    await assert.rejects(
      provider().forecast('US-CAL-CISO', new Date(NOW), new Date(NOW + HOUR)),
      (e: unknown) =>
        e instanceof ProviderError && /meta\.generated_at must be a non-empty string/.test(e.message),
    );
  });
});

describe('Carbon Aware SDK Web API', () => {
  const NOW = Date.UTC(2026, 10, 24, 12, 10);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const provider = () =>
    new CarbonAwareSdkProvider({
      baseUrl: `${server.url}/`,
      locations: { 'US-CAL-CISO': 'westus' },
      timeoutMs: 5000,
      clock: () => NOW,
    });

  test('forecast: /emissions/forecasts/current?location=, issued at generatedAt', async () => {
    const start = Date.UTC(2026, 10, 24, 12, 15);
    server.handle((req) => {
      assert.equal(req.path, '/emissions/forecasts/current');
      assert.deepEqual(req.query.getAll('location'), ['westus']);
      return {
        body: [
          {
            requestedAt: iso(NOW),
            generatedAt: iso(NOW - 5 * 60_000),
            location: 'westus',
            dataStartAt: iso(start),
            dataEndAt: iso(start + HOUR),
            windowSize: 5,
            optimalDataPoints: [
              { location: 'CAISO_NORTH', timestamp: iso(start + 5 * 60_000), duration: 5, value: 210.5 },
            ],
            forecastData: [0, 1, 2].map((i) => ({
              location: 'CAISO_NORTH',
              timestamp: iso(start + i * 5 * 60_000),
              duration: 5,
              value: 220.25 - i * 5,
            })),
          },
        ],
      };
    });
    const samples = await provider().forecast('US-CAL-CISO', new Date(NOW), new Date(NOW + HOUR));
    assert.deepEqual(
      samples.map((s) => [s.zone, s.time.getTime(), s.intensityGPerKwh, s.kind, s.issuedAt.getTime()]),
      [0, 1, 2].map((i) => [
        'US-CAL-CISO',
        start + i * 5 * 60_000,
        220.25 - i * 5,
        'forecast',
        NOW - 5 * 60_000,
      ]),
    );
  });

  test('actuals: /emissions/bylocations?location=&time=&toTime=; 204 is no data', async () => {
    const t0 = NOW - HOUR;
    server.handle((req) => {
      assert.equal(req.path, '/emissions/bylocations');
      assert.equal(req.query.get('location'), 'westus');
      assert.equal(req.query.get('time'), new Date(t0).toISOString());
      return {
        body: [
          {
            location: 'westus',
            time: '2026-11-24T11:15:00.1234567+00:00',
            rating: 190.5,
            duration: '00:05:00',
          },
          { location: 'westus', time: iso(t0 + 30 * 60_000), rating: 180, duration: '00:05:00' },
        ],
      };
    });
    const samples = await provider().actual('US-CAL-CISO', new Date(t0), new Date(NOW));
    assert.deepEqual(
      samples.map((s) => [s.time.toISOString(), s.intensityGPerKwh, s.kind]),
      [
        ['2026-11-24T11:15:00.123Z', 190.5, 'actual'],
        ['2026-11-24T11:40:00.000Z', 180, 'actual'],
      ],
    );
    server.handle(() => ({ status: 204 }));
    assert.deepEqual(await provider().actual('US-CAL-CISO', new Date(t0), new Date(NOW)), []);
  });

  test('a forecast for another location, a bad duration or no forecast at all is rejected', async () => {
    const base = {
      generatedAt: iso(NOW),
      location: 'westus',
      forecastData: [{ location: 'x', timestamp: iso(NOW), duration: 5, value: 100 }],
    };
    for (const [body, message] of [
      [[{ ...base, location: 'eastus' }], /\[0\]\.location is "eastus", but location "westus" was asked for/],
      [[], /\(body\) must hold exactly one forecast/],
      [
        [{ ...base, forecastData: [{ timestamp: iso(NOW), value: 100 }] }],
        /\[0\]\.forecastData\[0\]\.duration must be/,
      ],
      [{ ...base }, /\(body\) must be an array, got an object/],
    ] as const) {
      server.handle(() => ({ body }));
      await assert.rejects(
        provider().forecast('US-CAL-CISO', new Date(NOW), new Date(NOW + HOUR)),
        (e: unknown) =>
          e instanceof ProviderError &&
          e.code === 'invalid-body' &&
          e.message.startsWith('carbon-aware-sdk: invalid response from /emissions/forecasts/current') &&
          message.test(e.message),
      );
    }
    server.handle(() => ({
      body: [{ location: 'westus', time: iso(NOW), rating: 100, duration: 'five minutes' }],
    }));
    await assert.rejects(
      provider().actual('US-CAL-CISO', new Date(NOW - HOUR), new Date(NOW + 1)),
      (e: unknown) =>
        e instanceof ProviderError && /\[0\]\.duration must be a duration like "00:05:00"/.test(e.message),
    );
  });
});
