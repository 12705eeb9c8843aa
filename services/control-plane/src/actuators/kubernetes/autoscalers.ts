// Autoscalers that would fight a sleeping workload, handled deliberately.
//
// KEDA: a ScaledObject scales its target itself (and through an HPA it owns), so it would wake a workload
// LightSwitch scaled to 0. KEDA's own pause annotation, autoscaling.keda.sh/paused-replicas, scales the
// target to that count and stops KEDA scaling it until the annotation is removed. Sleeping sets it to "0"
// (marking the pause as ours) once the replicas to restore are remembered, waking removes it before the
// replicas come back; a pause an operator set is never lifted.
//
// A plain HPA (autoscaling/v2) is left as is. Kubernetes documents "implicit maintenance-mode deactivation":
// "If the target's desired replica count is set to 0, and the HPA's minimum replica count is greater than 0,
// the HPA stops adjusting the target (and sets the ScalingActive Condition on itself to false) until you
// reactivate it by manually adjusting the target's desired replica count or HPA's minimum replica count."
// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#implicit-maintenance-mode-deactivation;
// the controller: `if scale.Spec.Replicas == 0 && minReplicas != 0 { ... "ScalingDisabled" }` in
// pkg/controller/podautoscaler/horizontal.go). Scaling the target to 0 therefore pauses the HPA, and
// restoring the replicas resumes it, with nothing to patch or remember. The one exception is an HPA with
// minReplicas 0 (the HPAScaleToZero alpha feature): it keeps acting at 0 and may wake the workload, which the
// observation's note says.
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { KubeClients } from './clients';
import { KEDA_PAUSED_BY_US, KEDA_PAUSED_REPLICAS } from './annotations';
import { kubeCall } from './request';
import { ActuationError } from '../types';

export const KEDA = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' } as const;

export interface ScaledObjectRef {
  name: string;
  /** KEDA's paused-replicas annotation as found (undefined: not paused). */
  pausedReplicas?: string;
  /** Whether that pause is LightSwitch's. */
  pausedByUs: boolean;
}

export interface HpaRef {
  name: string;
  minReplicas: number;
}

export interface Autoscalers {
  keda?: ScaledObjectRef;
  hpa?: HpaRef;
}

interface ScaledObject {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { scaleTargetRef?: { name?: string; kind?: string } };
}

/** How long a cluster without the KEDA CRD is believed to stay without it. */
const KEDA_ABSENT_MS = 600_000;

interface Cached<T> {
  expiresAt: number;
  settled: boolean;
  items: Promise<T>;
}

/**
 * Finds the autoscalers of a workload, and pauses and resumes KEDA. Actuations in one namespace share a
 * list of its HPAs and ScaledObjects while it is on its way, and for `ttlMs` after (default 0: not after),
 * so switching many workloads at once need not list the whole namespace once per workload. A longer ttlMs
 * saves more lists, at a price: an autoscaler created within that window before a sleep is missed. Our
 * own writes update the shared copy, so it never hides our own pause.
 */
export class AutoscalerLookup {
  private readonly scaledObjects = new Map<string, Cached<ScaledObject[] | null>>();
  private readonly hpas = new Map<string, Cached<V2HorizontalPodAutoscaler[]>>();

