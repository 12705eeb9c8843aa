// Discovery: Deployments, StatefulSets and CronJobs labelled lightswitch.io/enabled=true become LightSwitch
// workloads without anyone writing them by hand. discoverKubernetesWorkloads reads the cluster;
// syncDiscoveredWorkloads writes the result to the database, touching only workloads it created itself.
import type { KubeConfig, V1CronJob, V1Deployment, V1ListMeta, V1StatefulSet } from '@kubernetes/client-node';
import type { Prisma, PrismaClient } from '../../db';
import { recordAudit } from '../../audit';
import { schemaProblems } from '../../validation';
import { WorkloadSpec, workloadProblems, workloadToApi, workloadToData, fromDbEnum } from '../../workloads';
import { DISCOVERED_LABEL, DISCOVERY_ANNOTATIONS, ENABLED_LABEL } from './annotations';
import { makeKubeClients, kubeConfigForContext, type KubeClients } from './clients';
import { kubeCall } from './request';
import { readSleepRecord } from './scalable';
import type { KubernetesKindName } from './target';

export const DEFAULT_DISCOVERY_SELECTOR = `${ENABLED_LABEL}=true`;

export interface DiscoveryOptions {
  /** Only these namespaces (default: all the credentials may list). */
  namespaces?: string[];
  /** Kubernetes label selector (default lightswitch.io/enabled=true). */
  selector?: string;
  /** Zone for objects without a lightswitch.io/zone annotation; without one, such objects are reported. */
  defaultZone?: string;
  /** kubeconfig context to discover in (default: the current one); recorded in each target. */
  context?: string;
  requestTimeoutMs?: number;
  /** Objects per list request (default 500); more are fetched page by page. */
  pageSize?: number;
}

export interface DiscoveryResult {
  /** Valid workload specs, as the API accepts them. */
  workloads: WorkloadSpec[];
  /** Objects that matched but cannot become a workload, and why. */
  invalid: { object: string; problems: string[] }[];
}

type Discoverable = V1Deployment | V1StatefulSet | V1CronJob;

/** Lists matching objects of the three kinds and turns each into a workload spec (or says why not). */
export async function discoverKubernetesWorkloads(
  kubeConfig: KubeConfig,
  options: DiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const selector = options.selector ?? DEFAULT_DISCOVERY_SELECTOR;
  const kc = options.context === undefined ? kubeConfig : kubeConfigForContext(kubeConfig, options.context);
  const clients = makeKubeClients(kc, options.requestTimeoutMs);
  try {
    const found: { kind: KubernetesKindName; object: Discoverable }[] = [];
    const scopes = options.namespaces?.length ? options.namespaces : [undefined];
    for (const namespace of scopes) {
      for (const kind of ['k8s-deployment', 'k8s-statefulset', 'k8s-cronjob'] as const) {
        const objects = await listAll(clients, kind, selector, namespace, options.pageSize ?? 500);
        for (const object of objects) found.push({ kind, object });
      }
    }
    const result: DiscoveryResult = { workloads: [], invalid: [] };
    const specs = found.map(({ kind, object }) => ({
      object: `${kind} ${object.metadata?.namespace}/${object.metadata?.name}`,
      ...toSpec(kind, object, options),
    }));
    const byName = new Map<string, number>();
    for (const s of specs) if (s.spec) byName.set(s.spec.name, (byName.get(s.spec.name) ?? 0) + 1);
    for (const s of specs) {
      const problems = [...s.problems];
      if (s.spec && (byName.get(s.spec.name) ?? 0) > 1) {
        problems.push(
          `workload name "${s.spec.name}" is shared with another discovered object: ` +
            `give each its own ${DISCOVERY_ANNOTATIONS.workloadName} annotation`,
        );
      }
      if (s.spec && problems.length === 0) result.workloads.push(s.spec);
      else result.invalid.push({ object: s.object, problems });
    }
    return result;
  } finally {
    clients.close();
  }
}

async function listAll(
  clients: KubeClients,
  kind: KubernetesKindName,
  labelSelector: string,
  namespace: string | undefined,
  limit: number,
): Promise<Discoverable[]> {
  const items: Discoverable[] = [];
  let cont: string | undefined;
  const objectKind = {
    'k8s-deployment': 'Deployment',
    'k8s-statefulset': 'StatefulSet',
    'k8s-cronjob': 'CronJob',
  }[kind];
  do {
    const page = { labelSelector, limit, _continue: cont };
    type Page = { items: Discoverable[]; metadata?: V1ListMeta };
    const list = await kubeCall<Page>(clients, { verb: 'list', kind: objectKind, namespace }, () => {
      const o = clients.options;
      if (kind === 'k8s-deployment') {
        return namespace
          ? clients.apps.listNamespacedDeployment({ ...page, namespace }, o)
          : clients.apps.listDeploymentForAllNamespaces(page, o);
      }
      if (kind === 'k8s-statefulset') {
        return namespace
          ? clients.apps.listNamespacedStatefulSet({ ...page, namespace }, o)
          : clients.apps.listStatefulSetForAllNamespaces(page, o);
      }
      return namespace
        ? clients.batch.listNamespacedCronJob({ ...page, namespace }, o)
        : clients.batch.listCronJobForAllNamespaces(page, o);
    });
    items.push(...list.items);
    cont = list.metadata?._continue || undefined;
  } while (cont);
  return items;
}

