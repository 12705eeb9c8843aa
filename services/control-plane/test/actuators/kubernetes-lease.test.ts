// Leader election on a coordination.k8s.io/v1 Lease, through the real client over real HTTP (the fake API
// server, or a real cluster with LIGHTSWITCH_TEST_KUBECONFIG). Short leases keep the tests quick; the
// timing assertions leave room for a busy two-core machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiException, KubeConfig, V1MicroTime } from '@kubernetes/client-node';
import { holdKubernetesLease } from '../../src/actuators';
import { FAKE_ONLY, testCluster, type TestCluster } from '../support/fake-kube-api';

let cluster: TestCluster;
const leaseNames: string[] = [];

before(async () => {
  cluster = await testCluster();
});
after(async () => {
  if (cluster?.real) {
    for (const name of leaseNames) {
      await cluster.coordination
        .deleteNamespacedLease({ namespace: cluster.namespace, name })
        .catch((err) => {
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        });
    }
  }
  await cluster?.cleanup();
});

const DURATION_S = 2;
const EVERY_S = 0.5;

function leaseName(prefix: string): string {
  const name = cluster.uniqueName(`lease-${prefix}`);
  leaseNames.push(name);
  return name;
}

/** Who leads right now, across every candidate of a test; fails the test the moment two do. */
class Election {
  readonly leaders = new Set<string>();
  readonly events: { identity: string; leading: boolean; at: number }[] = [];
  private readonly stops: (() => Promise<void>)[] = [];

  async join(
    identity: string,
    name: string,
    kubeConfig = cluster.kubeConfig,
    durationS = DURATION_S,
  ): Promise<() => Promise<void>> {
    const stop = await holdKubernetesLease(
      kubeConfig,
      {
        namespace: cluster.namespace,
        name,
        identity,
        leaseDurationSeconds: durationS,
        renewEverySeconds: EVERY_S,
      },
      (leading) => {
        this.events.push({ identity, leading, at: Date.now() });
        if (leading) this.leaders.add(identity);
        else this.leaders.delete(identity);
        assert.ok(this.leaders.size <= 1, `two leaders at once: ${[...this.leaders].join(', ')}`);
      },
    );
    this.stops.push(stop);
    return stop;
  }

  async until(predicate: () => boolean, withinMs: number, what: string): Promise<number> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > withinMs) assert.fail(`not within ${withinMs} ms: ${what}`);
      await sleep(20);
    }
    return Date.now();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.stops.map((s) => s()));
  }
}

