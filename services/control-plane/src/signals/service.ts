// The signal service: fetches grid intensity through each zone's fallback chain of providers, keeps every
// sample in SignalSample (with source, kind and issue time), and condenses the stored samples into the
// CarbonSignal decide() reads. It also reads demand (DemandSample) for the idle policy.
//
// Rules, in the words of DESIGN.md "Signals in":
// - refresh(zone, now) asks the zone's providers in order, for actuals and for forecasts separately. A
//   provider that answered within its refresh interval is not asked again (nothing is due); one that failed
//   within it is passed over for the next in the chain, and one backing off after a 429 answers at once
//   with a rate-limited error without sending anything, so the chain moves on. An empty answer
//   counts as a failure ("no data") so the chain moves on. Errors never escape refresh(): they are
//   recorded (providerStatus(), onError) and the signal then reads stale or missing.
// - carbonSignal(zone, now) reads only what is stored, as known at `now` (forecast issues after `now` are
//   ignored, so a replayed past sees what was known then). The current value is the newest actual at or
//   before now (kind "actual"); when that is missing or stale, the interval containing now from the newest
//   forecast issue (kind "forecast", its age counted from when the forecast was issued). Sources are
//   preferred in chain order: the first fresh value wins, else the first stale one, else "missing".
//   Age limits are per source (maxAgeSeconds / forecastMaxAgeSeconds). Nothing is ever filled with zero.
import { Prisma, type PrismaClient } from '../db';
import type {
  CarbonProvider,
  CarbonSignal,
  DemandSignal,
  IntensityPoint,
  IntensitySample,
  SignalStatus,
} from './types';
import { ProviderError } from './errors';
import { MAX_INTENSITY_G_PER_KWH } from './http';

export interface SignalServiceOptions {
  prisma: PrismaClient;
  providers: Iterable<CarbonProvider>;
  /** Zone -> provider names in order of preference; "*" for every zone not listed. */
  sources: Record<string, readonly string[]>;
  /** Per provider name (or "*"): current older than this is stale. Default 2 h. */
  maxAgeSeconds?: Record<string, number>;
  /** Per provider name (or "*"): a forecast issued longer ago than this is stale. Default 6 h. */
  forecastMaxAgeSeconds?: Record<string, number>;
  /** Per provider name (or "*"): least time between fetches of one zone and kind. Default 5 min. */
  refreshIntervalSeconds?: Record<string, number>;
  /** Actuals older than this are not looked at: no value within it is "missing". Default 24 h. */
  lookbackSeconds?: number;
  /** How far back refresh() asks for actuals. Default 2 h. */
  actualWindowSeconds?: number;
  /** How far ahead refresh() asks for forecasts. Default 48 h. */
  forecastHorizonSeconds?: number;
  /** Forecast rows issued longer ago than this are deleted (at most hourly, by refresh). Default 7 days. */
  forecastRetentionSeconds?: number;
  /** Demand whose newest sample is older than this (and than two of its windows) is stale. Default 5 min. */
  demandMaxAgeSeconds?: number;
  /** Called for every provider failure (logging). */
  onError?: (event: { zone: string; provider: string; kind: 'actual' | 'forecast'; error: Error }) => void;
}

export type SampleKind = 'actual' | 'forecast';

export interface ProviderAttempt {
  provider: string;
  outcome: 'stored' | 'not-due' | 'empty' | 'failed' | 'backing-off' | 'rate-limited' | 'unknown-provider';
  stored?: number;
  error?: string;
}

export interface RefreshReport {
  zone: string;
  actual: ProviderAttempt[];
  forecast: ProviderAttempt[];
}

export interface ProviderStatus {
  provider: string;
  zone: string;
  kind: SampleKind;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  lastErrorCode?: string;
  rateLimitedUntil?: Date;
}

interface FetchState {
  lastAttempt?: number;
  lastSuccess?: number;
  failed: boolean;
  lastError?: string;
  lastErrorCode?: string;
}

const H = 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest interval assumed when a forecast issue has a single point. */
const DEFAULT_STEP_MS = 3600_000;
const INSERT_CHUNK = 1000;

/** Candidates in chain order: the first fresh one, else the first stale one; later ones are not read. */
async function firstFresh<C extends { status: SignalStatus }>(
  reads: (() => Promise<C | undefined>)[],
): Promise<C | undefined> {
  let firstStale: C | undefined;
  for (const read of reads) {
    const c = await read();
    if (!c) continue;
    if (c.status === 'fresh') return c;
    firstStale ??= c;
  }
  return firstStale;
}

