import { badRequest } from './errors';

/** Keyset position in (createdAt, id) order: stable under inserts, cheap at any depth. */
export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime()))
      throw new Error();
    return { createdAt, id };
  } catch {
    throw badRequest('cursor is not one this server issued', [
      { field: 'cursor', problem: 'malformed; pass nextCursor from the previous page unchanged' },
    ]);
  }
}

/** Prisma filter for rows after a position. */
export function afterPosition(p: Position | undefined) {
  if (!p) return {};
  return { OR: [{ createdAt: { gt: p.createdAt } }, { createdAt: p.createdAt, id: { gt: p.id } }] };
}

export const POSITION_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Splits a fetched page of limit+1 rows into the page and the cursor of the next one. */
export function page<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => Position,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(positionOf(kept[kept.length - 1]!)) };
}
