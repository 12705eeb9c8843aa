// The webhook actuator: tells someone else's endpoint to switch a workload on, off or to a replica count.
// Each POST is signed (HMAC-SHA256 over "<timestamp>.<raw body>", Stripe-style) so the receiver can check
// it came from us and is fresh (replay protection); `verifyWebhookSignature` is what that receiver runs.
// Non-2xx is a failure: 5xx, 408, 429, network errors and timeouts are retried here with exponential
// backoff and jitter (Retry-After honoured), other 4xx are not. The delivery id stays the same across
// retries, so a receiver can deduplicate.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActuationError,
  type Actuator,
  type ActuatorWorkload,
  type Desired,
  type Observation,
} from './types';

export const WEBHOOK_HEADERS = {
  timestamp: 'x-lightswitch-timestamp',
  signature: 'x-lightswitch-signature',
  delivery: 'x-lightswitch-delivery',
} as const;

/** The `target` of a workload of kind 'webhook'. */
export interface WebhookTarget {
  /** http: or https: URL the POST goes to. */
  url: string;
  /** Name of an environment variable holding the HMAC secret; unsigned when absent. */
  secretEnv?: string;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
}

export type WebhookAction = 'on' | 'off' | 'scale';

/** The JSON body of every POST. */
export interface WebhookPayload {
  workload: string;
  id: string;
  action: WebhookAction;
  replicas: number;
  desired: { state: 'on' | 'off'; replicas: number };
  /** The decision carried out (absent when acting outside a decision). */
  decision?: string;
  /** ISO time of the first attempt (the same across retries, like the delivery id). */
  sentAt: string;
}

export interface WebhookActuatorOptions {
  /** Where secretEnv is looked up (default process.env). */
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff; doubles each retry, with jitter (default 200 ms). */
  backoffMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is not waited out here: the error goes back to the reconciler. */
export const MAX_RETRY_AFTER_MS = 30_000;

export class WebhookActuator implements Actuator {
  readonly kinds = ['webhook'] as const;
  private readonly env: Record<string, string | undefined>;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(options: WebhookActuatorOptions = {}) {
    this.env = options.env ?? process.env;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => new Date());
    this.retries = Math.max(0, Math.floor(options.retries ?? 3));
    this.backoffMs = Math.max(0, options.backoffMs ?? 200);
  }

  async observe(_workload: ActuatorWorkload): Promise<Observation> {
    return {
      state: 'unknown',
      replicas: null,
      note: 'a webhook target cannot be asked for its state; the last delivery acknowledged is all we know',
    };
  }

  async apply(workload: ActuatorWorkload, desired: Desired): Promise<Observation> {
    const target = parseWebhookTarget(workload);
    const secret = this.secretFor(workload, target);
    const action: WebhookAction =
      desired.state === 'off' ? 'off' : desired.replicas === workload.replicasOn ? 'on' : 'scale';
    const payload: WebhookPayload = {
      workload: workload.name,
      id: workload.id,
      action,
      replicas: desired.replicas,
      desired: { state: desired.state, replicas: desired.replicas },
      ...(desired.decisionId ? { decision: desired.decisionId } : {}),
      sentAt: this.now().toISOString(),
    };
    const body = JSON.stringify(payload);
    // The decision id, when there is one, so a receiver can drop a repeat sent after a control-plane crash.
    const delivery = desired.decisionId ?? randomUUID();
    const timeoutMs = target.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(workload, target.url, body, secret, delivery, timeoutMs);
      if (outcome.ok) break;
      const { error, retryAfterMs } = outcome;
      const attempts = attempt + 1;
      if (!error.retryable || attempt >= this.retries) {
        throw new ActuationError(
          error.code,
          `${error.message} (${attempts} attempt${attempts === 1 ? '' : 's'}, delivery ${delivery})`,
          error.retryable,
        );
      }
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
        throw new ActuationError(
          error.code,
          `${error.message}; Retry-After of ${Math.ceil(retryAfterMs / 1000)} s is longer than this ` +
            `actuator waits (delivery ${delivery})`,
          true,
        );
      }
      await sleep(retryAfterMs ?? this.backoff(attempt));
    }

    const state = desired.state === 'off' ? 'off' : desired.replicas < workload.replicasOn ? 'scaled' : 'on';
    return { state, replicas: desired.replicas };
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attempt: number): number {
    const base = this.backoffMs * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }

  private secretFor(workload: ActuatorWorkload, target: WebhookTarget): string | undefined {
    if (target.secretEnv === undefined) return undefined;
    const secret = this.env[target.secretEnv];
    if (secret === undefined || secret === '') {
      throw new ActuationError(
        'config',
        `webhook workload ${workload.name}: environment variable ${target.secretEnv} (the HMAC secret) is not set`,
        false,
      );
    }
    return secret;
  }

  private async attempt(
    workload: ActuatorWorkload,
    url: string,
    body: string,
    secret: string | undefined,
    delivery: string,
    timeoutMs: number,
  ): Promise<{ ok: true } | { ok: false; error: ActuationError; retryAfterMs?: number }> {
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.delivery]: delivery,
    };
    if (secret !== undefined)
      headers[WEBHOOK_HEADERS.signature] = signWebhookPayload(secret, timestamp, body);
    const signal = AbortSignal.timeout(timeoutMs);
    const where = `webhook ${workload.name} (${redactUrl(url)})`;

    let response: Response;
    let text: string;
    try {
      // Redirects are not followed: a POST silently turned into a GET elsewhere is not a delivery.
      response = await this.fetchImpl(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      text = await response.text();
    } catch (err) {
      if (signal.aborted || isAbortError(err)) {
        return {
          ok: false,
          error: new ActuationError('timeout', `${where}: no answer within ${timeoutMs} ms`, true),
        };
      }
      return { ok: false, error: new ActuationError('network', `${where}: ${describeError(err)}`, true) };
    }
    if (response.status >= 200 && response.status < 300) return { ok: true };

    const status = response.status;
    const detail = text.trim().slice(0, 200);
    const message = `${where}: HTTP ${status}${detail ? ` ${JSON.stringify(detail)}` : ''}`;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (status === 429) {
      return { ok: false, error: new ActuationError('rate-limited', message, true), retryAfterMs };
    }
    if (status === 408 || status >= 500) {
      return { ok: false, error: new ActuationError('unavailable', message, true), retryAfterMs };
    }
    return { ok: false, error: new ActuationError('rejected', message, false) };
  }
}

