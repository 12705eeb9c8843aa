// Where the control plane finds its cluster: LIGHTSWITCH_KUBECONFIG, LIGHTSWITCH_KUBE_CONTEXT and
// KUBERNETES_SERVICE_HOST, and the clear errors for values that cannot work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KubernetesActuator,
  KubernetesConfigError,
  kubeConfigFrom,
  kubeNamespace,
  loadKubernetesSettings,
} from '../../src/actuators';
import { KeepAliveAgents } from '../../src/actuators/kubernetes/agents';
import { startFakeKubeApi, writeFakeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api';

describe('loadKubernetesSettings', () => {
  test('off unless something says where the cluster is', () => {
    assert.equal(loadKubernetesSettings({}), undefined);
    assert.equal(loadKubernetesSettings({ LIGHTSWITCH_KUBECONFIG: '  ' }), undefined);
  });

  test('a path, with or without a context; a context alone uses the default kubeconfig', () => {
    assert.deepEqual(loadKubernetesSettings({ LIGHTSWITCH_KUBECONFIG: '/etc/k/config' }), {
      source: 'file',
      path: '/etc/k/config',
    });
    assert.deepEqual(
      loadKubernetesSettings({
        LIGHTSWITCH_KUBECONFIG: '/etc/k/config',
        LIGHTSWITCH_KUBE_CONTEXT: 'kind-dev',
      }),
      { source: 'file', path: '/etc/k/config', context: 'kind-dev' },
    );
    assert.deepEqual(loadKubernetesSettings({ LIGHTSWITCH_KUBE_CONTEXT: 'kind-dev' }), {
      source: 'default',
      context: 'kind-dev',
    });
  });

  test('in a pod (KUBERNETES_SERVICE_HOST) it is in-cluster by default, and a kubeconfig still wins', () => {
    assert.deepEqual(loadKubernetesSettings({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }), {
      source: 'in-cluster',
    });
    assert.deepEqual(
      loadKubernetesSettings({ KUBERNETES_SERVICE_HOST: '10.0.0.1', LIGHTSWITCH_KUBECONFIG: 'in-cluster' }),
      { source: 'in-cluster' },
    );
    assert.deepEqual(
      loadKubernetesSettings({ KUBERNETES_SERVICE_HOST: '10.0.0.1', LIGHTSWITCH_KUBECONFIG: '/k' }),
      { source: 'file', path: '/k' },
    );
  });

  test('values that cannot work are errors naming the variable', () => {
    const fails = (env: Record<string, string>, message: RegExp) =>
      assert.throws(
        () => loadKubernetesSettings(env),
        (err: unknown) => err instanceof KubernetesConfigError && message.test(err.message),
      );
    fails(
      { LIGHTSWITCH_KUBECONFIG: 'in-cluster' },
      /LIGHTSWITCH_KUBECONFIG=in-cluster, but KUBERNETES_SERVICE_HOST is not set/,
    );
    fails(
      { LIGHTSWITCH_KUBECONFIG: 'in-cluster', KUBERNETES_SERVICE_HOST: 'h', LIGHTSWITCH_KUBE_CONTEXT: 'x' },
      /LIGHTSWITCH_KUBE_CONTEXT=x cannot apply with LIGHTSWITCH_KUBECONFIG=in-cluster/,
    );
    fails({ LIGHTSWITCH_KUBE_CONTEXT: 'a\nb' }, /LIGHTSWITCH_KUBE_CONTEXT must be one context name/);
  });
});

describe('kubeConfigFrom', () => {
  let api: FakeKubeApi;
  let path: string;
  before(async () => {
    api = await startFakeKubeApi();
    ({ path } = writeFakeKubeconfig(api));
  });
  after(() => api.close());

  test('loads the file, selects the context, and the actuator works through it', async () => {
    const kc = kubeConfigFrom({ source: 'file', path, context: 'fake-alt' });
    assert.equal(kc.getCurrentContext(), 'fake-alt');
    assert.equal(kubeNamespace(kc), 'default');
    const actuator = new KubernetesActuator({ kubeConfig: kc });
    try {
      await assert.rejects(
        actuator.observe({
          id: 'x',
          name: 'x',
          kind: 'k8s-deployment',
          target: { namespace: 'default', name: 'x' },
          replicasOn: 1,
          replicasOff: 0,
        }),
        /HTTP 404/,
      );
      assert.equal(api.requests.at(-1)?.user, 'alt');
    } finally {
      actuator.close();
    }
  });

  test('in-cluster without a mounted service account token is a clear error', () => {
    assert.throws(
      () => kubeConfigFrom({ source: 'in-cluster' }, '/nonexistent/token'),
      /no service account token at \/nonexistent\/token; the pod needs automountServiceAccountToken: true/,
    );
  });

  test('a missing file, an unknown context or a context without a cluster is a clear error', () => {
    assert.throws(
      () => kubeConfigFrom({ source: 'file', path: '/nonexistent/kubeconfig' }),
      /LIGHTSWITCH_KUBECONFIG=\/nonexistent\/kubeconfig: no such file/,
    );
    assert.throws(
      () => kubeConfigFrom({ source: 'file', path, context: 'prod' }),
      /LIGHTSWITCH_KUBE_CONTEXT=prod: .* has no such context \(it has: fake, fake-alt, fake-anonymous\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'ls-kc-'));
    const broken = join(dir, 'config');
    writeFileSync(
      broken,
      'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: gone\n',
    );
    assert.throws(
      () => kubeConfigFrom({ source: 'file', path: broken }),
      /names no cluster; set LIGHTSWITCH_KUBE_CONTEXT/,
    );
  });
});

describe('connections', () => {
  test('requests reuse kept-alive connections instead of opening one each', async () => {
    const api = await startFakeKubeApi();
    const { kubeConfig } = writeFakeKubeconfig(api);
    const actuator = new KubernetesActuator({ kubeConfig });
    try {
      const w = {
        id: 'x',
        name: 'x',
        kind: 'k8s-deployment',
        target: { namespace: 'default', name: 'x' },
        replicasOn: 1,
        replicasOff: 0,
      };
      for (let i = 0; i < 20; i++) await actuator.observe(w).catch(() => undefined);
      assert.equal(api.requests.length, 20);
      assert.ok(api.connections <= 2, `${api.connections} connections for 20 requests`);
    } finally {
      actuator.close();
      await api.close();
    }
  });

  test('a TLS agent is replaced by a kept-alive one with the same certificates; a proxy agent is kept', () => {
    const pool = new KeepAliveAgents();
    try {
      const tls = { ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') };
      const first = pool.reuse(new https.Agent(tls)) as https.Agent & { options: Record<string, unknown> };
      assert.ok(first instanceof https.Agent);
      assert.equal(first.options.keepAlive, true);
      assert.deepEqual(first.options.ca, tls.ca);
      assert.deepEqual(first.options.cert, tls.cert);
      assert.equal(pool.reuse(new https.Agent({ ...tls })), first, 'same certificates: same agent');
      const rotated = pool.reuse(new https.Agent({ ...tls, cert: Buffer.from('cert2') }));
      assert.notEqual(rotated, first, 'a rotated client certificate gets a new agent');
      class ProxyAgent extends http.Agent {}
      const proxy = new ProxyAgent();
      assert.equal(pool.reuse(proxy), proxy);
    } finally {
      pool.destroy();
    }
  });
});