export class SignalService {
  private readonly prisma: PrismaClient;
  private readonly providers = new Map<string, CarbonProvider>();
  private readonly sources: Record<string, readonly string[]>;
  private readonly state = new Map<string, FetchState>();
  private readonly inFlight = new Map<string, Promise<RefreshReport>>();
  private readonly o: Required<
    Pick<
      SignalServiceOptions,
      | 'lookbackSeconds'
      | 'actualWindowSeconds'
      | 'forecastHorizonSeconds'
      | 'forecastRetentionSeconds'
      | 'demandMaxAgeSeconds'
    >
  >;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SignalServiceOptions) {
    this.prisma = options.prisma;
    for (const p of options.providers) this.providers.set(p.name, p);
    this.sources = options.sources;
    for (const [zone, chain] of Object.entries(options.sources)) {
      for (const name of chain) {
        if (!this.providers.has(name)) {
          throw new Error(`signal sources for ${zone} name provider "${name}", which is not configured`);
        }
      }
    }
    this.o = {
      lookbackSeconds: options.lookbackSeconds ?? 24 * H,
      actualWindowSeconds: options.actualWindowSeconds ?? 2 * H,
      forecastHorizonSeconds: options.forecastHorizonSeconds ?? 48 * H,
      forecastRetentionSeconds: options.forecastRetentionSeconds ?? 7 * 24 * H,
      demandMaxAgeSeconds: options.demandMaxAgeSeconds ?? 300,
    };
  }

  /** The providers tried for a zone, in order. */
  chain(zone: string): readonly string[] {
    return (Object.hasOwn(this.sources, zone) ? this.sources[zone] : this.sources['*']) ?? [];
  }

  private setting(map: Record<string, number> | undefined, provider: string, fallback: number): number {
    return map?.[provider] ?? map?.['*'] ?? fallback;
  }

  maxAgeSeconds(provider: string): number {
    return this.setting(this.options.maxAgeSeconds, provider, 2 * H);
  }

  forecastMaxAgeSeconds(provider: string): number {
    return this.setting(this.options.forecastMaxAgeSeconds, provider, 6 * H);
  }

  refreshIntervalSeconds(provider: string): number {
    return this.setting(this.options.refreshIntervalSeconds, provider, 300);
  }

  // ------------------------------------------------------------------------------------------- refresh

  /** Fetches what is due for the zone and stores it. Never rejects for a provider's failure. */
  async refresh(zone: string, now: Date): Promise<void> {
    await this.refreshWithReport(zone, now);
  }

  /** refresh(), saying what each provider in the chain did (stored, not due, failed, backing off...). */
  refreshWithReport(zone: string, now: Date): Promise<RefreshReport> {
    const running = this.inFlight.get(zone);
    if (running) return running;
    const job = (async (): Promise<RefreshReport> => {
      const actual = await this.refreshKind(zone, 'actual', now);
      const forecast = await this.refreshKind(zone, 'forecast', now);
      await this.pruneIfDue(now);
      return { zone, actual, forecast };
    })().finally(() => this.inFlight.delete(zone));
    this.inFlight.set(zone, job);
    return job;
  }

  private fetchState(provider: string, zone: string, kind: SampleKind): FetchState {
    const key = `${provider}\u0000${zone}\u0000${kind}`;
    let st = this.state.get(key);
    if (!st) {
      st = { failed: false };
      this.state.set(key, st);
    }
    return st;
  }

  private async refreshKind(zone: string, kind: SampleKind, now: Date): Promise<ProviderAttempt[]> {
    const attempts: ProviderAttempt[] = [];
    const t = now.getTime();
    const within = (since: number | undefined, seconds: number) =>
      since !== undefined && t - since >= 0 && t - since < seconds * 1000;
    for (const name of this.chain(zone)) {
      const provider = this.providers.get(name);
      if (!provider) {
        attempts.push({ provider: name, outcome: 'unknown-provider' });
        continue;
      }
      const st = this.fetchState(name, zone, kind);
      const interval = this.refreshIntervalSeconds(name);
      if (!st.failed && within(st.lastSuccess, interval)) {
        attempts.push({ provider: name, outcome: 'not-due' });
        return attempts; // this provider's data is recent: nothing is due
      }
      if (st.failed && within(st.lastAttempt, interval)) {
        attempts.push({ provider: name, outcome: 'backing-off', error: st.lastError });
        continue;
      }
      st.lastAttempt = t;
      try {
        const samples =
          kind === 'actual'
            ? await provider.actual(zone, new Date(t - this.o.actualWindowSeconds * 1000), new Date(t + 1))
            : await provider.forecast(
                zone,
                // From the start of the current hour, so the interval containing now is included.
                new Date(Math.floor(t / 3600_000) * 3600_000),
                new Date(t + this.o.forecastHorizonSeconds * 1000),
              );
        if (samples.length === 0) {
          st.failed = true;
          st.lastError = `no ${kind} data for ${zone}`;
          st.lastErrorCode = 'empty';
          attempts.push({ provider: name, outcome: 'empty' });
          continue;
        }
        const stored = await this.store(samples.map((s) => ({ ...s, zone, source: name, kind })));
        st.failed = false;
        st.lastSuccess = t;
        st.lastError = undefined;
        st.lastErrorCode = undefined;
        attempts.push({ provider: name, outcome: 'stored', stored });
        return attempts;
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        st.failed = true;
        st.lastError = err.message;
        st.lastErrorCode = error instanceof ProviderError ? error.code : 'error';
        attempts.push({
          provider: name,
          outcome:
            error instanceof ProviderError && error.code === 'rate-limited' ? 'rate-limited' : 'failed',
          error: err.message,
        });
        this.options.onError?.({ zone, provider: name, kind, error: err });
      }
    }
    return attempts;
  }

  /** What each provider last did for each zone and kind, for status pages and metrics. */
  providerStatus(): ProviderStatus[] {
    const out: ProviderStatus[] = [];
    for (const [key, st] of this.state) {
      const [provider, zone, kind] = key.split('\u0000') as [string, string, SampleKind];
      const limited = (this.providers.get(provider) as { rateLimitedUntil?: Date } | undefined)
        ?.rateLimitedUntil;
      out.push({
        provider,
        zone,
        kind,
        lastAttemptAt: st.lastAttempt === undefined ? undefined : new Date(st.lastAttempt),
        lastSuccessAt: st.lastSuccess === undefined ? undefined : new Date(st.lastSuccess),
        lastError: st.lastError,
        lastErrorCode: st.lastErrorCode,
        rateLimitedUntil: limited,
      });
    }
    return out;
  }

  /**
   * Upserts samples into SignalSample: one row per (zone, source, kind, time, issuedAt); a second fetch of
   * the same key (a revised estimate) replaces the value. Returns the number of samples written.
   */
  async store(samples: IntensitySample[]): Promise<number> {
    const byKey = new Map<string, IntensitySample>();
    for (const s of samples) {
      const v = s.intensityGPerKwh;
      if (!Number.isFinite(v) || v < 0 || v > MAX_INTENSITY_G_PER_KWH) {
        throw new Error(
          `${s.source}: refusing to store intensity ${v} for ${s.zone} at ${s.time.toISOString()}`,
        );
      }
      if (s.kind !== 'actual' && s.kind !== 'forecast')
        throw new Error(`${s.source}: unknown kind ${String(s.kind)}`);
      if (!Number.isFinite(s.time.getTime()) || !Number.isFinite(s.issuedAt.getTime())) {
        throw new Error(`${s.source}: sample for ${s.zone} has an invalid time`);
      }
      byKey.set(
        `${s.zone}\u0000${s.source}\u0000${s.kind}\u0000${s.time.getTime()}\u0000${s.issuedAt.getTime()}`,
        s,
      );
    }
    const rows = [...byKey.values()];
    const fetchedAt = new Date();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const values = rows
        .slice(i, i + INSERT_CHUNK)
        .map(
          (s) =>
            Prisma.sql`(${s.zone}, ${s.time}, ${s.intensityGPerKwh}, ${s.source}, ${s.kind}::"SignalKind", ${s.issuedAt}, ${fetchedAt})`,
        );
      await this.prisma.$executeRaw`
        INSERT INTO "SignalSample" ("zone", "time", "intensityGPerKwh", "source", "kind", "issuedAt", "fetchedAt")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("zone", "source", "kind", "time", "issuedAt")
        DO UPDATE SET "intensityGPerKwh" = EXCLUDED."intensityGPerKwh", "fetchedAt" = EXCLUDED."fetchedAt"`;
    }
    return rows.length;
  }

  /** Deletes forecast rows issued before now - forecastRetentionSeconds. Actuals are kept. */
  async prune(now: Date): Promise<number> {
    const { count } = await this.prisma.signalSample.deleteMany({
      where: {
        kind: 'forecast',
        issuedAt: { lt: new Date(now.getTime() - this.o.forecastRetentionSeconds * 1000) },
      },
    });
    return count;
  }

  private async pruneIfDue(now: Date): Promise<void> {
    const t = now.getTime();
    if (t - this.lastPrune >= 0 && t - this.lastPrune < 3600_000) return;
    this.lastPrune = t;
    await this.prune(now).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------------------- condense

  /** The zone's grid signal at `now`, from stored samples only (no I/O to providers). */
  async carbonSignal(zone: string, now: Date): Promise<CarbonSignal> {
    const chain = this.chain(zone);
    const [current, forecast] = await Promise.all([
      this.pickCurrent(zone, chain, now),
      this.pickForecast(zone, chain, now),
    ]);
    const signal: CarbonSignal = {
      zone,
      status: current?.status ?? 'missing',
      forecastStatus: forecast?.status ?? 'missing',
      forecast: forecast?.points ?? [],
    };
    if (current) {
      signal.source = current.source;
      signal.current = {
        time: current.time,
        intensityGPerKwh: current.intensityGPerKwh,
        ageSeconds: current.ageSeconds,
        kind: current.kind,
      };
    }
    if (forecast) {
      signal.forecastIssuedAt = forecast.issuedAt;
      signal.forecastSource = forecast.source;
    }
    return signal;
  }

  private async pickCurrent(
    zone: string,
    chain: readonly string[],
    now: Date,
  ): Promise<CurrentCandidate | undefined> {
    const reads = chain.flatMap((source) =>
      [this.currentFromActual, this.currentFromForecast].map(
        (read) => () => read.call(this, zone, source, now),
      ),
    );
    return firstFresh(reads);
  }

  private async currentFromActual(
    zone: string,
    source: string,
    now: Date,
  ): Promise<CurrentCandidate | undefined> {
    const t = now.getTime();
    const row = await this.prisma.signalSample.findFirst({
      where: {
        zone,
        source,
        kind: 'actual',
        time: { lte: now, gte: new Date(t - this.o.lookbackSeconds * 1000) },
      },
      orderBy: [{ time: 'desc' }, { issuedAt: 'desc' }],
      select: { time: true, intensityGPerKwh: true },
    });
    if (!row) return undefined;
    const ageSeconds = (t - row.time.getTime()) / 1000;
    return {
      source,
      kind: 'actual',
      time: row.time,
      intensityGPerKwh: row.intensityGPerKwh,
      ageSeconds,
      status: ageSeconds <= this.maxAgeSeconds(source) ? 'fresh' : 'stale',
    };
  }

  private async currentFromForecast(
    zone: string,
    source: string,
    now: Date,
  ): Promise<CurrentCandidate | undefined> {
    const t = now.getTime();
    const row = await this.prisma.signalSample.findFirst({
      where: {
        zone,
        source,
        kind: 'forecast',
        issuedAt: { lte: now },
        time: { lte: now, gt: new Date(t - this.o.lookbackSeconds * 1000) },
      },
      orderBy: [{ issuedAt: 'desc' }, { time: 'desc' }],
      select: { time: true, intensityGPerKwh: true, issuedAt: true },
    });
    if (!row) return undefined;
    // The interval's length: the spacing to the next point of the same issue (or the previous one).
    const same = { zone, source, kind: 'forecast' as const, issuedAt: row.issuedAt };
    const next = await this.prisma.signalSample.findFirst({
      where: { ...same, time: { gt: row.time } },
      orderBy: { time: 'asc' },
      select: { time: true },
    });
    const prev = next
      ? null
      : await this.prisma.signalSample.findFirst({
          where: { ...same, time: { lt: row.time } },
          orderBy: { time: 'desc' },
          select: { time: true },
        });
    const step = next
      ? next.time.getTime() - row.time.getTime()
      : prev
        ? row.time.getTime() - prev.time.getTime()
        : DEFAULT_STEP_MS;
    if (t >= row.time.getTime() + step) return undefined; // the issue does not cover now
    const ageSeconds = (t - row.issuedAt.getTime()) / 1000;
    return {
      source,
      kind: 'forecast',
      time: row.time,
      intensityGPerKwh: row.intensityGPerKwh,
      ageSeconds,
      status: ageSeconds <= this.maxAgeSeconds(source) ? 'fresh' : 'stale',
    };
  }

  private async pickForecast(
    zone: string,
    chain: readonly string[],
    now: Date,
  ): Promise<ForecastCandidate | undefined> {
    return firstFresh(chain.map((source) => () => this.newestForecast(zone, source, now)));
  }

  private async newestForecast(
    zone: string,
    source: string,
    now: Date,
  ): Promise<ForecastCandidate | undefined> {
    const t = now.getTime();
    const issue = await this.prisma.signalSample.findFirst({
      where: { zone, source, kind: 'forecast', issuedAt: { lte: now }, time: { gt: now } },
      orderBy: { issuedAt: 'desc' },
      select: { issuedAt: true },
    });
    if (!issue) return undefined;
    const rows = await this.prisma.signalSample.findMany({
      where: {
        zone,
        source,
        kind: 'forecast',
        issuedAt: issue.issuedAt,
        time: { gt: new Date(t - DEFAULT_STEP_MS * 24) },
      },
      orderBy: { time: 'asc' },
      select: { time: true, intensityGPerKwh: true },
    });
    let step = Number.POSITIVE_INFINITY;
    for (let i = 1; i < rows.length; i++)
      step = Math.min(step, rows[i]!.time.getTime() - rows[i - 1]!.time.getTime());
    if (!Number.isFinite(step)) step = DEFAULT_STEP_MS;
    // From the interval containing now (if the issue has it) onwards.
    const points: IntensityPoint[] = rows
      .filter((r) => r.time.getTime() > t - step)
      .map((r) => ({ time: r.time, intensityGPerKwh: r.intensityGPerKwh }));
    const ageSeconds = (t - issue.issuedAt.getTime()) / 1000;
    return {
      source,
      issuedAt: issue.issuedAt,
      points,
      status: ageSeconds <= this.forecastMaxAgeSeconds(source) ? 'fresh' : 'stale',
    };
  }

  // ------------------------------------------------------------------------------------------- demand

  /**
   * Demand samples of one workload over the last `windowMinutes` (a sample's `time` is the end of the window
   * it counted). missing: no sample in the window; stale: the newest is older than demandMaxAgeSeconds and
   * than two of its own windows; fresh otherwise. lastRequestAt is the end of the newest window (in the
   * last 7 days) that counted any request.
   */
  async demandSignal(workloadId: string, now: Date, windowMinutes: number): Promise<DemandSignal> {
    if (!UUID.test(workloadId) || !(windowMinutes > 0)) return { status: 'missing', samples: [] };
    const t = now.getTime();
    const [rows, last] = await Promise.all([
      this.prisma.demandSample.findMany({
        where: { workloadId, time: { gt: new Date(t - windowMinutes * 60_000), lte: now } },
        orderBy: { time: 'asc' },
        select: { time: true, windowSeconds: true, requests: true },
      }),
      this.prisma.demandSample.findFirst({
        where: { workloadId, requests: { gt: 0 }, time: { lte: now, gt: new Date(t - 7 * 24 * 3600_000) } },
        orderBy: { time: 'desc' },
        select: { time: true },
      }),
    ]);
    const signal: DemandSignal = { status: 'missing', samples: rows };
    if (last) signal.lastRequestAt = last.time;
    const newest = rows[rows.length - 1];
    if (newest) {
      const ageSeconds = (t - newest.time.getTime()) / 1000;
      signal.status =
        ageSeconds <= Math.max(this.o.demandMaxAgeSeconds, 2 * newest.windowSeconds) ? 'fresh' : 'stale';
    }
    return signal;
  }
}

interface CurrentCandidate {
  source: string;
  kind: SampleKind;
  time: Date;
  intensityGPerKwh: number;
  ageSeconds: number;
  status: Exclude<SignalStatus, 'missing'>;
}

interface ForecastCandidate {
  source: string;
  issuedAt: Date;
  points: IntensityPoint[];
  status: Exclude<SignalStatus, 'missing'>;
}