describe('Lease leader election', () => {
  test('two candidates: exactly one leads, and keeps leading while it renews', async () => {
    const name = leaseName('two');
    const election = new Election();
    try {
      await Promise.all([election.join('replica-a', name), election.join('replica-b', name)]);
      await election.until(() => election.leaders.size === 1, 3000, 'a leader');
      const first = [...election.leaders][0];
      // Three lease durations: renewals keep it, the other never gets it.
      await sleep(DURATION_S * 3 * 1000);
      assert.deepEqual([...election.leaders], [first]);
      assert.deepEqual(
        election.events.map((e) => `${e.identity} ${e.leading}`),
        [`${first} true`],
        'one change only: the first win',
      );
      const lease = await cluster.coordination.readNamespacedLease({ namespace: cluster.namespace, name });
      assert.equal(lease.spec?.holderIdentity, first);
      assert.equal(lease.spec?.leaseDurationSeconds, DURATION_S);
      assert.ok(Date.now() - new Date(lease.spec!.renewTime!).getTime() < 2000, 'renewed recently');
    } finally {
      await election.stopAll();
    }
  });

  test('a leader that died (its last renewal on record) is taken over once the lease has run out', async () => {
    const name = leaseName('dead');
    const renewed = Date.now();
    await cluster.coordination.createNamespacedLease({
      namespace: cluster.namespace,
      body: {
        metadata: { name },
        spec: {
          holderIdentity: 'replica-dead',
          leaseDurationSeconds: DURATION_S,
          acquireTime: new V1MicroTime(renewed),
          renewTime: new V1MicroTime(renewed),
          leaseTransitions: 3,
        },
      },
    });
    const election = new Election();
    try {
      await election.join('replica-c', name);
      assert.equal(election.leaders.size, 0, 'not while the dead one’s lease still runs');
      const at = await election.until(
        () => election.leaders.has('replica-c'),
        DURATION_S * 1000 + 3000,
        'takeover',
      );
      const after = at - renewed;
      assert.ok(after >= DURATION_S * 1000 - 100, `took over ${after} ms after the last renewal: too early`);
      // Within the lease duration plus a little (the retry lands just after expiry; the machine may be busy).
      assert.ok(after <= DURATION_S * 1000 + 1500, `took over ${after} ms after the last renewal: too late`);
      const lease = await cluster.coordination.readNamespacedLease({ namespace: cluster.namespace, name });
      assert.equal(lease.spec?.holderIdentity, 'replica-c');
      assert.equal(lease.spec?.leaseTransitions, 4);
    } finally {
      await election.stopAll();
    }
  });

  test('stopping hands the lease back at once: the other takes over without waiting for it to expire', async () => {
    const name = leaseName('handover');
    const election = new Election();
    try {
      const stopA = await election.join('replica-a', name, cluster.kubeConfig, 10);
      assert.ok(election.leaders.has('replica-a'), 'the first candidate leads as soon as it has joined');
      await election.join('replica-b', name, cluster.kubeConfig, 10);
      await stopA();
      const stoppedAt = Date.now();
      const at = await election.until(() => election.leaders.has('replica-b'), 5000, 'handover');
      assert.ok(at - stoppedAt < 3000, `handover took ${at - stoppedAt} ms (lease duration is 10 s)`);
    } finally {
      await election.stopAll();
    }
  });

  test(`a leader cut off from the API server steps down, then the other leads (${FAKE_ONLY('fault injection')})`, async (t) => {
    if (cluster.fake) return partition(cluster);
    // The fake is always there: this one runs on it even when the others use a real cluster.
    const own = await testCluster({ fakeOnly: true });
    t.after(() => own.cleanup());
    await partition(own);
  });

  test('nonsensical timings are refused up front', async () => {
    const base = { namespace: cluster.namespace, identity: 'x' };
    await assert.rejects(
      holdKubernetesLease(
        cluster.kubeConfig,
        { ...base, leaseDurationSeconds: 5, renewEverySeconds: 5 },
        () => {},
      ),
      /renewEverySeconds \(5\) must be .* less than leaseDurationSeconds \(5\)/,
    );
    await assert.rejects(
      holdKubernetesLease(cluster.kubeConfig, { ...base, leaseDurationSeconds: 1.5 }, () => {}),
      /whole number of seconds/,
    );
  });
});

/** A leads through user alt; then every request of alt fails, as if its node lost the network. */
async function partition(on: TestCluster): Promise<void> {
  const fake = on.fake!;
  const alt = new KubeConfig();
  alt.loadFromFile(on.kubeconfigPath);
  alt.setCurrentContext('fake-alt');
  const leaders = new Set<string>();
  const events: string[] = [];
  const join = (identity: string, kc: KubeConfig) =>
    holdKubernetesLease(
      kc,
      {
        namespace: on.namespace,
        name: 'lease-partition',
        identity,
        leaseDurationSeconds: DURATION_S,
        renewEverySeconds: EVERY_S,
      },
      (leading) => {
        events.push(`${identity} ${leading}`);
        if (leading) leaders.add(identity);
        else leaders.delete(identity);
        assert.ok(leaders.size <= 1, `two leaders at once: ${[...leaders].join(', ')}`);
      },
    );
  const stops = [await join('replica-a', alt)];
  try {
    assert.ok(leaders.has('replica-a'));
    stops.push(await join('replica-b', on.kubeConfig));
    await sleep(EVERY_S * 2000);
    assert.deepEqual([...leaders], ['replica-a'], 'b waits while a renews');

    fake.faults.fail(503, { match: { user: 'alt' }, times: Infinity });
    const cut = Date.now();
    while (!leaders.has('replica-b')) {
      assert.ok(Date.now() - cut < DURATION_S * 1000 + 3000, 'b did not take over');
      await sleep(20);
    }
    const took = Date.now() - cut;
    assert.ok(took <= DURATION_S * 1000 + 1500, `b took over ${took} ms after a was cut off`);
    assert.deepEqual(events, ['replica-a true', 'replica-a false', 'replica-b true'], 'a stepped down first');
  } finally {
    fake.faults.reset();
    await Promise.all(stops.map((s) => s()));
  }
}
