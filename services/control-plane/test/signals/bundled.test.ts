import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  BundledDataset,
  BundledProvider,
  DEFAULT_BUNDLED_DATA_DIR,
  ProviderError,
  WEEK_MS,
  actualAt,
  bundledDataset,
  indexAt,
  replayTime,
} from '../../src/signals';

const HOUR = 3600_000;
const t = (s: string) => Date.parse(s);
const ds = bundledDataset();

test('the shipped files are the shared data set, byte for byte (checksums in SOURCES.md)', () => {
  const sources = readFileSync(join(DEFAULT_BUNDLED_DATA_DIR, 'SOURCES.md'), 'utf8');
  const files = readdirSync(DEFAULT_BUNDLED_DATA_DIR).filter((f) => f.endsWith('.csv.gz'));
  assert.equal(files.length, 5);
  for (const file of files) {
    const sha = createHash('sha256')
      .update(gunzipSync(readFileSync(join(DEFAULT_BUNDLED_DATA_DIR, file))))
      .digest('hex');
    assert.ok(
      sources.includes(`| ${file} |`) && sources.includes(sha),
      `${file}: ${sha} is not in SOURCES.md`,
    );
  }
  assert.match(sources, /CC BY 4\.0/);
  assert.match(sources, /ODbL/);
});

test('series: real values at known timestamps, one slot per interval of 2023', () => {
  const gb = ds.series('GB');
  assert.equal(gb.stepMs, HOUR / 2);
  assert.equal(gb.length, 17_520);
  assert.equal(gb.startMs, t('2023-01-01T00:00:00Z'));
  assert.equal(gb.endMs, t('2024-01-01T00:00:00Z'));
  assert.equal(actualAt(gb, t('2023-01-01T00:00:00Z')), 72);
  assert.equal(actualAt(gb, t('2023-01-01T00:45:00Z')), 80); // inside the 00:30 half-hour
  assert.equal(actualAt(gb, t('2023-07-15T13:30:00Z')), 44);
  assert.equal(actualAt(gb, t('2023-12-31T23:30:00Z')), 63);
  assert.equal(gb.forecast![indexAt(gb, t('2023-01-01T00:00:00Z'))], 73);
  assert.equal(gb.forecast![indexAt(gb, t('2023-01-01T00:30:00Z'))], 63);

  const de = ds.series('DE');
  assert.equal(de.stepMs, HOUR);
  assert.equal(de.length, 8760);
  assert.equal(de.gaps, 0);
  assert.equal(de.forecast, null);
  assert.equal(actualAt(de, t('2023-01-01T00:00:00Z')), 152.03);
  assert.equal(actualAt(de, t('2023-07-14T13:59:59Z')), 188.44);
  assert.equal(actualAt(ds.series('FR'), t('2023-12-31T23:00:00Z')), 14.68);
  assert.equal(actualAt(ds.series('US-CAL-CISO'), t('2023-01-01T01:00:00Z')), 220.63);
  assert.ok(Number.isNaN(actualAt(de, t('2024-01-01T00:00:00Z'))), 'outside the year: NaN, not a value');
});

