// The Kubernetes actuator: Deployments and StatefulSets sleep at 0 replicas and wake to exactly the replicas
// they had; CronJobs are suspended and resumed. See scalable.ts, cronjob.ts and autoscalers.ts for the rules.
import type { KubeConfig } from '@kubernetes/client-node';
import { AutoscalerLookup } from './autoscalers';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  kubeConfigForContext,
  makeKubeClients,
  type KubeClients,
} from './clients';
import { observeCronJob, readCronJob, resumeOnce, suspendOnce } from './cronjob';
import {
  lazyAutoscalers,
  observeScalable,
  readScalable,
  sleepOnce,
  wakeOnce,
  type ScalableContext,
} from './scalable';
import { KUBERNETES_KINDS, OBJECT_KIND, parseKubernetesTarget, type KubernetesTarget } from './target';
import {
  ActuationError,
  type Actuator,
  type ActuatorWorkload,
  type Desired,
  type Observation,
} from '../types';

export interface KubernetesActuatorOptions {
  kubeConfig: KubeConfig;
  /** Each API request's timeout (default 10 s). */
  requestTimeoutMs?: number;
  /** Re-reads and retries after a 409 Conflict, before giving up with a retryable 'conflict' (default 3). */
  conflictRetries?: number;
  /**
   * How long a namespace's list of HPAs and KEDA ScaledObjects is reused by later actuations (default 0:
   * only actuations that start while it is being fetched share it). Longer saves API calls when switching
   * many workloads of a namespace at once, but an autoscaler created within that window before a sleep is
   * missed (a ScaledObject missed is not paused, and KEDA may wake the workload).
   */
  autoscalerCacheMs?: number;
  now?: () => Date;
}

export class KubernetesActuator implements Actuator {
  readonly kinds = KUBERNETES_KINDS;
  private readonly kubeConfig: KubeConfig;
  private readonly timeoutMs: number;
  private readonly conflictRetries: number;
  private readonly now: () => Date;
  private readonly autoscalerCacheMs: number;
  /** One client set (and autoscaler lookup) per kubeconfig context ('' is the current one). */
  private readonly contexts = new Map<string, { clients: KubeClients; lookup: AutoscalerLookup }>();

  constructor(options: KubernetesActuatorOptions) {
    this.kubeConfig = options.kubeConfig;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.conflictRetries = Math.max(0, Math.floor(options.conflictRetries ?? 3));
    this.now = options.now ?? (() => new Date());
    this.autoscalerCacheMs = Math.max(0, options.autoscalerCacheMs ?? 0);
  }

  async observe(workload: ActuatorWorkload): Promise<Observation> {
    const { kind, target } = parseKubernetesTarget(workload);
    const context = this.contextFor(workload, target);
    if (kind === 'k8s-cronjob')
      return observeCronJob(await readCronJob({ clients: context.clients, target }));
    const objectKind = OBJECT_KIND[kind] as 'Deployment' | 'StatefulSet';
    return observeScalable(await readScalable(this.scalableContext(context, objectKind, target)));
  }

  async apply(workload: ActuatorWorkload, desired: Desired): Promise<Observation> {
    const { kind, target } = parseKubernetesTarget(workload);
    const context = this.contextFor(workload, target);
    const objectKind = OBJECT_KIND[kind];
    if (kind === 'k8s-cronjob') {
      const ctx = { clients: context.clients, target };
      return this.retryingConflicts(objectKind, target, () =>
        desired.state === 'off' ? suspendOnce(ctx) : resumeOnce(ctx),
      );
    }
    const ctx = this.scalableContext(context, objectKind as 'Deployment' | 'StatefulSet', target);
    return this.retryingConflicts(objectKind, target, () =>
      desired.state === 'off' ? sleepOnce(ctx, desired) : wakeOnce(ctx, workload, desired),
    );
  }

  /** Closes pooled connections to every API server. */
  close(): void {
    for (const c of this.contexts.values()) c.clients.close();
    this.contexts.clear();
  }

  private scalableContext(
    context: { clients: KubeClients; lookup: AutoscalerLookup },
    kind: 'Deployment' | 'StatefulSet',
    target: KubernetesTarget,
  ): ScalableContext {
    return {
      clients: context.clients,
      kind,
      target,
      now: this.now,
      lookup: context.lookup,
      autoscalers: lazyAutoscalers(context.lookup, kind, target),
    };
  }

  /** Runs one read-decide-write step; a 409 means someone changed the object meanwhile, so read again. */
  private async retryingConflicts(
    kind: string,
    target: KubernetesTarget,
    step: () => Promise<Observation>,
  ): Promise<Observation> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (err) {
        if (!(err instanceof ActuationError) || err.code !== 'conflict') throw err;
        if (attempt >= this.conflictRetries) {
          throw new ActuationError(
            'conflict',
            `${kind} ${target.namespace}/${target.name}: changed by someone else on each of ${attempt + 1} ` +
              `attempts (last: ${err.message}); ` +
              'a later round will try again',
            true,
          );
        }
      }
    }
  }

  private contextFor(
    workload: ActuatorWorkload,
    target: KubernetesTarget,
  ): { clients: KubeClients; lookup: AutoscalerLookup } {
    const key = target.context ?? '';
    let context = this.contexts.get(key);
    if (!context) {
      let clients: KubeClients;
      try {
        const kc =
          target.context === undefined
            ? this.kubeConfig
            : kubeConfigForContext(this.kubeConfig, target.context);
        clients = makeKubeClients(kc, this.timeoutMs);
      } catch (err) {
        throw new ActuationError(
          'config',
          `Kubernetes workload ${workload.name}: ${(err as Error).message}`,
          false,
        );
      }
      context = { clients, lookup: new AutoscalerLookup(clients, this.autoscalerCacheMs) };
      this.contexts.set(key, context);
    }
    return context;
  }
}
