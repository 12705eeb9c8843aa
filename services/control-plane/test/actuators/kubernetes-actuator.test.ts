// The Kubernetes actuator through the real client over real HTTP: against this repository's fake API server,
// or against a real cluster when LIGHTSWITCH_TEST_KUBECONFIG is set (see test/support/fake-kube-api/cluster.ts).
// Sleep and wake restore exactly the replicas a workload had; applying twice writes nothing; someone else's
// change while asleep is kept and reported; CronJobs keep the suspend value they had; HPAs are left alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActuationError,
  KubernetesActuator,
  SLEEP_ANNOTATIONS,
  SUSPEND_BEFORE_SLEEP,
  type ActuatorWorkload,
  type Desired,
} from '../../src/actuators';
import { templateHash } from '../../src/actuators/kubernetes';
import { testCluster, type TestCluster } from '../support/fake-kube-api';

let cluster: TestCluster;
let actuator: KubernetesActuator;

before(async () => {
  cluster = await testCluster();
  actuator = new KubernetesActuator({ kubeConfig: cluster.kubeConfig });
});
after(async () => {
  actuator?.close();
  await cluster?.cleanup();
});

const OFF: Desired = { state: 'off', replicas: 0 };
const on = (replicas = 2): Desired => ({ state: 'on', replicas });

function workload(
  kind: 'k8s-deployment' | 'k8s-statefulset' | 'k8s-cronjob',
  name: string,
  extra: Partial<ActuatorWorkload> = {},
): ActuatorWorkload {
  return {
    id: `id-${name}`,
    name,
    kind,
    target: { namespace: cluster.namespace, name },
    replicasOn: 2,
    replicasOff: 0,
    ...extra,
  };
}

async function replicasOf(kind: 'Deployment' | 'StatefulSet', name: string) {
  const o = (await cluster.read(kind, name)) as { spec?: { replicas?: number } };
  return o.spec?.replicas;
}

async function annotationsOf(kind: 'Deployment' | 'StatefulSet' | 'CronJob', name: string) {
  return (await cluster.read(kind, name)).metadata?.annotations ?? {};
}

async function resourceVersionOf(kind: 'Deployment' | 'StatefulSet' | 'CronJob', name: string) {
  return (await cluster.read(kind, name)).metadata?.resourceVersion;
}

const ours = (annotations: Record<string, string>) =>
  Object.keys(annotations).filter((k) => k.startsWith('lightswitch.io/'));