test('gaps are NaN in the series and absent from the provider, never filled', async () => {
  const gb = ds.series('GB');
  assert.equal(gb.gaps, 101);
  // 2023-01-26 13:30–15:30: no actual, but a published forecast.
  assert.ok(Number.isNaN(actualAt(gb, t('2023-01-26T13:30:00Z'))));
  assert.equal(gb.forecast![indexAt(gb, t('2023-01-26T13:30:00Z'))], 214);
  // 2023-10-20 22:00 – 2023-10-22 19:00: neither.
  assert.ok(Number.isNaN(actualAt(gb, t('2023-10-21T12:00:00Z'))));
  assert.ok(Number.isNaN(gb.forecast![indexAt(gb, t('2023-10-21T12:00:00Z'))]!));

  const p = new BundledProvider({ mode: 'dataset' });
  const actual = await p.actual('GB', new Date('2023-01-26T13:00:00Z'), new Date('2023-01-26T16:30:00Z'));
  assert.deepEqual(
    actual.map((s) => [s.time.toISOString(), s.intensityGPerKwh]),
    [
      ['2023-01-26T13:00:00.000Z', 226],
      ['2023-01-26T16:00:00.000Z', 228],
    ],
  );
  const forecast = await p.forecast('GB', new Date('2023-01-26T13:30:00Z'), new Date('2023-01-26T14:30:00Z'));
  assert.deepEqual(
    forecast.map((s) => [s.time.toISOString(), s.intensityGPerKwh, s.kind]),
    [
      ['2023-01-26T13:30:00.000Z', 214, 'forecast'],
      ['2023-01-26T14:00:00.000Z', 225, 'forecast'],
    ],
  );
  const weekend = await p.actual('GB', new Date('2023-10-20T21:00:00Z'), new Date('2023-10-22T20:00:00Z'));
  assert.deepEqual(
    weekend.map((s) => s.time.toISOString()),
    ['2023-10-20T21:00:00.000Z', '2023-10-20T21:30:00.000Z', '2023-10-22T19:30:00.000Z'],
  );
});

test('replay: same weekday and UTC time of day in 2023, shifted by whole weeks', () => {
  const gb = ds.series('GB');
  const cases: [string, string][] = [
    ['2026-11-24T12:10:00Z', '2023-11-21T12:10:00.000Z'], // Tuesday -> Tuesday
    ['2023-05-05T05:05:00Z', '2023-05-05T05:05:00.000Z'], // inside the dataset year: itself
    ['2026-01-01T00:00:00Z', '2023-01-05T00:00:00.000Z'], // Thursday; 29 Dec 2022 is outside: a week later
    ['2026-12-31T23:30:00Z', '2023-12-28T23:30:00.000Z'],
    ['2024-02-29T12:00:00Z', '2023-03-02T12:00:00.000Z'], // leap day: a Thursday
    ['2019-06-01T00:00:00Z', '2023-06-03T00:00:00.000Z'], // before the dataset year too
  ];
  for (const [now, expected] of cases) {
    const r = replayTime(gb, t(now));
    assert.equal(new Date(r).toISOString(), expected, now);
    assert.equal(new Date(r).getUTCDay(), new Date(now).getUTCDay());
  }
  // Any instant: inside 2023, same weekday and time of day (a whole number of weeks away).
  for (let ms = t('2018-01-01T00:00:00Z'); ms < t('2036-01-01T00:00:00Z'); ms += 97 * HOUR + 17 * 60_000) {
    const r = replayTime(gb, ms);
    assert.ok(r >= gb.startMs && r < gb.endMs);
    assert.equal(Math.abs((ms - r) % WEEK_MS), 0, new Date(ms).toISOString());
  }
  // Continuous within a calendar year, leap day included: an hour later is an hour later.
  for (let ms = t('2024-01-08T00:00:00Z'); ms < t('2024-12-24T00:00:00Z'); ms += 5 * HOUR) {
    assert.equal(replayTime(gb, ms + HOUR) - replayTime(gb, ms), HOUR, new Date(ms).toISOString());
  }
});

