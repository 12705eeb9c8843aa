// The same failures for every HTTP provider, each against a real local server: 500, a timeout, malformed
// JSON, NaN and negative values, and a 429 with Retry-After (the provider backs off without hammering).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CarbonAwareSdkProvider,
  ElectricityMapsProvider,
  ProviderError,
  RateLimitedError,
  UkCarbonIntensityProvider,
  WattTimeProvider,
  type CarbonProvider,
} from '../../src/signals';
import { HALF_HOUR, HOUR, startServer, type SeenRequest, type TestServer } from './server';

const NOW = Date.UTC(2026, 10, 24, 12, 10);
const SLOT = Date.UTC(2026, 10, 24, 12, 0);
const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
  name: string;
  zone: string;
  make(url: string, clock: () => number, timeoutMs: number): CarbonProvider;
  /** A valid forecast body whose first value is `value` (sent as JSON, so NaN goes as the string "NaN"). */
  body(value: unknown): unknown;
  /** Requests that are not the data call (WattTime's login). */
  aside?(req: SeenRequest): { body: unknown } | undefined;
  /** Path of the data call. */
  dataPath: string;
}

const cases: Case[] = [
  {
    name: 'uk-carbon-intensity',
    zone: 'GB',
    make: (url, clock, timeoutMs) => new UkCarbonIntensityProvider({ baseUrl: url, timeoutMs, clock }),
    body: (value) => ({
      data: [
        {
          from: `${iso(SLOT).slice(0, 16)}Z`,
          to: `${iso(SLOT + HALF_HOUR).slice(0, 16)}Z`,
          intensity: { forecast: value, actual: null, index: 'low' },
        },
      ],
    }),
    dataPath: '/intensity/',
  },
  {
    name: 'electricity-maps',
    zone: 'DE',
    make: (url, clock, timeoutMs) =>
      new ElectricityMapsProvider({ baseUrl: url, token: 't', timeoutMs, clock }),
    body: (value) => ({
      zone: 'DE',
      forecast: [{ carbonIntensity: value, datetime: iso(SLOT) }],
      updatedAt: iso(SLOT),
    }),
    dataPath: '/v3/carbon-intensity/forecast',
  },
  {
    name: 'watttime',
    zone: 'US-CAL-CISO',
    make: (url, clock, timeoutMs) =>
      new WattTimeProvider({ baseUrl: url, username: 'u', password: 'p', timeoutMs, clock }),
    body: (value) => ({
      data: [{ point_time: iso(SLOT), value }],
      meta: {
        region: 'CAISO_NORTH',
        signal_type: 'co2_moer',
        units: 'lbs_co2_per_mwh',
        generated_at: iso(SLOT),
      },
    }),
    aside: (req) => (req.path === '/login' ? { body: { token: 'tok' } } : undefined),
    dataPath: '/v3/forecast',
  },
  {
    name: 'carbon-aware-sdk',
    zone: 'westus',
    make: (url, clock, timeoutMs) => new CarbonAwareSdkProvider({ baseUrl: url, timeoutMs, clock }),
    body: (value) => [
      {
        requestedAt: iso(NOW),
        generatedAt: iso(SLOT),
        location: 'westus',
        dataStartAt: iso(SLOT),
        dataEndAt: iso(SLOT + HOUR),
        windowSize: 5,
        optimalDataPoints: [],
        forecastData: [{ location: 'westus', timestamp: iso(SLOT), duration: 5, value }],
      },
    ],
    dataPath: '/emissions/forecasts/current',
  },
];

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