describe('Deployments and StatefulSets', () => {
  for (const [kind, wkind, replicas] of [
    ['Deployment', 'k8s-deployment', 7],
    ['StatefulSet', 'k8s-statefulset', 5],
  ] as const) {
    test(`a ${kind} sleeps at 0 and wakes to exactly the ${replicas} replicas it had, not replicasOn`, async () => {
      const name = cluster.uniqueName(`exact-${kind.toLowerCase()}`);
      const created = await cluster.deployment(name, replicas, { kind });
      const w = workload(wkind, name);

      assert.deepEqual(await actuator.observe(w), { state: 'on', replicas });
      assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
      assert.equal(await replicasOf(kind, name), 0);
      const asleep = await annotationsOf(kind, name);
      assert.equal(asleep[SLEEP_ANNOTATIONS.replicasBeforeSleep], String(replicas));
      assert.equal(asleep[SLEEP_ANNOTATIONS.replicasAsleep], '0');
      assert.equal(asleep[SLEEP_ANNOTATIONS.templateHash], templateHash(created.spec?.template));
      assert.ok(!Number.isNaN(Date.parse(asleep[SLEEP_ANNOTATIONS.sleptAt] ?? '')), 'slept-at is a time');
      assert.deepEqual(await actuator.observe(w), { state: 'off', replicas: 0 });

      assert.deepEqual(await actuator.apply(w, on(2)), { state: 'on', replicas });
      assert.equal(await replicasOf(kind, name), replicas);
      assert.deepEqual(ours(await annotationsOf(kind, name)), [], 'our annotations are gone after waking');
      assert.deepEqual(await actuator.observe(w), { state: 'on', replicas });
    });
  }

  test('applying what already holds changes nothing: no write, the resourceVersion stays', async () => {
    const name = cluster.uniqueName('idempotent');
    await cluster.deployment(name, 3);
    const w = workload('k8s-deployment', name);
    await actuator.apply(w, OFF);
    const rvAsleep = await resourceVersionOf('Deployment', name);
    cluster.fake?.clearLog();
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    assert.equal(await resourceVersionOf('Deployment', name), rvAsleep);
    if (cluster.fake) assert.deepEqual(cluster.fake.writes(), [], 'the second sleep wrote nothing');

    await actuator.apply(w, on());
    const rvAwake = await resourceVersionOf('Deployment', name);
    cluster.fake?.clearLog();
    assert.deepEqual(await actuator.apply(w, on()), { state: 'on', replicas: 3 });
    if (cluster.fake) {
      assert.deepEqual(
        cluster.fake.requests.map((r) => `${r.method} ${r.resource}`),
        ['GET deployments'],
        'one read is all a no-op costs',
      );
    }
    assert.equal(await resourceVersionOf('Deployment', name), rvAwake);
  });

  test('scaled by someone else while asleep: left at their count, reported, our annotations removed', async () => {
    const name = cluster.uniqueName('foreign-replicas');
    await cluster.deployment(name, 4);
    const w = workload('k8s-deployment', name);
    await actuator.apply(w, OFF);
    await cluster.patch('Deployment', name, { spec: { replicas: 3 } });

    const woke = await actuator.apply(w, on());
    assert.equal(woke.state, 'on');
    assert.equal(woke.replicas, 3);
    assert.match(woke.note ?? '', /changed by someone else while asleep \(replicas 0 → 3\): left alone/);
    assert.equal(await replicasOf('Deployment', name), 3, 'not overwritten with the remembered 4');
    assert.deepEqual(ours(await annotationsOf('Deployment', name)), []);
  });

  test('template changed while asleep (a new rollout): not woken, reported, our annotations removed', async () => {
    const name = cluster.uniqueName('foreign-template');
    await cluster.deployment(name, 4);
    const w = workload('k8s-deployment', name);
    await actuator.apply(w, OFF);
    // What `kubectl rollout restart` does.
    await cluster.patch('Deployment', name, {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        },
      },
    });

    const woke = await actuator.apply(w, on());
    assert.deepEqual(
      { state: woke.state, replicas: woke.replicas },
      { state: 'off', replicas: 0 },
      'left as it was: someone else owns it now',
    );
    assert.match(woke.note ?? '', /changed by someone else while asleep \(template changed\): left alone/);
    assert.equal(await replicasOf('Deployment', name), 0);
    assert.deepEqual(ours(await annotationsOf('Deployment', name)), []);
  });

  test('an explicit replica decision is followed; otherwise a running count belongs to whoever scales it', async () => {
    const name = cluster.uniqueName('explicit');
    await cluster.deployment(name, 6);
    const w = workload('k8s-deployment', name); // replicasOn 2
    const rv = await resourceVersionOf('Deployment', name);
    assert.deepEqual(
      await actuator.apply(w, on(2)),
      { state: 'on', replicas: 6 },
      'replicasOn does not shrink it',
    );
    assert.equal(await resourceVersionOf('Deployment', name), rv);

    assert.deepEqual(await actuator.apply(w, on(4)), { state: 'on', replicas: 4 }, '4 is a scale decision');
    assert.equal(await replicasOf('Deployment', name), 4);

    await actuator.apply(w, OFF);
    assert.deepEqual(await actuator.apply(w, on(3)), { state: 'on', replicas: 3 }, 'woken to the decided 3');
    assert.deepEqual(ours(await annotationsOf('Deployment', name)), []);
  });

  test('at 0 without our annotations, it wakes to the replicas the control plane remembered (else replicasOn)', async () => {
    const name = cluster.uniqueName('remembered');
    await cluster.deployment(name, 0);
    assert.deepEqual(
      await actuator.apply(workload('k8s-deployment', name, { rememberedReplicas: 5 }), on(2)),
      {
        state: 'on',
        replicas: 5,
      },
    );
    assert.equal(await replicasOf('Deployment', name), 5);

    const other = cluster.uniqueName('unremembered');
    await cluster.deployment(other, 0);
    assert.deepEqual(await actuator.apply(workload('k8s-deployment', other), on(2)), {
      state: 'on',
      replicas: 2,
    });
  });

  test('a sleep cut short after remembering is finished, and waking still restores the remembered count', async () => {
    const name = cluster.uniqueName('cut-short');
    const created = await cluster.deployment(name, 5);
    // As a control plane killed between writing the annotations and scaling would leave it.
    await cluster.patch('Deployment', name, {
      metadata: {
        annotations: {
          [SLEEP_ANNOTATIONS.replicasBeforeSleep]: '5',
          [SLEEP_ANNOTATIONS.replicasAsleep]: '0',
          [SLEEP_ANNOTATIONS.templateHash]: templateHash(created.spec?.template),
          [SLEEP_ANNOTATIONS.sleptAt]: new Date().toISOString(),
        },
      },
    });
    const w = workload('k8s-deployment', name);
    assert.deepEqual(await actuator.observe(w), { state: 'on', replicas: 5 });
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    assert.equal((await annotationsOf('Deployment', name))[SLEEP_ANNOTATIONS.replicasBeforeSleep], '5');
    assert.deepEqual(await actuator.apply(w, on()), { state: 'on', replicas: 5 });
  });

  test('a wake cut short (scaled back, annotations left) is cleaned up, not reported as a foreign change', async () => {
    const name = cluster.uniqueName('wake-cut-short');
    const created = await cluster.deployment(name, 4);
    await cluster.patch('Deployment', name, {
      metadata: {
        annotations: {
          [SLEEP_ANNOTATIONS.replicasBeforeSleep]: '4',
          [SLEEP_ANNOTATIONS.replicasAsleep]: '0',
          [SLEEP_ANNOTATIONS.templateHash]: templateHash(created.spec?.template),
        },
      },
    });
    const woke = await actuator.apply(workload('k8s-deployment', name), on());
    assert.deepEqual(woke, { state: 'on', replicas: 4 });
    assert.deepEqual(ours(await annotationsOf('Deployment', name)), []);
  });

  test('an HPA is left untouched: the note says so on sleep and on wake', async () => {
    const name = cluster.uniqueName('with-hpa');
    await cluster.deployment(name, 3);
    await cluster.hpa(`${name}-hpa`, name, 1, 5);
    const hpaBefore = await cluster.autoscaling.readNamespacedHorizontalPodAutoscaler({
      namespace: cluster.namespace,
      name: `${name}-hpa`,
    });
    const w = workload('k8s-deployment', name);

    const slept = await actuator.apply(w, OFF);
    assert.equal(slept.replicas, 0);
    assert.match(
      slept.note ?? '',
      new RegExp(`HPA ${name}-hpa left as is: Kubernetes stops it scaling a target at 0`),
    );
    const woke = await actuator.apply(w, on());
    assert.equal(woke.replicas, 3);
    assert.match(woke.note ?? '', /HPA .* left as is: it resumes scaling now that replicas are back/);

    const hpaAfter = await cluster.autoscaling.readNamespacedHorizontalPodAutoscaler({
      namespace: cluster.namespace,
      name: `${name}-hpa`,
    });
    assert.deepEqual(hpaAfter.spec, hpaBefore.spec, 'minReplicas and the rest unchanged');
    assert.deepEqual(hpaAfter.metadata?.annotations ?? {}, hpaBefore.metadata?.annotations ?? {});
  });
});

