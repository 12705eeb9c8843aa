import { ApiError, CliError } from './errors';
import type { ApiClient } from './client';
import type { SpecDocument } from './documents';
import type { Item, ResourceType } from './resources';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  name: string;
  action: ApplyAction;
  /** The object as stored after the apply (as it would be, for a dry run of a create: undefined). */
  object: Item | undefined;
}

/**
 * Structural equality of JSON values: objects compare by keys regardless of order, arrays by position;
 * null and a missing value are the same thing.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/** The fields of the document whose value differs from the stored object; empty means unchanged. */
export function changedFields(document: Record<string, unknown>, stored: Item): string[] {
  return Object.keys(document).filter((k) => !jsonEqual(document[k], stored[k]));
}

export function itemPath(resource: ResourceType, name: string): string {
  return `${resource.path}/${encodeURIComponent(name)}`;
}

/** GET one object; undefined when the server says 404. */
export async function getOrUndefined(
  client: ApiClient,
  resource: ResourceType,
  name: string,
): Promise<Item | undefined> {
  try {
    return await client.get<Item>(itemPath(resource, name));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Creates the object if it does not exist, leaves it alone if every field in the document already has the
 * stored value, and otherwise replaces it with a PUT carrying the version just read. A conflict (someone
 * else changed or created it in between) is retried once after re-reading.
 */
export async function applyDocument(
  client: ApiClient,
  resource: ResourceType,
  doc: SpecDocument,
  options: { dryRun?: boolean } = {},
): Promise<ApplyResult> {
  const { name, body } = doc;
  for (let attempt = 1; ; attempt++) {
    const stored = await getOrUndefined(client, resource, name);
    try {
      if (!stored) {
        if (options.dryRun) return { name, action: 'created', object: undefined };
        const created = await client.post<Item>(resource.path, body);
        return { name, action: 'created', object: created };
      }
      if (changedFields(body, stored).length === 0) return { name, action: 'unchanged', object: stored };
      if (options.dryRun) return { name, action: 'configured', object: { ...stored, ...body } };
      if (typeof stored.version !== 'number') {
        throw new CliError(
          `${resource.singular}/${name}: the server did not return a version to update against`,
        );
      }
      const updated = await client.put<Item>(itemPath(resource, name), { ...body, version: stored.version });
      return { name, action: 'configured', object: updated };
    } catch (error) {
      if (attempt === 1 && error instanceof ApiError && error.status === 409) continue;
      throw error;
    }
  }
}

export function formatApplyResult(resource: ResourceType, result: ApplyResult, dryRun = false): string {
  return `${resource.singular}/${result.name} ${result.action}${dryRun ? ' (dry run)' : ''}\n`;
}