for (const c of cases) {
  describe(c.name, () => {
    let clock = NOW;
    const provider = (timeoutMs = 5000) => c.make(server.url, () => clock, timeoutMs);
    const answer = (reply: (req: SeenRequest) => object) =>
      server.handle(
        (req) => c.aside?.(req) ?? (reply(req) as ReturnType<Parameters<TestServer['handle']>[0]>),
      );
    const call = (p: CarbonProvider) => p.forecast(c.zone, new Date(SLOT), new Date(SLOT + 2 * HOUR));
    const rejects = (p: CarbonProvider, code: string, message: RegExp) =>
      assert.rejects(call(p), (e: unknown) => {
        assert.ok(e instanceof ProviderError, String(e));
        assert.equal(e.provider, c.name);
        assert.equal(e.code, code, e.message);
        assert.ok(e.message.startsWith(`${c.name}: `), e.message);
        assert.match(e.message, message);
        return true;
      });

    test('a valid body is read', async () => {
      answer(() => ({ body: c.body(100) }));
      const samples = await call(provider());
      assert.equal(samples.length, 1);
      assert.equal(samples[0]!.kind, 'forecast');
      assert.equal(samples[0]!.time.toISOString(), iso(SLOT));
    });

    test('500 is an http error with the status', async () => {
      answer(() => ({ status: 500, body: 'upstream exploded' }));
      await rejects(provider(), 'http', /HTTP 500 from \/.*: upstream exploded/);
    });

    test('no answer within the timeout is a timeout', async () => {
      answer(() => ({ hang: true }));
      const started = Date.now();
      await rejects(provider(250), 'timeout', /within 250 ms/);
      assert.ok(Date.now() - started < 4000);
    });

    test('malformed JSON is an invalid body', async () => {
      answer(() => ({ status: 200, body: '{"data": [', headers: { 'content-type': 'application/json' } }));
      await rejects(provider(), 'invalid-body', /\(body\) is not valid JSON/);
    });

    test('NaN, negative and absurd values are rejected naming the field', async () => {
      answer(() => ({ body: c.body('NaN') }));
      await rejects(provider(), 'invalid-body', /must be a finite number, got "NaN"/);
      answer(() => ({ body: c.body(-12) }));
      await rejects(provider(), 'invalid-body', /must not be negative, got -12/);
      answer(() => ({ body: c.body(1e6) }));
      await rejects(provider(), 'invalid-body', /is not a plausible intensity/);
      answer(() => ({ body: c.body(null) }));
      await rejects(provider(), 'invalid-body', /must be a finite number, got null/);
    });

    test('429 with Retry-After: backs off, sends nothing meanwhile, reports rate-limited', async () => {
      clock = NOW;
      const p = provider();
      answer(() => ({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'slow down' } }));
      await assert.rejects(call(p), (e: unknown) => {
        assert.ok(e instanceof RateLimitedError);
        assert.equal(e.code, 'rate-limited');
        assert.equal(e.retryAt.getTime(), NOW + 120_000);
        return true;
      });
      const sent = server.count(c.dataPath);
      answer(() => ({ body: c.body(100) }));
      clock = NOW + 60_000;
      await rejects(p, 'rate-limited', /backing off until .* \(no request sent/);
      assert.equal(server.count(c.dataPath), sent, 'no request while backing off');
      assert.equal((p as unknown as { rateLimitedUntil?: Date }).rateLimitedUntil?.getTime(), NOW + 120_000);
      clock = NOW + 121_000;
      assert.equal((await call(p)).length, 1);
      assert.equal(server.count(c.dataPath), sent + 1);
      clock = NOW;
    });

    test('429 with an HTTP-date Retry-After', async () => {
      clock = NOW;
      const p = provider();
      answer(() => ({ status: 429, headers: { 'retry-after': new Date(NOW + 300_000).toUTCString() } }));
      await assert.rejects(
        call(p),
        (e: unknown) => e instanceof RateLimitedError && e.retryAt.getTime() === NOW + 300_000,
      );
    });
  });
}

test('an unreachable server is a network error', async () => {
  const gone = await startServer();
  const url = gone.url;
  await gone.close();
  const p = new ElectricityMapsProvider({ baseUrl: url, token: 't', timeoutMs: 1000 });
  await assert.rejects(
    p.forecast('DE', new Date(SLOT), new Date(SLOT + HOUR)),
    (e: unknown) => e instanceof ProviderError && e.code === 'network' && /ECONNREFUSED/.test(e.message),
  );
});