  constructor(
    private readonly clients: KubeClients,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async find(namespace: string, kind: 'Deployment' | 'StatefulSet', name: string): Promise<Autoscalers> {
    const found: Autoscalers = {};
    const [scaledObjects, hpas] = await Promise.all([
      this.listScaledObjects(namespace),
      this.listHpas(namespace),
    ]);
    const so = (scaledObjects ?? []).find(
      (o) => o.spec?.scaleTargetRef?.name === name && (o.spec.scaleTargetRef.kind ?? 'Deployment') === kind,
    );
    if (so?.metadata?.name) {
      const annotations = so.metadata.annotations ?? {};
      found.keda = {
        name: so.metadata.name,
        pausedReplicas: annotations[KEDA_PAUSED_REPLICAS],
        pausedByUs: annotations[KEDA_PAUSED_BY_US] === 'true',
      };
    }
    const hpa = hpas.find(
      (h) =>
        h.spec?.scaleTargetRef?.name === name &&
        h.spec.scaleTargetRef.kind === kind &&
        // KEDA's own HPA is covered by pausing the ScaledObject.
        !h.metadata?.ownerReferences?.some((o) => o.kind === 'ScaledObject'),
    );
    if (hpa?.metadata?.name) found.hpa = { name: hpa.metadata.name, minReplicas: hpa.spec?.minReplicas ?? 1 };
    return found;
  }

  /** Pauses KEDA at `replicas` unless it is paused already; returns what the note should say. */
  async pauseKeda(namespace: string, so: ScaledObjectRef, replicas: number): Promise<string> {
    if (so.pausedByUs)
      return `KEDA ScaledObject ${so.name} paused (${KEDA_PAUSED_REPLICAS}=${so.pausedReplicas})`;
    if (so.pausedReplicas !== undefined) {
      return `KEDA ScaledObject ${so.name} was already paused by someone else (${KEDA_PAUSED_REPLICAS}=${so.pausedReplicas}): left as is`;
    }
    await this.patchScaledObject(namespace, so.name, {
      [KEDA_PAUSED_REPLICAS]: String(replicas),
      [KEDA_PAUSED_BY_US]: 'true',
    });
    so.pausedReplicas = String(replicas);
    so.pausedByUs = true;
    return `KEDA ScaledObject ${so.name} paused (${KEDA_PAUSED_REPLICAS}=${replicas})`;
  }

  /** Lifts LightSwitch's pause (never someone else's); returns what the note should say. */
  async resumeKeda(namespace: string, so: ScaledObjectRef): Promise<string> {
    if (!so.pausedByUs) {
      return so.pausedReplicas === undefined
        ? `KEDA ScaledObject ${so.name} scales it`
        : `KEDA ScaledObject ${so.name} stays paused by someone else (${KEDA_PAUSED_REPLICAS}=${so.pausedReplicas})`;
    }
    await this.patchScaledObject(namespace, so.name, {
      [KEDA_PAUSED_REPLICAS]: null,
      [KEDA_PAUSED_BY_US]: null,
    });
    so.pausedReplicas = undefined;
    so.pausedByUs = false;
    return `KEDA ScaledObject ${so.name} resumed (${KEDA_PAUSED_REPLICAS} removed)`;
  }

  private async patchScaledObject(
    namespace: string,
    name: string,
    annotations: Record<string, string | null>,
  ): Promise<void> {
    const { clients } = this;
    const updated = (await kubeCall(clients, { verb: 'patch', kind: 'ScaledObject', namespace, name }, () =>
      clients.custom.patchNamespacedCustomObject(
        { ...KEDA, namespace, name, body: { metadata: { annotations } } },
        clients.mergePatch,
      ),
    )) as ScaledObject;
    const cached = this.scaledObjects.get(namespace);
    if (cached) {
      // Write-through: the next actuation in this namespace must see this pause (or its removal).
      cached.items = cached.items.then((items) =>
        items === null ? items : items.map((o) => (o.metadata?.name === name ? updated : o)),
      );
    }
  }

  private listScaledObjects(namespace: string): Promise<ScaledObject[] | null> {
    const { clients } = this;
    return this.cached(this.scaledObjects, namespace, async () => {
      try {
        const list = (await kubeCall(clients, { verb: 'list', kind: 'ScaledObject', namespace }, () =>
          clients.custom.listNamespacedCustomObject({ ...KEDA, namespace }, clients.options),
        )) as { items?: ScaledObject[] };
        return list.items ?? [];
      } catch (err) {
        // 404 on the list: the keda.sh CRD is not installed, so nothing to pause.
        if (err instanceof ActuationError && err.code === 'not_found') return null;
        throw err;
      }
    });
  }

  private listHpas(namespace: string): Promise<V2HorizontalPodAutoscaler[]> {
    const { clients } = this;
    return this.cached(this.hpas, namespace, async () => {
      const list = await kubeCall(clients, { verb: 'list', kind: 'HorizontalPodAutoscaler', namespace }, () =>
        clients.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }, clients.options),
      );
      return list.items;
    });
  }

  private cached<T>(cache: Map<string, Cached<T>>, namespace: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = cache.get(namespace);
    // A list still on its way is as fresh as one this caller would start now: join it.
    if (hit && (!hit.settled || hit.expiresAt > now)) return hit.items;
    const entry: Cached<T> = { expiresAt: now + this.ttlMs, settled: false, items: load() };
    cache.set(namespace, entry);
    entry.items.then(
      (items) => {
        entry.settled = true;
        // No KEDA CRD: believed for longer, so clusters without KEDA pay for the question rarely.
        if (items === null) entry.expiresAt = now + KEDA_ABSENT_MS;
      },
      () => {
        // A failed list is not remembered: the next actuation asks again.
        if (cache.get(namespace) === entry) cache.delete(namespace);
      },
    );
    return entry.items;
  }
}

/** The note about a plain HPA, which is deliberately left untouched. */
export function hpaNote(hpa: HpaRef, sleeping: boolean): string {
  if (hpa.minReplicas === 0) {
    return `HPA ${hpa.name} left as is, but its minReplicas is 0 (HPAScaleToZero): it keeps scaling at 0 replicas and may wake the workload`;
  }
  return sleeping
    ? `HPA ${hpa.name} left as is: Kubernetes stops it scaling a target at 0 replicas (ScalingActive=False)`
    : `HPA ${hpa.name} left as is: it resumes scaling now that replicas are back`;
}