function toSpec(
  kind: KubernetesKindName,
  o: Discoverable,
  options: DiscoveryOptions,
): { spec?: WorkloadSpec; problems: string[] } {
  const problems: string[] = [];
  const namespace = o.metadata?.namespace ?? '';
  const objectName = o.metadata?.name ?? '';
  const annotations = o.metadata?.annotations ?? {};
  const name = annotations[DISCOVERY_ANNOTATIONS.workloadName]?.trim() || `${namespace}.${objectName}`;
  const zone = annotations[DISCOVERY_ANNOTATIONS.zone]?.trim() || options.defaultZone;
  if (!zone) {
    problems.push(`no ${DISCOVERY_ANNOTATIONS.zone} annotation and no default zone configured`);
    return { problems };
  }
  let replicasOn = 1;
  if (kind !== 'k8s-cronjob') {
    const spec = (o as V1Deployment | V1StatefulSet).spec;
    // Asleep right now (by LightSwitch): its replicas are 0, the count it runs with is the remembered one.
    const asleep = readSleepRecord(annotations);
    replicasOn = Math.max(1, asleep?.replicasBefore ?? spec?.replicas ?? 1);
  }
  const spec: WorkloadSpec = {
    name,
    kind,
    target: options.context
      ? { namespace, name: objectName, context: options.context }
      : { namespace, name: objectName },
    zone,
    labels: { ...(o.metadata?.labels ?? {}) },
    replicasOn,
  };
  for (const [field, key] of [
    ['vcpu', DISCOVERY_ANNOTATIONS.vcpu],
    ['memoryGb', DISCOVERY_ANNOTATIONS.memoryGb],
  ] as const) {
    const raw = annotations[key];
    if (raw === undefined) continue;
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value))
      problems.push(`${key}=${JSON.stringify(raw)} is not a number`);
    else spec[field] = value;
  }
  for (const p of [...schemaProblems(WorkloadSpec, spec, ''), ...workloadProblems(spec)]) {
    const hint =
      p.field === 'name' ? ` (the ${DISCOVERY_ANNOTATIONS.workloadName} annotation sets another)` : '';
    const field = p.field === 'name' ? `name ${JSON.stringify(name)}` : p.field;
    problems.push(`${field}: ${p.problem}${hint}`);
  }
  return { spec, problems };
}

export interface SyncResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Names discovery would not touch, and why (e.g. a workload of that name made by hand). */
  skipped: { name: string; reason: string }[];
}

type Json = Record<string, unknown>;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(sortObject(a)) === JSON.stringify(sortObject(b));
function sortObject(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortObject((v as Json)[k])]),
  );
}

/**
 * Creates the discovered workloads that do not exist yet (labelled lightswitch.io/discovered=true) and keeps
 * the target and labels of those it created before in step with the cluster. A workload of the same name that
 * someone made by hand is never touched. Each change is audited, as if made through the API by `actor`.
 */
export async function syncDiscoveredWorkloads(
  prisma: PrismaClient,
  specs: WorkloadSpec[],
  options: { actor?: string } = {},
): Promise<SyncResult> {
  const actor = options.actor ?? 'kubernetes-discovery';
  const result: SyncResult = { created: [], updated: [], unchanged: [], skipped: [] };
  for (const discovered of specs) {
    const spec: WorkloadSpec = {
      ...discovered,
      labels: { ...(discovered.labels ?? {}), [DISCOVERED_LABEL]: 'true' },
    };
    const existing = await prisma.workload.findUnique({ where: { name: spec.name } });
    if (!existing) {
      try {
        await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
          const created = await tx.workload.create({ data: workloadToData(spec) });
          await recordAudit(tx, {
            actor,
            action: 'create',
            resourceType: 'workload',
            resourceId: created.id,
            resourceName: created.name,
            after: workloadToApi(created),
          });
        });
        result.created.push(spec.name);
      } catch (err) {
        if ((err as { code?: string }).code !== 'P2002') throw err;
        result.skipped.push({ name: spec.name, reason: 'created by someone else meanwhile; not touched' });
      }
      continue;
    }
    const labels = (existing.labels ?? {}) as Record<string, string>;
    if (labels[DISCOVERED_LABEL] !== 'true') {
      result.skipped.push({
        name: spec.name,
        reason: `a workload of this name was created by hand (no ${DISCOVERED_LABEL}=true label): not touched`,
      });
      continue;
    }
    if (fromDbEnum(existing.kind) !== spec.kind) {
      result.skipped.push({
        name: spec.name,
        reason: `discovered as ${spec.kind}, but the workload is a ${fromDbEnum(existing.kind)}: not touched`,
      });
      continue;
    }
    const before = existing.target as Json;
    // An activator upstream added through the API is the operator's, not the cluster's: keep it.
    const target: Json = {
      ...(spec.target as Json),
      ...(before.upstream !== undefined ? { upstream: before.upstream } : {}),
    };
    if (sameJson(before, target) && sameJson(labels, spec.labels)) {
      result.unchanged.push(spec.name);
      continue;
    }
    const updated = await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
      const changed = await tx.workload.updateMany({
        where: { id: existing.id, version: existing.version },
        data: {
          target: target as Prisma.InputJsonObject,
          labels: spec.labels as Prisma.InputJsonObject,
          version: { increment: 1 },
        },
      });
      if (changed.count === 0) return false;
      const after = await tx.workload.findUniqueOrThrow({ where: { id: existing.id } });
      await recordAudit(tx, {
        actor,
        action: 'update',
        resourceType: 'workload',
        resourceId: existing.id,
        resourceName: existing.name,
        before: workloadToApi(existing),
        after: workloadToApi(after),
      });
      return true;
    });
    if (updated) result.updated.push(spec.name);
    else
      result.skipped.push({
        name: spec.name,
        reason: 'changed by someone else meanwhile; next sync retries',
      });
  }
  return result;
}
