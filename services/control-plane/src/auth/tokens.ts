import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** admin can do what operator can, operator what viewer can. */
export const roleAllows = (held: Role, needed: Role) => RANK[held] >= RANK[needed];

const TOKEN_PREFIX = 'lsk_';

/** A new bearer token: 256 random bits, so a fast hash is as safe to store as a slow one. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The part of a token shown in lists, enough to recognise it, far too little to use it. */
export const tokenPrefix = (token: string) => token.slice(0, TOKEN_PREFIX.length + 6);
