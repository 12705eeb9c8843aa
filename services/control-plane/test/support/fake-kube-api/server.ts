// A Kubernetes API server of our own, for tests: real HTTP on 127.0.0.1, the paths, verbs, Status errors,
// resourceVersion preconditions and bearer-token check of the real one, for exactly the resources LightSwitch
// uses. Everything it serves is in memory; `faults` makes chosen requests fail or hang; `requests` logs
// every call so tests can count them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { apps } from './apps';
import { autoscaling } from './autoscaling';
import { batch } from './batch';
import { coordination } from './coordination';
import { core, NAMESPACES } from './core';
import { Faults } from './faults';
import type { ApiGroup } from './group';
import { keda } from './keda';
import { handleResource, type KubeReply, type KubeRequest, type Verb } from './resource';
import { StatusError, Store, type ResourceType } from './store';

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. /apis/apps/v1/namespaces/shop/deployments/web/scale. */
  path: string;
  query: string;
  verb?: Verb;
  /** API group ('' for core). */
  group?: string;
  /** Plural resource, "/<subresource>" appended for one. */
  resource?: string;
  namespace?: string;
  name?: string;
  contentType?: string;
  /** Whose bearer token it carried (undefined: none that is known). */
  user?: string;
  /** The status answered (0 while still being handled). */
  status: number;
}

export interface FakeKubeApiOptions {
  /** Bearer tokens the server accepts, and whose they are; any other (or none) is 401. */
  tokens?: Record<string, string>;
}

/** The default users: `admin`, and `alt` for a second client whose requests faults can single out. */
export const FAKE_TOKENS = {
  admin: 'fake-kube-api-admin-token',
  alt: 'fake-kube-api-alt-token',
} as const;

const GROUPS: ApiGroup[] = [core, apps, batch, autoscaling, keda, coordination];
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class FakeKubeApi {
  readonly store = new Store();
  readonly faults = new Faults();
  readonly requests: LoggedRequest[] = [];
  /** TCP connections accepted so far (keep-alive makes this far smaller than the request count). */
  connections = 0;
  /** token -> user */
  readonly tokens: Map<string, string>;
  private server: Server | undefined;
  private port = 0;
  private readonly types = new Map<string, { group: ApiGroup; type: ResourceType }>();

  constructor(options: FakeKubeApiOptions = {}) {
    const tokens = options.tokens ?? { [FAKE_TOKENS.admin]: 'admin', [FAKE_TOKENS.alt]: 'alt' };
    this.tokens = new Map(Object.entries(tokens));
    for (const group of GROUPS) {
      for (const type of group.resources)
        this.types.set(`${group.group}/${group.version}/${type.plural}`, { group, type });
    }
  }

  /** The token of the user `user` (default admin). */
  tokenOf(user = 'admin'): string {
    for (const [token, u] of this.tokens) if (u === user) return token;
    throw new Error(`the fake API server has no user ${user}`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests that changed (or tried to change) something. */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => WRITE_METHODS.has(r.method));
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', () => this.connections++);
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      contentType: req.headers['content-type'],
      status: 0,
    };
    this.requests.push(entry);
    let raw = '';
    req.setEncoding('utf8');
    for await (const chunk of req) raw += chunk;
    let reply: KubeReply;
    let headers: Record<string, string> = {};
    try {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      entry.user = auth ? this.tokens.get(auth[1]!) : undefined;
      if (entry.user === undefined) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
      const parsed = this.parse(entry.method, url);
      Object.assign(entry, {
        verb: parsed.verb,
        group: parsed.type.group,
        resource: parsed.subresource ? `${parsed.type.plural}/${parsed.subresource}` : parsed.type.plural,
        namespace: parsed.namespace,
        name: parsed.name,
      });
      const { delayMs, fail } = this.faults.take({
        verb: parsed.verb,
        resource: entry.resource!,
        namespace: parsed.namespace,
        name: parsed.name,
        user: entry.user,
      });
      if (delayMs > 0) await sleep(delayMs);
      if (fail) {
        throw new StatusError(
          fail.status,
          fail.reason,
          fail.message ?? `injected ${fail.status} ${fail.reason}`,
          undefined,
          fail.retryAfterSeconds !== undefined ? { 'retry-after': String(fail.retryAfterSeconds) } : {},
        );
      }
      if (this.faults.absent.has(parsed.type.plural)) {
        throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      }
      let body: unknown;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new StatusError(400, 'BadRequest', 'the request body is not JSON');
        }
      }
      reply = this.dispatch({ ...parsed, body, contentType: entry.contentType ?? '' });
    } catch (err) {
      if (!(err instanceof StatusError)) {
        reply = { status: 500, body: new StatusError(500, 'InternalError', String(err)).toStatus() };
      } else {
        reply = { status: err.code, body: err.toStatus() };
        headers = err.headers;
      }
    }
    entry.status = reply.status;
    if (res.destroyed) return; // the client gave up (timed out) meanwhile
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  private parse(method: string, url: URL): Omit<KubeRequest, 'body' | 'contentType'> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let groupVersion: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') {
      groupVersion = '/v1';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      groupVersion = `${parts[1]}/${parts[2]}`;
      rest = parts.slice(3);
    } else {
      throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest;
    const found = this.types.get(`${groupVersion}/${plural}`);
    if (!found || extra.length > 0) {
      throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const { type } = found;
    if (type.namespaced && namespace === undefined && name !== undefined) {
      throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (url.searchParams.get('watch') === 'true') {
      throw new StatusError(405, 'MethodNotAllowed', 'the fake API server does not watch');
    }
    const verbs: Record<string, Verb> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
    const verb: Verb | undefined = method === 'GET' ? (name === undefined ? 'list' : 'get') : verbs[method];
    if (!verb || ((verb === 'update' || verb === 'patch' || verb === 'delete') && name === undefined)) {
      throw new StatusError(405, 'MethodNotAllowed', `${method} is not allowed here`);
    }
    if (verb === 'create' && name !== undefined)
      throw new StatusError(405, 'MethodNotAllowed', 'POST to a collection');
    return { method, verb, type, namespace, name, subresource, query: url.searchParams };
  }

  private dispatch(req: KubeRequest): KubeReply {
    const found = this.types.get(
      `${req.type.group ? `${req.type.group}/${req.type.version}` : '/v1'}/${req.type.plural}`,
    )!;
    if (
      req.type.namespaced &&
      req.verb === 'create' &&
      !this.store.find(NAMESPACES, undefined, req.namespace!)
    ) {
      throw new StatusError(404, 'NotFound', `namespaces "${req.namespace}" not found`, {
        name: req.namespace,
        kind: 'namespaces',
      });
    }
    if (req.subresource !== undefined) {
      const reply = found.group.subresource?.(this.store, req);
      if (!reply) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      return reply;
    }
    const reply = handleResource(this.store, req);
    if (req.type === NAMESPACES && req.verb === 'delete') this.store.deleteNamespaceContents(req.name!);
    return reply;
  }
}

/** A started fake API server on a random port of 127.0.0.1. */
export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  return new FakeKubeApi(options).start();
}
