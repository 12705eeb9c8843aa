// Errors a carbon provider reports. Every message starts with the provider's name, and body problems name
// the field, so a log line alone says which source broke and how.

export type ProviderErrorCode =
  /** The zone is not one this provider (or its configuration) covers. */
  | 'unsupported-zone'
  /** Connection refused, reset, DNS failure: nothing came back. */
  | 'network'
  /** No complete answer within the provider's timeout. */
  | 'timeout'
  /** An HTTP status other than 2xx, 401/403 and 429. */
  | 'http'
  /** 401/403, or a failed login. */
  | 'auth'
  /** 429, or still backing off after one: no request was sent. */
  | 'rate-limited'
  /** The body is not JSON, or not the documented shape, or holds an impossible value. */
  | 'invalid-body';

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly code: ProviderErrorCode,
    message: string,
    readonly details: { status?: number; field?: string; url?: string; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProviderError';
  }
}

/** The provider is backing off after a 429; it sends nothing until `retryAt`. */
export class RateLimitedError extends ProviderError {
  constructor(
    provider: string,
    readonly retryAt: Date,
    message: string,
    details: { status?: number; url?: string } = {},
  ) {
    super(provider, 'rate-limited', message, details);
    this.name = 'RateLimitedError';
  }
}

/** A response body that is not what the provider documents; `field` is a path like `data[3].intensity.forecast`. */
export class InvalidBodyError extends ProviderError {
  constructor(provider: string, url: string, field: string, problem: string) {
    super(provider, 'invalid-body', `invalid response from ${url}: ${field} ${problem}`, { field, url });
    this.name = 'InvalidBodyError';
  }
}
