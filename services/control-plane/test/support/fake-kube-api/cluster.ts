// The cluster a Kubernetes test runs against: this fake API server by default, or a real cluster when
// LIGHTSWITCH_TEST_KUBECONFIG names a kubeconfig (fixtures then go to LIGHTSWITCH_TEST_NAMESPACE, default
// lightswitch-test, and are deleted afterwards). Fixtures are made through the real client either way.
import { randomBytes } from 'node:crypto';
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1CronJob,
  type V1Deployment,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { writeFakeKubeconfig } from './kubeconfig';
import { startFakeKubeApi, type FakeKubeApi } from './server';

export const TEST_KUBECONFIG_ENV = 'LIGHTSWITCH_TEST_KUBECONFIG';
export const TEST_NAMESPACE_ENV = 'LIGHTSWITCH_TEST_NAMESPACE';

/** Whether this run's Kubernetes tests go to a real cluster. */
export const REAL_CLUSTER = Boolean(process.env[TEST_KUBECONFIG_ENV]);

/** Why a test runs on the fake API server only, even when a real cluster is configured. */
export const FAKE_ONLY = (why: string) => `fake API server only (${why}); CI runs it there`;

type Kind = 'Deployment' | 'StatefulSet' | 'CronJob';

const IMAGE = 'registry.k8s.io/pause:3.9';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface TestCluster {
  real: boolean;
  kubeConfig: KubeConfig;
  /** Path of the kubeconfig file (the fake's, or LIGHTSWITCH_TEST_KUBECONFIG). */
  kubeconfigPath: string;
  namespace: string;
  /** The fake server, when not on a real cluster. */
  fake?: FakeKubeApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
  coordination: CoordinationV1Api;
  /** A unique object name with this prefix (real clusters are shared between runs). */
  uniqueName(prefix: string): string;
  deployment(
    name: string,
    replicas: number,
    options?: {
      kind?: 'Deployment' | 'StatefulSet';
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    },
  ): Promise<V1Deployment | V1StatefulSet>;
  cronJob(
    name: string,
    options?: { suspend?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> },
  ): Promise<V1CronJob>;
  hpa(name: string, target: string, minReplicas: number, maxReplicas: number): Promise<void>;
  /** Reads an object as it is now. */
  read(kind: Kind, name: string): Promise<V1Deployment | V1StatefulSet | V1CronJob>;
  /** A merge patch, as someone else (kubectl, a GitOps tool) would make it. */
  patch(kind: Kind, name: string, body: object): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Starts the fake (or connects to the real cluster) and makes sure the test namespace exists. `fakeOnly`:
 * the fake even when a real cluster is configured (for fault injection).
 */
export async function testCluster(options: { fakeOnly?: boolean } = {}): Promise<TestCluster> {
  let fake: FakeKubeApi | undefined;
  let kubeConfig: KubeConfig;
  let kubeconfigPath: string;
  const real = REAL_CLUSTER && !options.fakeOnly;
  if (real) {
    kubeconfigPath = process.env[TEST_KUBECONFIG_ENV]!;
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
  } else {
    fake = await startFakeKubeApi();
    ({ kubeConfig, path: kubeconfigPath } = writeFakeKubeconfig(fake));
  }
  const namespace = (real && process.env[TEST_NAMESPACE_ENV]) || 'lightswitch-test';
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const autoscaling = kubeConfig.makeApiClient(AutoscalingV2Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
  const created: { kind: Kind | 'HPA'; name: string }[] = [];
  const podTemplate = (name: string) => ({
    metadata: { labels: { app: name } },
    spec: { containers: [{ name: 'main', image: IMAGE }] },
  });

  const cluster: TestCluster = {
    real,
    kubeConfig,
    kubeconfigPath,
    namespace,
    fake,
    core,
    apps,
    batch,
    autoscaling,
    custom,
    coordination,
    uniqueName: (prefix) => (real ? `${prefix}-${randomBytes(3).toString('hex')}` : prefix),
    async deployment(name, replicas, options = {}) {
      const kind = options.kind ?? 'Deployment';
      const metadata = { name, labels: { app: name, ...options.labels }, annotations: options.annotations };
      const spec = { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name) };
      created.push({ kind, name });
      return kind === 'Deployment'
        ? apps.createNamespacedDeployment({ namespace, body: { metadata, spec } })
        : apps.createNamespacedStatefulSet({
            namespace,
            body: { metadata, spec: { ...spec, serviceName: name } },
          });
    },
    async cronJob(name, options = {}) {
      created.push({ kind: 'CronJob', name });
      return batch.createNamespacedCronJob({
        namespace,
        body: {
          metadata: { name, labels: options.labels, annotations: options.annotations },
          spec: {
            schedule: '17 3 * * *',
            suspend: options.suspend ?? false,
            jobTemplate: {
              spec: {
                template: {
                  spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: IMAGE }] },
                },
              },
            },
          },
        },
      });
    },
    async hpa(name, target, minReplicas, maxReplicas) {
      created.push({ kind: 'HPA', name });
      await autoscaling.createNamespacedHorizontalPodAutoscaler({
        namespace,
        body: {
          metadata: { name },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
            minReplicas,
            maxReplicas,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
              },
            ],
          },
        },
      });
    },
    async read(kind, name) {
      if (kind === 'Deployment') return apps.readNamespacedDeployment({ namespace, name });
      if (kind === 'StatefulSet') return apps.readNamespacedStatefulSet({ namespace, name });
      return batch.readNamespacedCronJob({ namespace, name });
    },
    async patch(kind, name, body) {
      if (kind === 'Deployment') await apps.patchNamespacedDeployment({ namespace, name, body }, merge);
      else if (kind === 'StatefulSet')
        await apps.patchNamespacedStatefulSet({ namespace, name, body }, merge);
      else await batch.patchNamespacedCronJob({ namespace, name, body }, merge);
    },
    async cleanup() {
      if (fake) {
        await fake.close();
        return;
      }
      // Real cluster: remove what this run made, keep the namespace (deleting it takes a while, and the next
      // file would find it terminating).
      for (const { kind, name } of created.reverse()) {
        const gone = (err: unknown) => {
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        };
        if (kind === 'Deployment') await apps.deleteNamespacedDeployment({ namespace, name }).catch(gone);
        else if (kind === 'StatefulSet')
          await apps.deleteNamespacedStatefulSet({ namespace, name }).catch(gone);
        else if (kind === 'CronJob') await batch.deleteNamespacedCronJob({ namespace, name }).catch(gone);
        else await autoscaling.deleteNamespacedHorizontalPodAutoscaler({ namespace, name }).catch(gone);
      }
    },
  };
  return cluster;
}
