// End to end through the third layer: decisions in a real database, the Reconciler, the Kubernetes
// actuator, the real client over HTTP, and a Deployment (fake API server, or a real cluster with
// LIGHTSWITCH_TEST_KUBECONFIG) switched off and on again to exactly its replicas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KubernetesActuator } from '../../src/actuators';
import type { Database } from '../../src/db';
import { Reconciler } from '../../src/reconciler';
import { openMigrated } from '../support/databases';
import { testCluster, type TestCluster } from '../support/fake-kube-api';

let cluster: TestCluster;
let db: Database;
let cleanupDb: () => Promise<void>;
let actuator: KubernetesActuator;

before(async () => {
  cluster = await testCluster();
  ({ db, cleanup: cleanupDb } = await openMigrated('pglite'));
  actuator = new KubernetesActuator({ kubeConfig: cluster.kubeConfig });
});
after(async () => {
  actuator?.close();
  await cleanupDb?.();
  await cluster?.cleanup();
});

test('decisions drive a Deployment off and back on to exactly its replicas; a foreign change is reported', async () => {
  const name = cluster.uniqueName('shop');
  await cluster.deployment(name, 7);
  const workload = await db.prisma.workload.create({
    data: {
      name,
      kind: 'k8s_deployment',
      target: { namespace: cluster.namespace, name },
      zone: 'GB',
      replicasOn: 2,
    },
  });
  const reconciler = new Reconciler({ prisma: db.prisma, actuators: [actuator] });
  let clock = Date.now();
  const decide = async (toState: 'on' | 'off', toReplicas: number) => {
    clock += 60_000;
    return db.prisma.decision.create({
      data: {
        workloadId: workload.id,
        decidedAt: new Date(clock),
        fromState: toState === 'on' ? 'off' : 'on',
        toState,
        toReplicas,
        reason: `test: ${toState}`,
      },
    });
  };
  const replicas = async () =>
    ((await cluster.read('Deployment', name)) as { spec?: { replicas?: number } }).spec?.replicas;

  const off = await decide('off', 0);
  assert.equal((await reconciler.reconcileOnce(new Date(clock))).succeeded, 1);
  assert.equal(await replicas(), 0);
  let decision = await db.prisma.decision.findUniqueOrThrow({ where: { id: off.id } });
  assert.equal(decision.actuationStatus, 'succeeded');
  let state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: workload.id } });
  assert.equal(state.observedState, 'off');
  assert.equal(state.observedReplicas, 0);
  assert.equal(state.rememberedReplicas, 7, 'the database remembers them too');

  const on = await decide('on', 2);
  assert.equal((await reconciler.reconcileOnce(new Date(clock))).succeeded, 1);
  assert.equal(await replicas(), 7, 'back to 7, not replicasOn');
  decision = await db.prisma.decision.findUniqueOrThrow({ where: { id: on.id } });
  assert.equal(decision.actuationStatus, 'succeeded');
  assert.equal(decision.error, null);
  state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: workload.id } });
  assert.equal(state.observedState, 'on');
  assert.equal(state.observedReplicas, 7);

  // A round with nothing new to do touches nothing.
  const rv = (await cluster.read('Deployment', name)).metadata?.resourceVersion;
  assert.equal((await reconciler.reconcileOnce(new Date(clock + 1000))).considered, 0);
  assert.equal((await cluster.read('Deployment', name)).metadata?.resourceVersion, rv);

  // Asleep again, then someone scales it by hand: waking leaves their count and says why.
  await decide('off', 0);
  await reconciler.reconcileOnce(new Date(clock));
  await cluster.patch('Deployment', name, { spec: { replicas: 2 } });
  const again = await decide('on', 2);
  await reconciler.reconcileOnce(new Date(clock));
  assert.equal(await replicas(), 2);
  decision = await db.prisma.decision.findUniqueOrThrow({ where: { id: again.id } });
  assert.equal(decision.actuationStatus, 'succeeded');
  assert.match(decision.error ?? '', /changed by someone else while asleep \(replicas 0 → 2\): left alone/);
});

test('a decision the cluster refuses (the Deployment is gone) fails for good, with the reason', async () => {
  const name = cluster.uniqueName('missing');
  const workload = await db.prisma.workload.create({
    data: { name, kind: 'k8s_deployment', target: { namespace: cluster.namespace, name }, zone: 'GB' },
  });
  const d = await db.prisma.decision.create({
    data: {
      workloadId: workload.id,
      decidedAt: new Date(),
      fromState: 'on',
      toState: 'off',
      toReplicas: 0,
      reason: 'test',
    },
  });
  const reconciler = new Reconciler({ prisma: db.prisma, actuators: [actuator] });
  assert.equal((await reconciler.reconcileOnce(new Date())).failed, 1);
  const row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
  assert.equal(row.actuationStatus, 'failed');
  assert.match(
    row.error ?? '',
    new RegExp(`^not_found: get Deployment ${cluster.namespace}/${name}: HTTP 404`),
  );
});