describe('CronJobs', () => {
  test('suspended on sleep and resumed on wake, the previous value remembered in between', async () => {
    const name = cluster.uniqueName('nightly');
    await cluster.cronJob(name);
    const w = workload('k8s-cronjob', name);
    assert.deepEqual(await actuator.observe(w), { state: 'on', replicas: 1 });

    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    let cj = await cluster.read('CronJob', name);
    assert.equal((cj.spec as { suspend?: boolean }).suspend, true);
    assert.equal(cj.metadata?.annotations?.[SUSPEND_BEFORE_SLEEP], 'false');
    assert.deepEqual(await actuator.observe(w), { state: 'off', replicas: 0 });

    const rv = cj.metadata?.resourceVersion;
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    assert.equal(
      await resourceVersionOf('CronJob', name),
      rv,
      'suspending a suspended CronJob writes nothing',
    );

    assert.deepEqual(await actuator.apply(w, on()), { state: 'on', replicas: 1 });
    cj = await cluster.read('CronJob', name);
    assert.equal((cj.spec as { suspend?: boolean }).suspend, false);
    assert.equal(cj.metadata?.annotations?.[SUSPEND_BEFORE_SLEEP], undefined);
  });

  test('one suspended before LightSwitch slept it stays suspended on wake', async () => {
    const name = cluster.uniqueName('paused-by-ops');
    await cluster.cronJob(name, { suspend: true });
    const w = workload('k8s-cronjob', name);
    const rv = await resourceVersionOf('CronJob', name);
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    assert.equal(await resourceVersionOf('CronJob', name), rv, 'already off: nothing written');

    const woke = await actuator.apply(w, on());
    assert.equal(woke.state, 'off');
    assert.match(woke.note ?? '', /suspended by someone else .*: left suspended/);
    assert.equal(((await cluster.read('CronJob', name)).spec as { suspend?: boolean }).suspend, true);
  });

  test('waking restores exactly the remembered value, even when that value is "suspended"', async () => {
    const name = cluster.uniqueName('remembered-true');
    await cluster.cronJob(name, { suspend: true, annotations: { [SUSPEND_BEFORE_SLEEP]: 'true' } });
    const woke = await actuator.apply(workload('k8s-cronjob', name), on());
    assert.equal(woke.state, 'off');
    assert.match(woke.note ?? '', /stays suspended/);
    const cj = await cluster.read('CronJob', name);
    assert.equal((cj.spec as { suspend?: boolean }).suspend, true);
    assert.equal(
      cj.metadata?.annotations?.[SUSPEND_BEFORE_SLEEP],
      undefined,
      'the annotation is ours to remove',
    );
  });
});

