// The fake API server's objects: one map keyed by resource, namespace and name, one global resourceVersion
// counter that every write bumps (as etcd's revision does), and metadata.generation bumped on spec changes
// for the kinds where Kubernetes does that.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** A Kubernetes Status failure, as the API server answers every error. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** What the store needs to know about a resource type. */
export interface ResourceType {
  /** API group ('' for the core group). */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Whether metadata.generation counts spec changes (it does for workloads, not for Leases). */
  generation: boolean;
  /** Fills defaults and rejects what the real API server would (throw StatusError 422/400). */
  admit?(obj: KubeObject, old: KubeObject | undefined): void;
}

export const qualified = (t: ResourceType) => (t.group ? `${t.plural}.${t.group}` : t.plural);

const clone = <T>(v: T): T => structuredClone(v);

export class Store {
  private revision = 1000;
  private readonly objects = new Map<string, KubeObject>();

  get resourceVersion(): string {
    return String(this.revision);
  }

  private key(t: ResourceType, namespace: string | undefined, name: string): string {
    return `${qualified(t)}|${t.namespaced ? (namespace ?? '') : ''}|${name}`;
  }

  notFound(t: ResourceType, name: string): StatusError {
    return new StatusError(404, 'NotFound', `${qualified(t)} "${name}" not found`, {
      name,
      group: t.group,
      kind: t.plural,
    });
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.objects.get(this.key(t, namespace, name));
    if (!o) throw this.notFound(t, name);
    return clone(o);
  }

  find(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(this.key(t, namespace, name));
    return o ? clone(o) : undefined;
  }

  /** Objects of a type, in one namespace or all, in namespace/name order (as etcd's key order gives). */
  list(t: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${qualified(t)}|`;
    const out: KubeObject[] = [];
    for (const [k, o] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (namespace !== undefined && t.namespaced && o.metadata.namespace !== namespace) continue;
      out.push(clone(o));
    }
    return out.sort(
      (a, b) =>
        (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
  }

  create(t: ResourceType, namespace: string | undefined, input: KubeObject): KubeObject {
    const name = input.metadata?.name;
    if (!name || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new StatusError(
        422,
        'Invalid',
        `${t.kind} "${name ?? ''}" is invalid: metadata.name: Invalid value: ${JSON.stringify(name ?? '')}: ` +
          'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "-" or "."',
      );
    }
    const key = this.key(t, namespace, name);
    if (this.objects.has(key)) {
      throw new StatusError(409, 'AlreadyExists', `${qualified(t)} "${name}" already exists`, {
        name,
        group: t.group,
        kind: t.plural,
      });
    }
    const obj = clone(input);
    obj.apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    obj.kind = t.kind;
    t.admit?.(obj, undefined);
    obj.metadata = {
      ...obj.metadata,
      name,
      ...(t.namespaced ? { namespace } : {}),
      uid: randomUUID(),
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(++this.revision),
      ...(t.generation ? { generation: 1 } : {}),
    };
    delete obj.metadata.managedFields;
    this.objects.set(key, obj);
    return clone(obj);
  }

  /**
   * Replaces an object. A resourceVersion in the new one must be the current one (optimistic concurrency:
   * 409 Conflict otherwise); uid, creationTimestamp and generation are the server's, not the client's.
   */
  replace(t: ResourceType, namespace: string | undefined, name: string, input: KubeObject): KubeObject {
    const key = this.key(t, namespace, name);
    const old = this.objects.get(key);
    if (!old) throw this.notFound(t, name);
    if (input.metadata?.name !== undefined && input.metadata.name !== name) {
      throw new StatusError(
        400,
        'BadRequest',
        `the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const expected = input.metadata?.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== old.metadata.resourceVersion) {
      throw this.conflict(t, name);
    }
    const obj = clone(input);
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    t.admit?.(obj, clone(old));
    const specChanged = !isDeepStrictEqual(obj.spec, old.spec);
    obj.metadata = {
      ...obj.metadata,
      name,
      ...(t.namespaced ? { namespace } : {}),
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      ...(t.generation ? { generation: (old.metadata.generation ?? 1) + (specChanged ? 1 : 0) } : {}),
    };
    delete obj.metadata.managedFields;
    if (
      isDeepStrictEqual(
        { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } },
        {
          ...old,
          metadata: { ...old.metadata, resourceVersion: undefined },
        },
      )
    ) {
      // A write that changes nothing is not a new revision (the API server skips such no-op updates).
      return clone(old);
    }
    obj.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key, obj);
    return clone(obj);
  }

  delete(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const key = this.key(t, namespace, name);
    const old = this.objects.get(key);
    if (!old) throw this.notFound(t, name);
    this.objects.delete(key);
    ++this.revision;
    return clone(old);
  }

  /** Removes every namespaced object in a namespace (what deleting the namespace does, eventually). */
  deleteNamespaceContents(namespace: string): void {
    for (const [k, o] of this.objects) if (o.metadata.namespace === namespace) this.objects.delete(k);
  }

  conflict(t: ResourceType, name: string): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(t)} "${name}": the object has been modified; please apply ` +
        'your changes to the latest version and try again',
      { name, group: t.group, kind: t.plural },
    );
  }
}
