// Where the control plane finds its Kubernetes cluster: a kubeconfig file, the pod's own service account
// (in-cluster), or nowhere (Kubernetes actuation off). Read once from the environment; a value that cannot
// work is an error naming the variable, never a silent fallback to some other cluster.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../../config';

export type KubernetesSettings =
  | { source: 'in-cluster' }
  | { source: 'file'; path: string; context?: string }
  /** KUBECONFIG or ~/.kube/config, as kubectl finds it; only when a context was named. */
  | { source: 'default'; context: string };

export const KUBECONFIG_ENV = 'LIGHTSWITCH_KUBECONFIG';
export const KUBE_CONTEXT_ENV = 'LIGHTSWITCH_KUBE_CONTEXT';

/** Thrown for a Kubernetes setting that cannot work; the message names the variable. */
export class KubernetesConfigError extends ConfigError {
  constructor(message: string) {
    super('', message); // the message names its variable itself
    this.name = 'KubernetesConfigError';
  }
}

/**
 * LIGHTSWITCH_KUBECONFIG: a kubeconfig path, or `in-cluster` for the pod's service account.
 * LIGHTSWITCH_KUBE_CONTEXT: the kubeconfig context (default: the file's current-context).
 * Neither set: in-cluster when KUBERNETES_SERVICE_HOST says we run in a pod, otherwise undefined (off).
 */
export function loadKubernetesSettings(
  env: Record<string, string | undefined> = process.env,
): KubernetesSettings | undefined {
  const rawPath = env[KUBECONFIG_ENV]?.trim() || undefined;
  const context = env[KUBE_CONTEXT_ENV]?.trim() || undefined;
  if (context !== undefined && /[\n\r\0]/.test(context)) {
    throw new KubernetesConfigError(
      `${KUBE_CONTEXT_ENV} must be one context name, not ${JSON.stringify(context)}`,
    );
  }
  if (rawPath === 'in-cluster') {
    if (!env.KUBERNETES_SERVICE_HOST) {
      throw new KubernetesConfigError(
        `${KUBECONFIG_ENV}=in-cluster, but KUBERNETES_SERVICE_HOST is not set: this process does not run in a ` +
          'Kubernetes pod. Point it at a kubeconfig file instead.',
      );
    }
    if (context !== undefined) {
      throw new KubernetesConfigError(
        `${KUBE_CONTEXT_ENV}=${context} cannot apply with ${KUBECONFIG_ENV}=in-cluster (the service account ` +
          'has exactly one context); unset one of them.',
      );
    }
    return { source: 'in-cluster' };
  }
  if (rawPath !== undefined) {
    if (/[\n\0]/.test(rawPath)) {
      throw new KubernetesConfigError(`${KUBECONFIG_ENV} must be a file path or "in-cluster"`);
    }
    return context === undefined
      ? { source: 'file', path: rawPath }
      : { source: 'file', path: rawPath, context };
  }
  if (context !== undefined) return { source: 'default', context };
  if (env.KUBERNETES_SERVICE_HOST) return { source: 'in-cluster' };
  return undefined;
}

/** Where a pod's service account token is mounted (as @kubernetes/client-node reads it). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the KubeConfig the settings describe; a missing file or context is a KubernetesConfigError.
 * `serviceAccountToken` is for tests.
 */
export function kubeConfigFrom(
  settings: KubernetesSettings,
  serviceAccountToken = SERVICE_ACCOUNT_TOKEN,
): KubeConfig {
  const kc = new KubeConfig();
  let where: string;
  if (settings.source === 'in-cluster') {
    // Without it every request would fail later with a puzzling file error.
    if (!existsSync(serviceAccountToken)) {
      throw new KubernetesConfigError(
        `in-cluster (${KUBECONFIG_ENV}=in-cluster or KUBERNETES_SERVICE_HOST set): no service account token ` +
          `at ${serviceAccountToken}; the pod needs automountServiceAccountToken: true (see ` +
          `deploy/k8s/base/control-plane-deployment.yaml), or set ${KUBECONFIG_ENV} to a kubeconfig file`,
      );
    }
    kc.loadFromCluster();
    return kc;
  }
  if (settings.source === 'file') {
    where = `${KUBECONFIG_ENV}=${settings.path}`;
    if (!existsSync(settings.path)) throw new KubernetesConfigError(`${where}: no such file`);
    try {
      kc.loadFromFile(settings.path);
    } catch (err) {
      throw new KubernetesConfigError(`${where}: not a readable kubeconfig (${(err as Error).message})`);
    }
  } else {
    where = 'the default kubeconfig (KUBECONFIG or ~/.kube/config)';
    try {
      kc.loadFromDefault();
    } catch (err) {
      throw new KubernetesConfigError(`${where}: not a readable kubeconfig (${(err as Error).message})`);
    }
  }
  const context = settings.context;
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubernetesConfigError(
        `${KUBE_CONTEXT_ENV}=${context}: ${where} has no such context ` +
          `(it has: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubernetesConfigError(
      `${where}: its current context ${JSON.stringify(kc.getCurrentContext())} names no cluster` +
        (context === undefined ? `; set ${KUBE_CONTEXT_ENV}` : ''),
    );
  }
  return kc;
}

/** The namespace of the kubeconfig's current context: in a pod, the pod's own (the Lease lives there). */
export function kubeNamespace(kubeConfig: KubeConfig): string | undefined {
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || undefined;
}
