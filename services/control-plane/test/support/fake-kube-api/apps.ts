// apps/v1: Deployments and StatefulSets, with the scale subresource (autoscaling/v1 Scale) whose
// resourceVersion is its parent's, so a stale one is a 409 Conflict as on a real cluster.
import type { ApiGroup } from './group';
import { StatusError, type KubeObject, type ResourceType, type Store } from './store';
import type { KubeReply, KubeRequest } from './resource';

function admitWorkload(kind: string) {
  return (obj: KubeObject) => {
    obj.spec ??= {};
    obj.spec.replicas ??= 1;
    const r = obj.spec.replicas;
    if (!Number.isInteger(r) || r < 0) {
      throw new StatusError(
        422,
        'Invalid',
        `${kind}.apps "${obj.metadata?.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(r)}: must be greater than or equal to 0`,
      );
    }
    obj.spec.template ??= { metadata: {}, spec: { containers: [] } };
    // What the controllers would report once done; the fake's workloads are always instantly there.
    obj.status = { ...(obj.status ?? {}), replicas: r, readyReplicas: r, availableReplicas: r };
  };
}

export const DEPLOYMENTS: ResourceType = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  kind: 'Deployment',
  namespaced: true,
  generation: true,
  admit: admitWorkload('Deployment'),
};

export const STATEFULSETS: ResourceType = {
  group: 'apps',
  version: 'v1',
  plural: 'statefulsets',
  kind: 'StatefulSet',
  namespaced: true,
  generation: true,
  admit: admitWorkload('StatefulSet'),
};

function toScale(o: KubeObject) {
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 1 },
    status: { replicas: o.status?.replicas ?? 0, selector: '' },
  };
}

function scale(store: Store, req: KubeRequest): KubeReply | undefined {
  if (req.subresource !== 'scale') return undefined;
  const { type: t, namespace, name } = req;
  if (req.verb === 'get') return { status: 200, body: toScale(store.get(t, namespace, name!)) };
  if (req.verb === 'update') {
    const body = req.body as { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } };
    const current = store.get(t, namespace, name!);
    const expected = body?.metadata?.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) throw store.conflict(t, name!);
    const replicas = body?.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(
        422,
        'Invalid',
        `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      );
    }
    const next = { ...current, spec: { ...current.spec, replicas } };
    return { status: 200, body: toScale(store.replace(t, namespace, name!, next)) };
  }
  throw new StatusError(405, 'MethodNotAllowed', `the fake does not ${req.verb} ${t.plural}/scale`);
}

export const apps: ApiGroup = {
  group: 'apps',
  version: 'v1',
  resources: [DEPLOYMENTS, STATEFULSETS],
  subresource: scale,
};