describe('targets and contexts', () => {
  test('target.context selects a kubeconfig context; one that does not exist is a configuration error', async () => {
    const name = cluster.uniqueName('ctx');
    await cluster.deployment(name, 2);
    const context = cluster.fake ? 'fake-alt' : cluster.kubeConfig.getCurrentContext();
    const w = workload('k8s-deployment', name, { target: { namespace: cluster.namespace, name, context } });
    cluster.fake?.clearLog();
    assert.deepEqual(await actuator.observe(w), { state: 'on', replicas: 2 });
    if (cluster.fake)
      assert.deepEqual(
        cluster.fake.requests.map((r) => r.user),
        ['alt'],
        'through the alt context',
      );

    const missing = workload('k8s-deployment', name, {
      target: { namespace: cluster.namespace, name, context: 'no-such-context' },
    });
    await assert.rejects(actuator.observe(missing), (err: unknown) => {
      assert.ok(err instanceof ActuationError);
      assert.equal(err.code, 'config');
      assert.equal(err.retryable, false);
      assert.match(err.message, /no context "no-such-context"/);
      return true;
    });
  });

  test('a malformed target or a kind it does not drive is rejected before any request', async () => {
    cluster.fake?.clearLog();
    for (const bad of [
      workload('k8s-deployment', 'x', { target: { namespace: 'Not_A_Label', name: 'x' } }),
      workload('k8s-deployment', 'x', { target: 'shop/web' }),
      { ...workload('k8s-deployment', 'x'), kind: 'process' },
    ]) {
      await assert.rejects(actuator.apply(bad, OFF), (err: unknown) => {
        assert.ok(err instanceof ActuationError);
        assert.equal(err.code, 'invalid_target');
        assert.equal(err.retryable, false);
        return true;
      });
    }
    if (cluster.fake) assert.equal(cluster.fake.requests.length, 0);
  });
});
