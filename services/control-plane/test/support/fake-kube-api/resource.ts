// The verbs every resource of the fake API server shares: list (namespaced or across namespaces, with a
// label selector and limit/continue paging), get, create, replace (PUT), patch and delete.
import { labelSelector } from './selector';
import { StatusError, type KubeObject, type ResourceType, type Store } from './store';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/** One parsed request, as handlers see it. */
export interface KubeRequest {
  method: string;
  verb: Verb;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  contentType: string;
  body: unknown;
}

export interface KubeReply {
  status: number;
  body: unknown;
}

/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json'];

/**
 * The patched object. Strategic merge patch is treated as a JSON merge patch: the two differ only for lists
 * with merge keys, which nothing here patches. A metadata.resourceVersion in the patch is a precondition,
 * as in Kubernetes.
 */
export function applyPatch(req: KubeRequest, current: KubeObject): KubeObject {
  const type = req.contentType.split(';')[0]!.trim();
  if (type === 'application/json-patch+json') {
    if (!Array.isArray(req.body)) {
      throw new StatusError(
        400,
        'BadRequest',
        'json: cannot unmarshal object into Go value of type jsonpatch.Patch (send a JSON merge patch with ' +
          'Content-Type application/merge-patch+json)',
      );
    }
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      'this fake API server does not do JSON patch (RFC 6902)',
    );
  }
  if (!MERGE_TYPES.includes(type)) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${MERGE_TYPES.join(', ')}`,
    );
  }
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw new StatusError(400, 'BadRequest', 'a merge patch must be a JSON object');
  }
  const patch = req.body as { metadata?: { resourceVersion?: string } };
  const expected = patch.metadata?.resourceVersion;
  if (expected !== undefined && expected !== current.metadata.resourceVersion) {
    throw new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${req.type.plural} "${current.metadata.name}": the object has been ` +
        'modified; please apply your changes to the latest version and try again',
    );
  }
  const merged = mergePatch(current, patch) as KubeObject;
  merged.metadata = { ...merged.metadata, resourceVersion: current.metadata.resourceVersion };
  return merged;
}

export function listKind(t: ResourceType): string {
  return `${t.kind}List`;
}

function selectorOf(query: URLSearchParams) {
  const text = query.get('labelSelector');
  return text ? labelSelector(text) : undefined;
}

/** Handles the plain verbs on a resource (no subresource). */
export function handleResource(store: Store, req: KubeRequest): KubeReply {
  const { type: t, namespace, name } = req;
  switch (req.verb) {
    case 'list': {
      const selector = selectorOf(req.query);
      let items = store.list(t, namespace);
      if (selector) items = items.filter((o) => selector(o.metadata.labels ?? {}));
      const limit = Number(req.query.get('limit') ?? 0);
      const start = req.query.get('continue')
        ? Number(Buffer.from(req.query.get('continue')!, 'base64url').toString())
        : 0;
      let next: string | undefined;
      if (limit > 0 && start + limit < items.length)
        next = Buffer.from(String(start + limit)).toString('base64url');
      items = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
      return {
        status: 200,
        body: {
          apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
          kind: listKind(t),
          metadata: { resourceVersion: store.resourceVersion, ...(next ? { continue: next } : {}) },
          items,
        },
      };
    }
    case 'get':
      return { status: 200, body: store.get(t, namespace, name!) };
    case 'create': {
      const body = req.body as KubeObject;
      if (!body || typeof body !== 'object')
        throw new StatusError(400, 'BadRequest', 'the body must be an object');
      if (t.namespaced && body.metadata?.namespace && body.metadata.namespace !== namespace) {
        throw new StatusError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      return { status: 201, body: store.create(t, namespace, body) };
    }
    case 'update':
      return { status: 200, body: store.replace(t, namespace, name!, req.body as KubeObject) };
    case 'patch': {
      const current = store.get(t, namespace, name!);
      return { status: 200, body: store.replace(t, namespace, name!, applyPatch(req, current)) };
    }
    case 'delete':
      return {
        status: 200,
        body: store.delete(t, namespace, name!),
      };
  }
}