test('replay across a week boundary: Sunday night runs on into Monday morning', async () => {
  const p = new BundledProvider(); // replay is the default
  // Sun 22 Nov 2026 23:00 – Mon 23 Nov 01:00 replays Sun 19 Nov 2023 23:00 – Mon 20 Nov 01:00.
  const samples = await p.actual('GB', new Date('2026-11-22T23:00:00Z'), new Date('2026-11-23T01:00:00Z'));
  assert.deepEqual(
    samples.map((s) => [
      s.time.toISOString(),
      s.intensityGPerKwh,
      s.kind,
      s.source,
      s.issuedAt.toISOString(),
    ]),
    [
      ['2026-11-22T23:00:00.000Z', 70, 'actual', 'bundled', '2026-11-22T23:00:00.000Z'],
      ['2026-11-22T23:30:00.000Z', 70, 'actual', 'bundled', '2026-11-22T23:30:00.000Z'],
      ['2026-11-23T00:00:00.000Z', 70, 'actual', 'bundled', '2026-11-23T00:00:00.000Z'],
      ['2026-11-23T00:30:00.000Z', 77, 'actual', 'bundled', '2026-11-23T00:30:00.000Z'],
    ],
  );
  // Tuesday a week later replays Tuesday a week later.
  const next = await p.actual('GB', new Date('2026-11-29T23:30:00Z'), new Date('2026-11-30T00:30:00Z'));
  assert.deepEqual(
    next.map((s) => s.intensityGPerKwh),
    [
      actualAt(ds.series('GB'), t('2023-11-26T23:30:00Z')),
      actualAt(ds.series('GB'), t('2023-11-27T00:00:00Z')),
    ],
  );
});

test('forecasts: GB from its forecast file, others from their own actuals (or none); issued at the range start', async () => {
  const p = new BundledProvider();
  const from = new Date('2026-11-24T12:10:00Z');
  const gb = await p.forecast('GB', from, new Date('2026-11-24T13:30:00Z'));
  assert.deepEqual(
    gb.map((s) => s.time.toISOString()),
    ['2026-11-24T12:30:00.000Z', '2026-11-24T13:00:00.000Z'],
  );
  const fc = ds.series('GB').forecast!;
  assert.deepEqual(
    gb.map((s) => s.intensityGPerKwh),
    [
      fc[indexAt(ds.series('GB'), t('2023-11-21T12:30:00Z'))],
      fc[indexAt(ds.series('GB'), t('2023-11-21T13:00:00Z'))],
    ],
  );
  for (const s of gb) assert.equal(s.issuedAt.toISOString(), '2026-11-24T12:00:00.000Z');

  const de = await p.forecast('DE', new Date('2023-07-14T12:00:00Z'), new Date('2023-07-14T14:00:00Z'));
  assert.deepEqual(
    de.map((s) => s.intensityGPerKwh),
    [178.32, 188.44],
  );
  const none = new BundledProvider({ forecastFromActuals: false });
  assert.deepEqual(await none.forecast('DE', from, new Date(from.getTime() + 6 * HOUR)), []);
  assert.equal((await none.forecast('GB', from, new Date(from.getTime() + 6 * HOUR))).length, 12);
});

test('an unknown zone is unsupported, naming the zones there are', async () => {
  await assert.rejects(
    new BundledProvider().actual('PL', new Date(), new Date(Date.now() + HOUR)),
    (e: unknown) =>
      e instanceof ProviderError &&
      e.code === 'unsupported-zone' &&
      /GB, DE, FR, US-CAL-CISO/.test(e.message),
  );
  assert.throws(() => new BundledDataset().series('PL'), /no zone "PL"/);
});

test('a whole year replays from memory fast (the backtest path)', () => {
  const fresh = new BundledDataset();
  const started = performance.now();
  for (const zone of fresh.zones) fresh.series(zone);
  const loadMs = performance.now() - started;
  const gb = fresh.series('GB');
  const t0 = performance.now();
  let sum = 0;
  let n = 0;
  // 1,000 workloads x one half-hourly year, as a backtest reads it.
  for (let w = 0; w < 1000; w++) {
    for (let i = 0; i < gb.length; i++) {
      const v = gb.actual[i]!;
      if (v === v) {
        sum += v;
        n++;
      }
    }
  }
  const scanMs = performance.now() - t0;
  assert.equal(n, 1000 * (17_520 - 101));
  assert.ok(Math.abs(sum / n - 152.18) < 0.01, `mean ${sum / n}`);
  assert.ok(loadMs < 2000, `loading all zones took ${loadMs.toFixed(0)} ms`);
  assert.ok(scanMs < 2000, `17.5 M lookups took ${scanMs.toFixed(0)} ms`);
});
