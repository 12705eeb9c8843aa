// An in-memory stand-in for /api/v1 (workloads, policies, tokens) behind a fetch function, so the CLI's
// commands can be exercised in-process. It follows the API contract: versions, 404/409, cursors, errors.
import type { FetchLike } from '../../src/cli/client';

type Item = Record<string, unknown>;

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

export class FakeApi {
  readonly store = new Map<string, Map<string, Item>>([
    ['workloads', new Map()],
    ['policies', new Map()],
  ]);
  readonly tokens = new Map<string, Item>();
  readonly calls: Call[] = [];
  pageSize = 2;
  /** PUTs to answer 409 before serving them normally (simulates a concurrent writer). */
  conflictsOnPut = 0;
  token = 'secret-admin';
  private seq = 0;

  readonly fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    this.calls.push({ method, path: url.pathname + url.search, body });
    const auth = new Headers(init.headers).get('authorization');
    if (auth !== `Bearer ${this.token}`) return error(401, 'Unauthorized', 'invalid token', []);
    const m = /^\/api\/v1\/(workloads|policies|tokens)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return error(404, 'NotFound', `no route ${method} ${url.pathname}`, []);
    const [, collection, rawName] = m as unknown as [string, string, string | undefined];
    const name = rawName === undefined ? undefined : decodeURIComponent(rawName);
    if (collection === 'tokens') return this.tokensRoute(method, name, body as Item);
    const items = this.store.get(collection)!;
    const singular = collection === 'workloads' ? 'workload' : 'policy';

    if (method === 'GET' && name === undefined) {
      let all = [...items.values()];
      const selector = url.searchParams.get('selector');
      if (selector) {
        const [k, v] = selector.split('=');
        all = all.filter((i) => (i.labels as Record<string, string> | undefined)?.[k!] === v);
      }
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? this.pageSize);
      const pageItems = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return json(200, { items: pageItems, nextCursor: next });
    }
    if (method === 'POST') {
      const spec = body as Item;
      if (typeof spec.zone !== 'string' && singular === 'workload') {
        return error(422, 'ValidationFailed', `invalid workload "${String(spec.name)}"`, [
          { field: 'zone', problem: 'is required' },
        ]);
      }
      if (items.has(spec.name as string))
        return error(409, 'Conflict', `${singular} "${spec.name}" exists`, []);
      const now = new Date().toISOString();
      const created = {
        ...defaults(singular),
        ...spec,
        id: `id-${++this.seq}`,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      items.set(spec.name as string, created);
      return json(201, created);
    }
    const existing = name === undefined ? undefined : items.get(name);
    if (!existing)
      return error(404, 'NotFound', `${singular} "${name}" not found`, [
        { field: 'name', problem: 'no such resource' },
      ]);
    if (method === 'GET') return json(200, existing);
    if (method === 'DELETE') {
      items.delete(name!);
      return new Response(null, { status: 204 });
    }
    if (method === 'PUT') {
      const spec = body as Item;
      if (this.conflictsOnPut > 0) {
        this.conflictsOnPut--;
        // Someone else wrote in between: bump the stored version.
        existing.version = (existing.version as number) + 1;
        return error(409, 'Conflict', `${singular} "${name}" was changed by someone else`, [
          { field: 'version', problem: 'stale' },
        ]);
      }
      if (spec.version !== existing.version) return error(409, 'Conflict', 'stale version', []);
      const updated = {
        ...defaults(singular),
        ...spec,
        id: existing.id,
        createdAt: existing.createdAt,
        version: (existing.version as number) + 1,
        updatedAt: new Date().toISOString(),
      };
      items.set(name!, updated);
      return json(200, updated);
    }
    return error(405, 'MethodNotAllowed', 'no', []);
  };

  private tokensRoute(method: string, name: string | undefined, body: Item): Response {
    if (method === 'GET') return json(200, { items: [...this.tokens.values()] });
    if (method === 'POST') {
      const record = {
        id: `t-${++this.seq}`,
        name: body.name,
        role: body.role,
        prefix: 'lst_abcd',
        createdAt: new Date().toISOString(),
        createdBy: 'admin',
        expiresAt: body.expiresAt ?? null,
        lastUsedAt: null,
        revokedAt: null,
      };
      this.tokens.set(body.name as string, record);
      return json(201, { ...record, token: 'lst_abcd_the_secret' });
    }
    if (method === 'DELETE') {
      const t = name === undefined ? undefined : this.tokens.get(name);
      if (!t) return error(404, 'NotFound', `token "${name}" not found`, []);
      t.revokedAt = new Date().toISOString();
      return new Response(null, { status: 204 });
    }
    return error(405, 'MethodNotAllowed', 'no', []);
  }
}

function defaults(singular: string): Item {
  return singular === 'workload'
    ? {
        description: null,
        labels: {},
        replicasOn: 1,
        replicasOff: 0,
        vcpu: 1,
        memoryGb: 1,
        energySource: null,
      }
    : { description: null, selector: '', priority: 0, enabled: true, dryRun: false };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function error(
  status: number,
  code: string,
  message: string,
  details: { field: string; problem: string }[],
): Response {
  return json(status, { error: code, message, details });
}
