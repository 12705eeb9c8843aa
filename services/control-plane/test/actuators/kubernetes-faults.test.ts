// The Kubernetes actuator when the API server misbehaves: conflicts, RBAC refusals, missing objects,
// timeouts, unreachable servers, overload with Retry-After, and KEDA. These run on the fake API server
// always, also when LIGHTSWITCH_TEST_KUBECONFIG points at a real cluster: a real one cannot be made to fail
// on cue (and may have no KEDA CRD). CI runs them like every other test.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  ActuationError,
  KubernetesActuator,
  SLEEP_ANNOTATIONS,
  type ActuatorWorkload,
  type Desired,
} from '../../src/actuators';
import { KEDA_PAUSED_BY_US, KEDA_PAUSED_REPLICAS } from '../../src/actuators/kubernetes';
import { FAKE_ONLY, startFakeKubeApi, writeFakeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api';

const NS = 'faults';
const OFF: Desired = { state: 'off', replicas: 0 };
const ON: Desired = { state: 'on', replicas: 2 };
const FAULTS = FAKE_ONLY('fault injection');

let api: FakeKubeApi;
let kubeConfig: KubeConfig;
let apps: AppsV1Api;
let custom: CustomObjectsApi;
let actuator: KubernetesActuator;

before(async () => {
  api = await startFakeKubeApi();
  ({ kubeConfig } = writeFakeKubeconfig(api));
  apps = kubeConfig.makeApiClient(AppsV1Api);
  custom = kubeConfig.makeApiClient(CustomObjectsApi);
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
  actuator = new KubernetesActuator({ kubeConfig, conflictRetries: 3 });
});
after(async () => {
  actuator?.close();
  await api?.close();
});
beforeEach(() => {
  api.faults.reset();
  api.clearLog();
});

let seq = 0;
async function deployment(replicas: number): Promise<ActuatorWorkload> {
  const name = `web-${++seq}`;
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      },
    },
  });
  api.clearLog();
  return {
    id: name,
    name,
    kind: 'k8s-deployment',
    target: { namespace: NS, name },
    replicasOn: 2,
    replicasOff: 0,
  };
}

const replicasOf = async (w: ActuatorWorkload) =>
  (await apps.readNamespacedDeployment({ namespace: NS, name: w.name })).spec?.replicas;