/** Checks a workload's target; a bad one is a configuration error, which retrying cannot fix. */
export function parseWebhookTarget(workload: ActuatorWorkload): WebhookTarget {
  const bad = (why: string) =>
    new ActuationError('config', `webhook workload ${workload.name}: ${why}`, false);
  if (workload.kind !== 'webhook') throw bad(`kind is ${workload.kind}, not webhook`);
  const t = workload.target;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw bad('target must be an object');
  const { url, secretEnv, timeoutMs } = t as Record<string, unknown>;
  if (typeof url !== 'string') throw bad('target.url must be a string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(`target.url is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw bad(`target.url must be http or https, not ${parsed.protocol}`);
  }
  if (secretEnv !== undefined && (typeof secretEnv !== 'string' || secretEnv === '')) {
    throw bad('target.secretEnv must be the name of an environment variable');
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
  ) {
    throw bad('target.timeoutMs must be a positive number');
  }
  return {
    url,
    ...(secretEnv !== undefined ? { secretEnv: secretEnv as string } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs: timeoutMs as number } : {}),
  };
}

/** The signature header value: `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export function signWebhookPayload(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return `sha256=${hmac(secret, timestamp, rawBody).toString('hex')}`;
}

export interface VerifyWebhookSignatureInput {
  secret: string;
  /** The x-lightswitch-timestamp header as received (node gives string | string[] | undefined). */
  timestampHeader: string | string[] | null | undefined;
  /** The x-lightswitch-signature header as received. */
  signatureHeader: string | string[] | null | undefined;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  now?: Date | (() => Date);
  /** How far the timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
}

/** What a receiver runs on each delivery: authentic (constant-time compare) and fresh (no replays). */
export function verifyWebhookSignature(
  input: VerifyWebhookSignatureInput,
): { ok: true } | { ok: false; problem: string } {
  const { secret, timestampHeader, signatureHeader, rawBody, toleranceSeconds = 300 } = input;
  const now =
    input.now === undefined ? new Date() : typeof input.now === 'function' ? input.now() : input.now;
  if (!secret) return { ok: false, problem: 'no secret to verify with' };
  if (typeof timestampHeader !== 'string' || !/^\d{1,15}$/.test(timestampHeader.trim())) {
    return { ok: false, problem: `malformed or missing ${WEBHOOK_HEADERS.timestamp} header` };
  }
  const timestamp = timestampHeader.trim();
  const signature = typeof signatureHeader === 'string' ? signatureHeader.trim() : undefined;
  const match = signature === undefined ? null : /^sha256=([0-9a-fA-F]{64})$/.exec(signature);
  if (!match) {
    return { ok: false, problem: `malformed or missing ${WEBHOOK_HEADERS.signature} header` };
  }
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (!(skew <= toleranceSeconds)) {
    return {
      ok: false,
      problem: `timestamp is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s): possible replay`,
    };
  }
  const expected = hmac(secret, timestamp, rawBody);
  const given = Buffer.from(match[1]!, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'signature does not match' };
  }
  return { ok: true };
}

function hmac(secret: string, timestamp: string, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${err.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
  }
  return err.message;
}

/** Credentials in a URL (user:pass@, or a token query string) stay out of error messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
