import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config';
import { ApiError, CliError, UsageError, type ErrorDetail } from './errors';

/** The file `serve` writes the bootstrap admin token to, inside the data directory. */
export const ADMIN_TOKEN_FILE = 'admin-token';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface Connection {
  /** Server root, without a trailing slash and without `/api/v1`. */
  baseUrl: string;
  token: string;
  /** Where the token came from, named in authentication errors. */
  tokenSource: string;
}

export interface ConnectionOptions {
  url?: string | undefined;
  token?: string | undefined;
}

type Env = Record<string, string | undefined>;

/**
 * Works out which server to talk to and with which token:
 * URL from --url, LIGHTSWITCH_URL, else http://<LIGHTSWITCH_HOST>:<LIGHTSWITCH_PORT>;
 * token from --token, LIGHTSWITCH_TOKEN, else the admin token file in the data directory.
 * The configuration is only read when one of them needs it.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: Env = process.env,
  readConfig: (env: Env) => Config = loadConfig,
): Connection {
  let config: Config | undefined;
  const getConfig = () => (config ??= readConfig(env));

  const rawUrl = options.url || env.LIGHTSWITCH_URL || defaultUrl(getConfig());
  const baseUrl = normaliseUrl(rawUrl);

  if (options.token) return { baseUrl, token: options.token.trim(), tokenSource: '--token' };
  if (env.LIGHTSWITCH_TOKEN) {
    return { baseUrl, token: env.LIGHTSWITCH_TOKEN.trim(), tokenSource: 'LIGHTSWITCH_TOKEN' };
  }
  const file = join(getConfig().dataDir, ADMIN_TOKEN_FILE);
  let token = '';
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch {
    // Missing or unreadable: fall through to the error below.
  }
  if (!token) throw new CliError('no token: pass --token or set LIGHTSWITCH_TOKEN');
  return { baseUrl, token, tokenSource: file };
}

/** The URL a local `lightswitch serve` with the same configuration listens on. */
export function defaultUrl(config: Pick<Config, 'host' | 'port'>): string {
  if (config.port === 0) {
    throw new UsageError('LIGHTSWITCH_PORT is 0 (an ephemeral port): pass --url or set LIGHTSWITCH_URL');
  }
  // A server bound to every interface is reached on loopback.
  let host = config.host;
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::' || host === '[::]') host = '::1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${config.port}`;
}

export function normaliseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`invalid URL "${raw}": expected e.g. http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid URL "${raw}": must start with http:// or https://`);
  }
  if (url.search || url.hash) throw new UsageError(`invalid URL "${raw}": must not have a query or fragment`);
  // Accept the API root too (http://host:8080/api/v1), since that is what `serve` prints.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}`;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** A small JSON client for /api/v1 with bearer authentication and the API's error shape. */
export class ApiClient {
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;

  constructor(
    readonly connection: Connection,
    options: ApiClientOptions = {},
  ) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** `path` is relative to /api/v1, e.g. `/workloads?limit=10`. Resolves to undefined for 204. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.connection.baseUrl}/api/v1${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.connection.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.networkError(error, method, url);
    }
    const text = await response.text();
    if (!response.ok) throw this.apiError(response, text, method, path);
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(
        `${method} ${url}: the server answered ${response.status} with a body that is not JSON`,
      );
    }
  }

  private networkError(error: unknown, method: string, url: string): CliError {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new CliError(`${method} ${url}: no answer within ${this.timeoutMs / 1000}s`);
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
    const reason =
      (cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined) ??
      cause?.message ??
      (error instanceof Error ? error.message : String(error));
    return new CliError(
      `cannot reach the LightSwitch API at ${this.connection.baseUrl} (${reason}); ` +
        'is `lightswitch serve` running? Point the CLI elsewhere with --url or LIGHTSWITCH_URL',
    );
  }

  private apiError(response: Response, text: string, method: string, path: string): ApiError {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const obj = isRecord(body) ? body : {};
    const code = typeof obj.error === 'string' ? obj.error : `http_${response.status}`;
    let message =
      typeof obj.message === 'string' && obj.message
        ? obj.message
        : `${method} /api/v1${path}: HTTP ${response.status} ${response.statusText}`.trim();
    if (response.status === 401) message += ` (token from ${this.connection.tokenSource})`;
    const details: ErrorDetail[] = Array.isArray(obj.details)
      ? obj.details
          .filter(isRecord)
          .map((d) => ({ field: String(d.field ?? ''), problem: String(d.problem ?? '') }))
      : [];
    return new ApiError(response.status, code, message, details);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