/** Asserts the promise rejects with an ActuationError of this code and retryability; returns it. */
async function actuationError(
  p: Promise<unknown>,
  code: string,
  retryable: boolean,
): Promise<ActuationError> {
  let caught: unknown;
  await p.then(
    () => assert.fail(`expected ActuationError ${code}`),
    (err: unknown) => (caught = err),
  );
  assert.ok(caught instanceof ActuationError, `not an ActuationError: ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.retryable, retryable, `retryable for ${caught.message}`);
  return caught;
}

describe(`conflicts (${FAULTS})`, () => {
  test('a 409 on the scale write is re-read and retried: two conflicts, then it succeeds', async () => {
    const w = await deployment(7);
    api.faults.conflicts(2);
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    const scales = api.requests.filter((r) => r.resource === 'deployments/scale');
    assert.deepEqual(
      scales.map((r) => r.status),
      [409, 409, 200],
    );
    assert.equal(await replicasOf(w), 0);
    assert.equal(
      api.requests.filter((r) => r.method === 'PATCH' && r.resource === 'deployments').length,
      1,
      'the remembered replicas are written once, not again on every retry',
    );
    assert.deepEqual(await actuator.apply(w, ON), { state: 'on', replicas: 7 });
  });

  test('more conflicts than the limit: a retryable conflict error, nothing lost', async () => {
    const w = await deployment(4);
    api.faults.conflicts(10);
    const err = await actuationError(actuator.apply(w, OFF), 'conflict', true);
    assert.match(
      err.message,
      new RegExp(`Deployment ${NS}/${w.name}: changed by someone else on each of 4 attempts`),
    );
    assert.equal(
      api.requests.filter((r) => r.resource === 'deployments/scale').length,
      4,
      '1 try + 3 retries',
    );
    assert.equal(await replicasOf(w), 4, 'still running');
    api.faults.reset();
    // The next round finishes the job with what was remembered.
    await actuator.apply(w, OFF);
    assert.deepEqual(await actuator.apply(w, ON), { state: 'on', replicas: 4 });
  });

  test('a change between our read and our annotation write is a 409 too, and retried on a fresh read', async () => {
    const w = await deployment(3);
    api.faults.conflicts(1, { verb: 'patch', resource: 'deployments' });
    assert.deepEqual(await actuator.apply(w, OFF), { state: 'off', replicas: 0 });
    const annotations = (await apps.readNamespacedDeployment({ namespace: NS, name: w.name })).metadata
      ?.annotations;
    assert.equal(annotations?.[SLEEP_ANNOTATIONS.replicasBeforeSleep], '3');
  });

  test('a stale resourceVersion really is refused by the fake (the precondition the retries rely on)', async () => {
    const w = await deployment(2);
    const scale = await apps.readNamespacedDeploymentScale({ namespace: NS, name: w.name });
    await apps.patchNamespacedDeployment(
      { namespace: NS, name: w.name, body: { metadata: { labels: { touched: 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await assert.rejects(
      apps.replaceNamespacedDeploymentScale({
        namespace: NS,
        name: w.name,
        body: { ...scale, spec: { replicas: 0 } },
      }),
      (err: { code?: number; body?: string }) => {
        assert.equal(err.code, 409);
        const status = JSON.parse(err.body ?? '{}');
        assert.equal(status.kind, 'Status');
        assert.equal(status.reason, 'Conflict');
        return true;
      },
    );
  });
});

describe(`errors (${FAULTS})`, () => {
  test('403 from RBAC: forbidden, not retryable, naming the call and pointing at the RBAC manifest', async () => {
    const w = await deployment(2);
    api.faults.forbid('update', 'deployments/scale');
    const err = await actuationError(actuator.apply(w, OFF), 'forbidden', false);
    assert.match(err.message, new RegExp(`update Deployment/scale ${NS}/${w.name}: HTTP 403 Forbidden`));
    assert.match(err.message, /deploy\/k8s\/base\/rbac\.yaml/);
    assert.equal(api.requests.filter((r) => r.status === 403).length, 1, 'a refusal is not retried');

    api.faults.reset();
    api.faults.forbid('get', 'deployments');
    const read = await actuationError(actuator.observe(w), 'forbidden', false);
    assert.match(read.message, new RegExp(`get Deployment ${NS}/${w.name}: HTTP 403`));
  });

  test('401 (credentials rejected): forbidden, not retryable, saying the credentials are the problem', async () => {
    const w = await deployment(2);
    const anonymous = { ...w, target: { namespace: NS, name: w.name, context: 'fake-anonymous' } };
    const err = await actuationError(actuator.observe(anonymous), 'forbidden', false);
    assert.match(err.message, /HTTP 401 Unauthorized.*rejected the credentials/);
  });

  test('404: not_found, not retryable, naming namespace, kind and name', async () => {
    const w = { ...(await deployment(1)), name: 'gone', target: { namespace: NS, name: 'gone' } };
    const err = await actuationError(actuator.apply(w, OFF), 'not_found', false);
    assert.match(
      err.message,
      new RegExp(`get Deployment ${NS}/gone: HTTP 404 Not Found: deployments.apps "gone" not found`),
    );
  });

  test('422 from validation: invalid, not retryable', async () => {
    const w = await deployment(2);
    const err = await actuationError(actuator.apply(w, { state: 'off', replicas: -1 }), 'invalid', false);
    assert.match(err.message, /HTTP 422 Invalid.*spec\.replicas/);
  });

  test('no answer within the request timeout: a retryable timeout, in about the timeout', async () => {
    const w = await deployment(2);
    const quick = new KubernetesActuator({ kubeConfig, requestTimeoutMs: 300 });
    try {
      api.faults.delay(3000, { match: { verb: 'get', resource: 'deployments' } });
      const started = Date.now();
      const err = await actuationError(quick.observe(w), 'timeout', true);
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 2500, `gave up after ${took} ms`);
      assert.match(err.message, new RegExp(`get Deployment ${NS}/${w.name}: no answer from the API server`));
    } finally {
      quick.close();
    }
  });

  test('an API server nobody listens on: unreachable, retryable', async () => {
    const dead = new KubeConfig();
    dead.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const unreachable = new KubernetesActuator({ kubeConfig: dead, requestTimeoutMs: 2000 });
    try {
      const err = await actuationError(unreachable.observe(await deployment(1)), 'unreachable', true);
      assert.match(err.message, /cannot reach the API server http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    } finally {
      unreachable.close();
    }
  });

  test('500 and 429: unavailable, retryable; a short Retry-After is waited out once, a long one is not', async () => {
    const w = await deployment(2);
    api.faults.fail(500, { match: { verb: 'get' } });
    const err = await actuationError(actuator.observe(w), 'unavailable', true);
    assert.match(err.message, /HTTP 500 InternalError/);

    api.clearLog();
    api.faults.fail(429, { match: { verb: 'get' }, retryAfterSeconds: 1 });
    const started = Date.now();
    assert.deepEqual(await actuator.observe(w), { state: 'on', replicas: 2 });
    assert.ok(Date.now() - started >= 900, 'waited for the Retry-After');
    assert.deepEqual(
      api.requests.map((r) => r.status),
      [429, 200],
    );

    api.faults.fail(503, { match: { verb: 'get' }, retryAfterSeconds: 30 });
    const long = await actuationError(actuator.observe(w), 'unavailable', true);
    assert.match(long.message, /Retry-After 30 s/);
  });
});

describe(`KEDA (${FAKE_ONLY('needs the keda.sh ScaledObject CRD')})`, () => {
  const scaledObject = async (name: string, target: string, annotations?: Record<string, string>) =>
    custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: NS,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name, annotations },
        spec: { scaleTargetRef: { name: target }, minReplicaCount: 0, maxReplicaCount: 10, triggers: [] },
      },
    });
  const soAnnotations = async (name: string) =>
    (
      (await custom.getNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: NS,
        plural: 'scaledobjects',
        name,
      })) as { metadata?: { annotations?: Record<string, string> } }
    ).metadata?.annotations ?? {};

  test('its ScaledObject is paused at 0 once the replicas are remembered, and resumed before they come back', async () => {
    const w = await deployment(6);
    await scaledObject(`${w.name}-so`, w.name);
    api.clearLog();

    const slept = await actuator.apply(w, OFF);
    assert.equal(slept.replicas, 0);
    assert.match(
      slept.note ?? '',
      new RegExp(`KEDA ScaledObject ${w.name}-so paused \\(${KEDA_PAUSED_REPLICAS}=0\\)`),
    );
    const annotations = await soAnnotations(`${w.name}-so`);
    assert.equal(annotations[KEDA_PAUSED_REPLICAS], '0');
    assert.equal(annotations[KEDA_PAUSED_BY_US], 'true');
    const writes = (log: typeof api.requests) =>
      log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.resource}`);
    assert.deepEqual(writes(api.requests), [
      'PATCH deployments',
      'PATCH scaledobjects',
      'PUT deployments/scale',
    ]);

    api.clearLog();
    const woke = await actuator.apply(w, ON);
    assert.equal(woke.replicas, 6);
    assert.match(woke.note ?? '', /KEDA ScaledObject .* resumed/);
    const after = await soAnnotations(`${w.name}-so`);
    assert.equal(after[KEDA_PAUSED_REPLICAS], undefined);
    assert.equal(after[KEDA_PAUSED_BY_US], undefined);
    assert.deepEqual(writes(api.requests), [
      'PATCH scaledobjects',
      'PUT deployments/scale',
      'PATCH deployments',
    ]);
  });

  test("an operator's own KEDA pause is neither overwritten nor lifted", async () => {
    const w = await deployment(2);
    await scaledObject(`${w.name}-so`, w.name, { [KEDA_PAUSED_REPLICAS]: '1' });
    const slept = await actuator.apply(w, OFF);
    assert.match(
      slept.note ?? '',
      /already paused by someone else \(autoscaling\.keda\.sh\/paused-replicas=1\): left as is/,
    );
    await actuator.apply(w, ON);
    assert.equal((await soAnnotations(`${w.name}-so`))[KEDA_PAUSED_REPLICAS], '1');
  });

  test('a cluster without the KEDA CRD (404 on the list) is asked once, not on every actuation', async () => {
    const fresh = new KubernetesActuator({ kubeConfig });
    try {
      api.faults.absent.add('scaledobjects');
      const a = await deployment(2);
      const b = await deployment(3);
      await fresh.apply(a, OFF);
      await fresh.apply(b, OFF);
      assert.deepEqual(await fresh.apply(b, ON), { state: 'on', replicas: 3 });
      assert.equal(api.requests.filter((r) => r.resource === 'scaledobjects').length, 1);
    } finally {
      fresh.close();
    }
  });
});
