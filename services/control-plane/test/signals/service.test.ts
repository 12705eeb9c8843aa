// The signal service on real databases (PostgreSQL and embedded PGlite): storing samples, the fallback
// chain, rate-limit respect, and fresh / stale / missing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db';
import {
  BundledProvider,
  SignalService,
  UkCarbonIntensityProvider,
  actualAt,
  bundledDataset,
  createSignalService,
  loadSignalsConfig,
  replayTime,
  type IntensitySample,
} from '../../src/signals';
import { openMigrated } from '../support/databases';
import { HALF_HOUR, HOUR, startServer, type TestServer } from './server';

const NOW = new Date('2026-11-24T12:10:00Z'); // a Tuesday
const SLOT = Date.UTC(2026, 10, 24, 12);
const MIN = 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);
const gb = bundledDataset().series('GB');
/** What the bundled provider replays for a real instant. */
const replayed = (ms: number) => actualAt(gb, replayTime(gb, ms));
const ukTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** A UK Carbon Intensity API answering the documented shapes around NOW (national and region 13). */
function ukApi(server: TestServer) {
  const period = (from: number, forecast: number, actual: number | null) => ({
    from: ukTime(from),
    to: ukTime(from + HALF_HOUR),
    intensity: { forecast, actual, index: 'moderate' },
  });
  server.handle((req) => {
    if (req.path.startsWith('/regional/intensity/')) {
      const data = [0, 1, 2, 3].map((i) => ({
        ...period(SLOT + i * HALF_HOUR, 150 + i, null),
        generationmix: [],
      }));
      return { body: { data: { regionid: 13, dnoregion: 'UKPN London', shortname: 'London', data } } };
    }
    if (req.path.endsWith('/fw48h')) {
      return { body: { data: [0, 1, 2, 3].map((i) => period(SLOT + i * HALF_HOUR, 200 + i, null)) } };
    }
    return {
      body: {
        data: [-4, -3, -2, -1, 0].map((i) => period(SLOT + i * HALF_HOUR, 190, i < 0 ? 180 + i : null)),
      },
    };
  });
}

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`signal service on ${kind}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let server: TestServer;
    before(async () => {
      ({ db, cleanup } = await openMigrated(kind));
      server = await startServer();
    });
    after(async () => {
      await server.close();
      await cleanup();
    });
    beforeEach(async () => {
      await db.prisma.signalSample.deleteMany();
    });

    const bundledService = (options: Partial<ConstructorParameters<typeof SignalService>[0]> = {}) =>
      new SignalService({
        prisma: db.prisma,
        providers: [new BundledProvider()],
        sources: { '*': ['bundled'] },
        ...options,
      });

    test('refresh stores actuals and a forecast with source, kind and issue time; the signal is fresh', async () => {
      const service = bundledService();
      const report = await service.refreshWithReport('GB', NOW);
      assert.deepEqual(report.actual, [{ provider: 'bundled', outcome: 'stored', stored: 4 }]);
      assert.equal(report.forecast[0]!.outcome, 'stored');

      const actuals = await db.prisma.signalSample.findMany({
        where: { zone: 'GB', kind: 'actual' },
        orderBy: { time: 'asc' },
      });
      assert.deepEqual(
        actuals.map((r) => [r.time.toISOString(), r.intensityGPerKwh, r.source, r.issuedAt.toISOString()]),
        [10.5, 11, 11.5, 12].map((h) => {
          const ms = Date.UTC(2026, 10, 24) + h * HOUR;
          return [new Date(ms).toISOString(), replayed(ms), 'bundled', new Date(ms).toISOString()];
        }),
      );
      const forecasts = await db.prisma.signalSample.findMany({ where: { zone: 'GB', kind: 'forecast' } });
      assert.equal(forecasts.length, 97); // 12:00 today to 12:00 the day after tomorrow
      assert.ok(forecasts.every((r) => r.source === 'bundled' && r.issuedAt.getTime() === SLOT));

      const signal = await service.carbonSignal('GB', NOW);
      assert.equal(signal.status, 'fresh');
      assert.equal(signal.source, 'bundled');
      assert.deepEqual(signal.current, {
        time: new Date(SLOT),
        intensityGPerKwh: replayed(SLOT),
        ageSeconds: 600,
        kind: 'actual',
      });
      assert.equal(signal.forecastStatus, 'fresh');
      assert.equal(signal.forecastSource, 'bundled');
      assert.equal(signal.forecastIssuedAt?.getTime(), SLOT);
      assert.equal(signal.forecast.length, 97);
      assert.equal(signal.forecast[0]!.time.getTime(), SLOT, 'starts with the interval containing now');

      // Within the refresh interval nothing is due; a second fetch of the same data adds no rows.
      assert.deepEqual((await service.refreshWithReport('GB', later(MIN))).actual, [
        { provider: 'bundled', outcome: 'not-due' },
      ]);
      const count = await db.prisma.signalSample.count();
      await bundledService().refresh('GB', NOW);
      assert.equal(await db.prisma.signalSample.count(), count);
    });

    test('fresh, then stale past the age limit, then missing; forecasts likewise', async () => {
      const service = bundledService();
      await service.refresh('DE', NOW);
      const at = (ms: number) => service.carbonSignal('DE', later(ms));

      let s = await at(HOUR);
      assert.equal(s.status, 'fresh');
      assert.equal(s.current?.kind, 'actual');
      assert.equal(s.current?.ageSeconds, (70 * MIN) / 1000);

      s = await at(3 * HOUR); // newest actual 12:00, 3 h 10 min old: past bundled's 2 h
      assert.equal(s.status, 'stale');
      assert.equal(s.current?.kind, 'actual');
      assert.equal(s.current?.time.getTime(), SLOT);
      assert.equal(s.forecastStatus, 'fresh');

      s = await at(7 * HOUR); // the forecast issued at 12:00 is now past its 6 h limit
      assert.equal(s.status, 'stale');
      assert.equal(s.forecastStatus, 'stale');
      assert.equal(s.forecast[0]!.time.getTime(), SLOT + 7 * HOUR);

      s = await at(49 * HOUR); // no actual in the 24 h look-back, the forecast has run out
      assert.deepEqual(s, { zone: 'DE', status: 'missing', forecastStatus: 'missing', forecast: [] });
    });

    test('a gap in the actuals: the current value comes from the forecast, and says so', async () => {
      // Dataset mode at 2023-01-26 14:10: GB has no actual from 13:30 to 15:30, but a forecast.
      const service = new SignalService({
        prisma: db.prisma,
        providers: [new BundledProvider({ mode: 'dataset' })],
        sources: { GB: ['bundled'] },
        maxAgeSeconds: { bundled: 1800 },
      });
      const now = new Date('2023-01-26T14:10:00Z');
      await service.refresh('GB', now);
      const s = await service.carbonSignal('GB', now);
      assert.equal(s.status, 'fresh');
      assert.deepEqual(s.current, {
        time: new Date('2023-01-26T14:00:00Z'),
        intensityGPerKwh: 225,
        ageSeconds: 600, // since the forecast was issued
        kind: 'forecast',
      });
      // Without the forecast it is the last actual (13:00), stale — never a zero.
      await db.prisma.signalSample.deleteMany({ where: { kind: 'forecast' } });
      const stale = await service.carbonSignal('GB', now);
      assert.equal(stale.status, 'stale');
      assert.equal(stale.current?.intensityGPerKwh, 226);
      assert.equal(stale.current?.kind, 'actual');
      assert.equal(stale.forecastStatus, 'missing');
    });

    test('fallback chain: a failing first provider hands over to the next, and the source is recorded', async () => {
      server.handle(() => ({ status: 500, body: 'maintenance' }));
      let clock = NOW.getTime();
      const errors: string[] = [];
      const config = loadSignalsConfig({
        LIGHTSWITCH_CARBON_SOURCES: 'GB=uk-carbon-intensity,bundled;*=bundled',
        UK_CARBON_INTENSITY_URL: server.url,
      });
      const service = createSignalService(db.prisma, config, {
        providers: [
          new UkCarbonIntensityProvider({ baseUrl: server.url, timeoutMs: 5000, clock: () => clock }),
          new BundledProvider(),
        ],
        onError: (e) => errors.push(`${e.provider}/${e.kind}: ${e.error.message}`),
      });
      assert.deepEqual(service.chain('GB'), ['uk-carbon-intensity', 'bundled']);
      assert.deepEqual(service.chain('FR'), ['bundled']);

      const first = await service.refreshWithReport('GB', NOW);
      assert.deepEqual(
        first.actual.map((a) => [a.provider, a.outcome]),
        [
          ['uk-carbon-intensity', 'failed'],
          ['bundled', 'stored'],
        ],
      );
      assert.match(
        first.actual[0]!.error!,
        /^uk-carbon-intensity: HTTP 500 from \/intensity\/.*: maintenance$/,
      );
      assert.equal(errors.length, 2);
      const sources = await db.prisma.signalSample.groupBy({ by: ['source'], _count: true });
      assert.deepEqual(
        sources.map((r) => r.source),
        ['bundled'],
      );
      let signal = await service.carbonSignal('GB', NOW);
      assert.equal(signal.status, 'fresh');
      assert.equal(signal.source, 'bundled');
      assert.equal(signal.forecastSource, 'bundled');
      const status = service
        .providerStatus()
        .find((p) => p.provider === 'uk-carbon-intensity' && p.kind === 'actual');
      assert.equal(status?.lastErrorCode, 'http');

      // Within UK's refresh interval (15 min) the failed provider is not asked again (nor bundled, within 5).
      const sent = server.requests.length;
      const soon = await service.refreshWithReport('GB', later(4 * MIN));
      assert.deepEqual(
        soon.actual.map((a) => a.outcome),
        ['backing-off', 'not-due'],
      );
      assert.equal(server.requests.length, sent);

      // UK recovers: after its interval it is asked again, and its data wins (first in the chain).
      ukApi(server);
      clock = later(16 * MIN).getTime();
      const back = await service.refreshWithReport('GB', later(16 * MIN));
      // Actuals in [12:26 - 2 h, 12:26]: 10:30, 11:00 and 11:30 (12:00 is not measured yet).
      assert.deepEqual(back.actual, [{ provider: 'uk-carbon-intensity', outcome: 'stored', stored: 3 }]);
      assert.deepEqual(back.forecast, [{ provider: 'uk-carbon-intensity', outcome: 'stored', stored: 4 }]);
      signal = await service.carbonSignal('GB', later(16 * MIN));
      assert.equal(signal.source, 'uk-carbon-intensity');
      assert.deepEqual(signal.current, {
        time: new Date(SLOT - HALF_HOUR),
        intensityGPerKwh: 179,
        ageSeconds: 3360,
        kind: 'actual',
      });
      assert.equal(signal.forecastSource, 'uk-carbon-intensity');
      assert.equal(signal.forecastIssuedAt?.getTime(), SLOT);
      assert.deepEqual(
        signal.forecast.map((p) => p.intensityGPerKwh),
        [200, 201, 202, 203],
      );
      const rows = await db.prisma.signalSample.findMany({
        where: { source: 'uk-carbon-intensity' },
        orderBy: [{ kind: 'asc' }, { time: 'asc' }],
      });
      assert.deepEqual(
        rows.map((r) => [r.kind, r.time.toISOString(), r.intensityGPerKwh, r.issuedAt.toISOString()]),
        [
          ...[-3, -2, -1].map((i) => {
            const t = new Date(SLOT + i * HALF_HOUR).toISOString();
            return ['actual', t, 180 + i, t];
          }),
          ...[0, 1, 2, 3].map((i) => [
            'forecast',
            new Date(SLOT + i * HALF_HOUR).toISOString(),
            200 + i,
            new Date(SLOT).toISOString(),
          ]),
        ],
      );
    });

    test('429: the provider backs off, reports rate-limited, and is not hammered', async () => {
      let clock = NOW.getTime();
      server.handle(() => ({ status: 429, headers: { 'retry-after': '1800' } }));
      const before = server.requests.length;
      const service = new SignalService({
        prisma: db.prisma,
        providers: [
          new UkCarbonIntensityProvider({ baseUrl: server.url, timeoutMs: 5000, clock: () => clock }),
          new BundledProvider(),
        ],
        sources: { GB: ['uk-carbon-intensity', 'bundled'] },
        refreshIntervalSeconds: { '*': 60 },
      });
      const first = await service.refreshWithReport('GB', NOW);
      assert.deepEqual(
        first.actual.map((a) => [a.provider, a.outcome]),
        [
          ['uk-carbon-intensity', 'rate-limited'],
          ['bundled', 'stored'],
        ],
      );
      assert.equal(first.forecast[0]!.outcome, 'rate-limited'); // the back-off covers every endpoint
      const sent = server.requests.length;
      assert.equal(sent - before, 1);
      for (const minutes of [2, 5, 10, 20]) {
        clock = later(minutes * MIN).getTime();
        const r = await service.refreshWithReport('GB', later(minutes * MIN));
        assert.equal(r.actual[0]!.outcome, 'rate-limited');
        assert.match(r.actual[0]!.error!, /backing off until 2026-11-24T12:40:00\.000Z \(no request sent/);
      }
      assert.equal(server.requests.length, sent, 'nothing sent while backing off');
      const status = service.providerStatus().find((p) => p.provider === 'uk-carbon-intensity');
      assert.equal(status?.lastErrorCode, 'rate-limited');
      assert.equal(status?.rateLimitedUntil?.toISOString(), '2026-11-24T12:40:00.000Z');
      assert.equal((await service.carbonSignal('GB', later(20 * MIN))).source, 'bundled');
      // After Retry-After the provider is asked again.
      ukApi(server);
      clock = later(31 * MIN).getTime();
      const again = await service.refreshWithReport('GB', later(31 * MIN));
      assert.equal(again.actual[0]!.outcome, 'stored');
    });

    test('a GB region has forecasts only: its current value is the forecast for now', async () => {
      ukApi(server);
      const service = new SignalService({
        prisma: db.prisma,
        providers: [
          new UkCarbonIntensityProvider({ baseUrl: server.url, timeoutMs: 5000, clock: () => NOW.getTime() }),
        ],
        sources: { 'GB-13': ['uk-carbon-intensity'] },
      });
      const report = await service.refreshWithReport('GB-13', NOW);
      assert.deepEqual(report.actual, [{ provider: 'uk-carbon-intensity', outcome: 'empty' }]);
      const s = await service.carbonSignal('GB-13', NOW);
      assert.equal(s.status, 'fresh');
      assert.equal(s.source, 'uk-carbon-intensity');
      assert.deepEqual(s.current, {
        time: new Date(SLOT),
        intensityGPerKwh: 150,
        ageSeconds: 600,
        kind: 'forecast',
      });
      assert.deepEqual(
        s.forecast.map((p) => p.intensityGPerKwh),
        [150, 151, 152, 153],
      );
    });

    test('a zone nobody covers is missing (never zero), and refresh does not throw', async () => {
      const service = bundledService({ sources: { GB: ['bundled'] } });
      assert.deepEqual(await service.refreshWithReport('PL', NOW), { zone: 'PL', actual: [], forecast: [] });
      assert.deepEqual(await service.carbonSignal('PL', NOW), {
        zone: 'PL',
        status: 'missing',
        forecastStatus: 'missing',
        forecast: [],
      });
      const everywhere = bundledService();
      const r = await everywhere.refreshWithReport('PL', NOW);
      assert.equal(r.actual[0]!.outcome, 'failed');
      assert.match(r.actual[0]!.error!, /no bundled data for zone "PL"/);
      assert.equal((await everywhere.carbonSignal('PL', NOW)).status, 'missing');
    });

    test('what was known at now: later forecast issues are ignored; a revised value replaces the stored one', async () => {
      const service = bundledService({ sources: { XX: ['bundled'] } });
      const sample = (over: Partial<IntensitySample>): IntensitySample => ({
        zone: 'XX',
        time: new Date(SLOT),
        intensityGPerKwh: 100,
        source: 'bundled',
        kind: 'forecast',
        issuedAt: new Date(SLOT - HOUR),
        ...over,
      });
      await service.store([
        sample({}),
        sample({ time: new Date(SLOT + HOUR), intensityGPerKwh: 110 }),
        sample({ issuedAt: new Date(SLOT + 30 * MIN), intensityGPerKwh: 500 }),
        sample({ issuedAt: new Date(SLOT + 30 * MIN), time: new Date(SLOT + HOUR), intensityGPerKwh: 510 }),
      ]);
      let s = await service.carbonSignal('XX', NOW);
      assert.equal(s.forecastIssuedAt?.getTime(), SLOT - HOUR);
      assert.deepEqual(
        s.forecast.map((p) => p.intensityGPerKwh),
        [100, 110],
      );
      s = await service.carbonSignal('XX', later(30 * MIN));
      assert.deepEqual(
        s.forecast.map((p) => p.intensityGPerKwh),
        [500, 510],
      );
      await service.store([sample({ kind: 'actual', issuedAt: new Date(SLOT), intensityGPerKwh: 120 })]);
      await service.store([sample({ kind: 'actual', issuedAt: new Date(SLOT), intensityGPerKwh: 125 })]);
      const rows = await db.prisma.signalSample.findMany({ where: { zone: 'XX', kind: 'actual' } });
      assert.deepEqual(
        rows.map((r) => r.intensityGPerKwh),
        [125],
      );
      await assert.rejects(
        service.store([sample({ intensityGPerKwh: Number.NaN })]),
        /refusing to store intensity NaN/,
      );
      // Old forecast issues are pruned; actuals stay.
      assert.equal(await service.prune(new Date(SLOT + 8 * 24 * HOUR)), 4);
      assert.equal(await db.prisma.signalSample.count({ where: { zone: 'XX' } }), 1);
    });

    test('demand: missing without samples, fresh while they come, stale when they stop', async () => {
      const workload = await db.prisma.workload.create({
        data: { name: `demand-${kind}`, kind: 'process', target: { command: 'true' }, zone: 'GB' },
      });
      const service = bundledService();
      assert.deepEqual(await service.demandSignal(workload.id, NOW, 30), { status: 'missing', samples: [] });
      assert.equal((await service.demandSignal('not-a-uuid', NOW, 30)).status, 'missing');
      await db.prisma.demandSample.createMany({
        data: [
          {
            workloadId: workload.id,
            time: later(-50 * MIN),
            windowSeconds: 60,
            requests: 7,
            source: 'activator',
          },
          {
            workloadId: workload.id,
            time: later(-20 * MIN),
            windowSeconds: 60,
            requests: 3,
            source: 'activator',
          },
          {
            workloadId: workload.id,
            time: later(-2 * MIN),
            windowSeconds: 60,
            requests: 0,
            source: 'activator',
          },
          {
            workloadId: workload.id,
            time: later(-1 * MIN),
            windowSeconds: 60,
            requests: 0,
            source: 'activator',
          },
        ],
      });
      const fresh = await service.demandSignal(workload.id, NOW, 30);
      assert.equal(fresh.status, 'fresh');
      assert.deepEqual(
        fresh.samples.map((x) => x.requests),
        [3, 0, 0],
      );
      assert.deepEqual(fresh.samples[0], { time: later(-20 * MIN), windowSeconds: 60, requests: 3 });
      assert.equal(fresh.lastRequestAt?.getTime(), later(-20 * MIN).getTime());
      const stale = await service.demandSignal(workload.id, later(10 * MIN), 30);
      assert.equal(stale.status, 'stale'); // newest sample 11 min old
      assert.equal((await service.demandSignal(workload.id, later(40 * MIN), 30)).status, 'missing');
    });
  });
}
