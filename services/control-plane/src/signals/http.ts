// What every HTTP carbon provider shares: global fetch with a timeout, 429 back-off, status mapping, strict
// JSON parsing, and readers that reject a body field by field with the provider's name and the field's path.
import { InvalidBodyError, ProviderError, RateLimitedError } from './errors';

/** Above this a grid intensity is not physical (the dirtiest grids are ~1,200 gCO2e/kWh): the body is broken. */
export const MAX_INTENSITY_G_PER_KWH = 5000;

export interface HttpProviderOptions {
  /** Whole request, body included. Default 10 s. */
  timeoutMs?: number;
  /** Back-off after a 429 without a usable Retry-After. Default 60 s. */
  defaultRetryAfterMs?: number;
  /** Longest back-off honoured, whatever Retry-After says. Default 1 h. */
  maxRetryAfterMs?: number;
  /** Clock for back-off and "recent" ranges; tests may pass their own. */
  clock?: () => number;
}

export interface JsonResponse {
  status: number;
  /** Parsed JSON; undefined for 204 No Content. */
  body: unknown;
  headers: Headers;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** One provider's HTTP access; holds its rate-limit back-off so every call of that provider honours it. */
export class ProviderHttp {
  private blockedUntil = 0;
  readonly timeoutMs: number;
  readonly clock: () => number;
  private readonly defaultRetryAfterMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(
    readonly provider: string,
    options: HttpProviderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? Date.now;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 3_600_000;
  }

  /** When the provider may be asked again after a 429; undefined when it is not backing off. */
  get rateLimitedUntil(): Date | undefined {
    return this.blockedUntil > this.clock() ? new Date(this.blockedUntil) : undefined;
  }

  /**
   * GET (or the given method) and parse JSON. Throws ProviderError: rate-limited (429, or still backing off:
   * then nothing is sent), auth (401/403), http (other non-2xx), timeout, network, invalid-body (not JSON).
   */
  async json(
    url: URL,
    init: { headers?: Record<string, string>; method?: string } = {},
  ): Promise<JsonResponse> {
    const where = url.pathname;
    const now = this.clock();
    if (now < this.blockedUntil) {
      throw new RateLimitedError(
        this.provider,
        new Date(this.blockedUntil),
        `rate-limited: backing off until ${new Date(this.blockedUntil).toISOString()} (no request sent to ${where})`,
        { url: where },
      );
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: init.method ?? 'GET',
        headers: { accept: 'application/json', ...init.headers },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProviderError(
          this.provider,
          'timeout',
          `no answer from ${where} within ${this.timeoutMs} ms`,
          {
            url: where,
            cause: error,
          },
        );
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ProviderError(this.provider, 'network', `request to ${where} failed: ${reason}`, {
        url: where,
        cause: error,
      });
    }

    if (response.status === 429) {
      const delay = this.retryAfterMs(response.headers.get('retry-after'));
      this.blockedUntil = this.clock() + delay;
      throw new RateLimitedError(
        this.provider,
        new Date(this.blockedUntil),
        `rate-limited (429 from ${where}): backing off for ${Math.round(delay / 1000)} s`,
        { status: 429, url: where },
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new ProviderError(
        this.provider,
        'auth',
        `${response.status} from ${where}: credentials refused${snippet(text)}`,
        { status: response.status, url: where },
      );
    }
    if (response.status < 200 || response.status > 299) {
      throw new ProviderError(
        this.provider,
        'http',
        `HTTP ${response.status} from ${where}${snippet(text)}`,
        {
          status: response.status,
          url: where,
        },
      );
    }
    if (response.status === 204 || text.trim() === '') {
      if (response.status === 204) return { status: 204, body: undefined, headers: response.headers };
      throw new InvalidBodyError(this.provider, where, '(body)', 'is empty');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new InvalidBodyError(
        this.provider,
        where,
        '(body)',
        `is not valid JSON (${(error as Error).message})`,
      );
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else gets the default. */
  private retryAfterMs(header: string | null): number {
    let ms = this.defaultRetryAfterMs;
    if (header !== null && header.trim() !== '') {
      const value = header.trim();
      if (/^\d+$/.test(value)) ms = Number(value) * 1000;
      else {
        const at = Date.parse(value);
        if (Number.isFinite(at)) ms = Math.max(0, at - this.clock());
      }
    }
    return Math.min(Math.max(ms, 1000), this.maxRetryAfterMs);
  }
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return '';
  return `: ${t.length > 200 ? `${t.slice(0, 200)}…` : t}`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Reads one response body; each accessor throws InvalidBodyError naming the provider, the URL and the field. */
export class BodyReader {
  constructor(
    readonly provider: string,
    readonly url: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new InvalidBodyError(this.provider, this.url, field, problem);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, `must be an object, got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array, got ${describe(value)}`);
    return value;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '')
      this.fail(field, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(field, `must be a finite number, got ${describe(value)}`);
    }
    return value;
  }

  /** An instant with an explicit zone (Z or ±hh:mm), as every documented API sends. */
  time(value: unknown, field: string): Date {
    const s = this.string(value, field);
    const ms = ISO_TIME.test(s) ? Date.parse(s) : NaN;
    if (!Number.isFinite(ms))
      this.fail(field, `must be an ISO 8601 time with a zone, got ${describe(value)}`);
    return new Date(ms);
  }

  /** A grid intensity in gCO2e/kWh after multiplying by `factor`: finite, not negative, not absurd. */
  intensity(value: unknown, field: string, factor = 1): number {
    const raw = this.number(value, field);
    const g = raw * factor;
    if (g < 0) this.fail(field, `must not be negative, got ${raw}`);
    if (g > MAX_INTENSITY_G_PER_KWH) {
      this.fail(
        field,
        `is not a plausible intensity (${g.toFixed(1)} gCO2e/kWh > ${MAX_INTENSITY_G_PER_KWH})`,
      );
    }
    return g;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** "2024-03-01T12:00Z": minute precision, as the UK API wants in its paths. */
export function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** Splits [from, to) into pieces no longer than `maxMs` (APIs cap the range of one request). */
export function chunks(fromMs: number, toMs: number, maxMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = fromMs; a < toMs; a += maxMs) out.push([a, Math.min(toMs, a + maxMs)]);
  return out;
}

/** Keeps samples whose interval starts in [from, to), one per time (the last wins), sorted by time. */
export function inRange<T extends { time: Date }>(samples: T[], from: Date, to: Date): T[] {
  const byTime = new Map<number, T>();
  for (const s of samples) {
    const t = s.time.getTime();
    if (t >= from.getTime() && t < to.getTime()) byTime.set(t, s);
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

export function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}
