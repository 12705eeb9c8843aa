/**
 * Counts failed authentications per client address in fixed one-minute windows, so a token cannot be
 * guessed at full request speed while good clients are never slowed.
 */
export class FailureLimiter {
  private windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  retryAfter(client: string, now = Date.now()): number {
    const w = this.windows.get(client);
    if (!w || now - w.start >= this.windowMs || w.failures < this.maxPerWindow) return 0;
    return Math.ceil((w.start + this.windowMs - now) / 1000);
  }

  fail(client: string, now = Date.now()): void {
    const w = this.windows.get(client);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.prune(now);
      this.windows.set(client, { start: now, failures: 1 });
    } else {
      w.failures++;
    }
  }

  private prune(now: number): void {
    for (const [client, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(client);
  }
}
