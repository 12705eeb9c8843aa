import type { PrismaClient } from '../db';
import { hashToken, type Role } from './tokens';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

const CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

/**
 * Resolves bearer tokens to principals. A short cache keeps the database off the hot path of every read;
 * revocation through this process clears it at once, another replica's revocation is seen within CACHE_MS.
 */
export class TokenStore {
  private cache = new Map<
    string,
    { principal: Principal | null; expiresAt: number; tokenExpiresAt: number | null }
  >();
  private lastUsedWritten = new Map<string, number>();

  constructor(private readonly prisma: PrismaClient) {}

  async resolve(token: string, now = Date.now()): Promise<Principal | null> {
    const hash = hashToken(token);
    let entry = this.cache.get(hash);
    if (!entry || entry.expiresAt <= now) {
      const row = await this.prisma.apiToken.findUnique({ where: { hash } });
      const principal =
        row && !row.revokedAt ? { tokenId: row.id, name: row.name, role: row.role as Role } : null;
      entry = { principal, expiresAt: now + CACHE_MS, tokenExpiresAt: row?.expiresAt?.getTime() ?? null };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if (!entry.principal || (entry.tokenExpiresAt !== null && entry.tokenExpiresAt <= now)) return null;
    this.touch(entry.principal.tokenId, now);
    return entry.principal;
  }

  invalidate(): void {
    this.cache.clear();
  }

  // lastUsedAt is advisory: written at most once a minute per token, never awaited by the request.
  private touch(tokenId: string, now: number): void {
    if ((this.lastUsedWritten.get(tokenId) ?? 0) + LAST_USED_EVERY_MS > now) return;
    this.lastUsedWritten.set(tokenId, now);
    this.prisma.apiToken
      .update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } })
      .catch(() => {});
  }
}
