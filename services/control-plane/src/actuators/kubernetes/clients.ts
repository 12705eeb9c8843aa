// One set of API clients per kubeconfig context, each request bounded by a timeout. @kubernetes/client-node
// 1.x has no timeout option; its request middleware can give every request an AbortSignal, which the fetch
// underneath (node-fetch) honours for connecting, waiting and reading the body alike.
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  PatchStrategy,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { KeepAliveAgents } from './agents';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface KubeClients {
  /** The kubeconfig context these clients talk through. */
  readonly context: string;
  /** The API server URL, for messages. */
  readonly server: string;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly autoscaling: AutoscalingV2Api;
  readonly custom: CustomObjectsApi;
  readonly coordination: CoordinationV1Api;
  /** Pass to every call: the per-request timeout and connection reuse. */
  readonly options: ConfigurationOptions;
  /** Pass to PATCH calls: as `options`, with the body sent as a JSON merge patch (RFC 7386). */
  readonly mergePatch: ConfigurationOptions;
  readonly timeoutMs: number;
  /** Closes pooled connections. */
  close(): void;
}

/** A copy of `base` whose current context is `context`; throws when the kubeconfig has no such context. */
export function kubeConfigForContext(base: KubeConfig, context: string): KubeConfig {
  if (!base.getContextObject(context)) {
    const known = base.getContexts().map((c) => c.name);
    throw new Error(`the kubeconfig has no context "${context}" (it has: ${known.join(', ') || 'none'})`);
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: base.clusters,
    contexts: base.contexts,
    users: base.users,
    currentContext: context,
  });
  return kc;
}

export function makeKubeClients(kubeConfig: KubeConfig, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): KubeClients {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig context "${kubeConfig.getCurrentContext()}" names no cluster`);
  const agents = new KeepAliveAgents();
  const perRequest: ObservableMiddleware = {
    pre(ctx: RequestContext): Observable<RequestContext> {
      ctx.setSignal(AbortSignal.timeout(timeoutMs));
      const agent = agents.reuse(ctx.getAgent());
      if (agent) ctx.setAgent(agent);
      return new Observable(Promise.resolve(ctx));
    },
    post(res: ResponseContext): Observable<ResponseContext> {
      return new Observable(Promise.resolve(res));
    },
  };
  const options: ConfigurationOptions = { middleware: [perRequest], middlewareMergeStrategy: 'append' };
  return {
    context: kubeConfig.getCurrentContext(),
    server: cluster.server,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
    autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    coordination: kubeConfig.makeApiClient(CoordinationV1Api),
    options,
    mergePatch: setHeaderOptions('Content-Type', PatchStrategy.MergePatch, options),
    timeoutMs,
    close: () => agents.destroy(),
  };
}
