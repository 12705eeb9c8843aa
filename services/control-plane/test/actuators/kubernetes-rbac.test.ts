// The RBAC in deploy/k8s/base/rbac.yaml against the calls the code really makes: every sleep and wake path,
// discovery and leader election run on the fake API server with its request log recording (group, resource,
// verb); that set must be exactly KUBERNETES_PERMISSIONS, and the manifest must grant exactly that, no more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  KubernetesActuator,
  discoverKubernetesWorkloads,
  holdKubernetesLease,
  type ActuatorWorkload,
} from '../../src/actuators';
import { KUBERNETES_PERMISSIONS } from '../../src/actuators/kubernetes';
import { FAKE_ONLY, testCluster } from '../support/fake-kube-api';

const RBAC = new URL('../../../../deploy/k8s/base/rbac.yaml', import.meta.url);

const declared = (scope?: 'cluster' | 'namespace') =>
  KUBERNETES_PERMISSIONS.filter((p) => scope === undefined || p.scope === scope)
    .flatMap((p) => p.verbs.map((v) => `${p.apiGroup}/${p.resource}:${v}`))
    .sort();

test('deploy/k8s/base/rbac.yaml grants exactly the declared permissions, without wildcards', () => {
  const docs = parseAllDocuments(readFileSync(RBAC, 'utf8')).map((d) => d.toJS());
  const rulesOf = (kind: string) =>
    docs
      .filter((d) => d.kind === kind)
      .flatMap((d) => d.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]);
  const flat = (rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]) =>
    rules
      .flatMap((r) =>
        r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`))),
      )
      .sort();
  assert.deepEqual(flat(rulesOf('ClusterRole')), declared('cluster'));
  assert.deepEqual(flat(rulesOf('Role')), declared('namespace'));
  assert.ok(!flat([...rulesOf('ClusterRole'), ...rulesOf('Role')]).some((r) => r.includes('*')));
});

test(`the actuator, discovery and leader election make exactly the declared calls (${FAKE_ONLY('reads the request log')})`, async () => {
  const cluster = await testCluster({ fakeOnly: true });
  const fake = cluster.fake!;
  const actuator = new KubernetesActuator({ kubeConfig: cluster.kubeConfig });
  try {
    const ns = cluster.namespace;
    const enabled = { 'lightswitch.io/enabled': 'true' };
    await cluster.deployment('web', 3, { labels: enabled });
    await cluster.deployment('db', 2, { kind: 'StatefulSet', labels: enabled });
    await cluster.cronJob('nightly', { labels: enabled });
    await cluster.hpa('web', 'web', 1, 5);
    await cluster.custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: ns,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'db' },
        spec: { scaleTargetRef: { name: 'db', kind: 'StatefulSet' } },
      },
    });
    fake.clearLog();

    const w = (kind: string, name: string): ActuatorWorkload => ({
      id: name,
      name,
      kind,
      target: { namespace: ns, name },
      replicasOn: 1,
      replicasOff: 0,
    });
    for (const workload of [
      w('k8s-deployment', 'web'),
      w('k8s-statefulset', 'db'),
      w('k8s-cronjob', 'nightly'),
    ]) {
      await actuator.observe(workload);
      await actuator.apply(workload, { state: 'off', replicas: 0 });
      await actuator.apply(workload, { state: 'on', replicas: 1 });
    }
    await discoverKubernetesWorkloads(cluster.kubeConfig, { defaultZone: 'GB' });
    await discoverKubernetesWorkloads(cluster.kubeConfig, { namespaces: [ns], defaultZone: 'GB' });
    const stop = await holdKubernetesLease(
      cluster.kubeConfig,
      { namespace: ns, identity: 'a', leaseDurationSeconds: 2, renewEverySeconds: 0.2 },
      () => {},
    );
    await new Promise((r) => setTimeout(r, 500));
    await stop();

    const made = [...new Set(fake.requests.map((r) => `${r.group}/${r.resource}:${r.verb}`))].sort();
    assert.deepEqual(made, declared());
  } finally {
    actuator.close();
    await cluster.cleanup();
  }
});
