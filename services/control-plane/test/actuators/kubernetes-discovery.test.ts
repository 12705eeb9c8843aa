// Discovery: labelled Deployments, StatefulSets and CronJobs found through the real client (fake API server,
// or a real cluster with LIGHTSWITCH_TEST_KUBECONFIG) and synced into a real, migrated database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DISCOVERED_LABEL,
  DISCOVERY_ANNOTATIONS,
  KubernetesActuator,
  discoverKubernetesWorkloads,
  syncDiscoveredWorkloads,
} from '../../src/actuators';
import type { Database } from '../../src/db';
import type { WorkloadSpec } from '../../src/workloads';
import { openMigrated } from '../support/databases';
import { testCluster, type TestCluster } from '../support/fake-kube-api';

let cluster: TestCluster;
let db: Database;
let cleanupDb: () => Promise<void>;
/** Object names; unique per run on a real cluster. */
let web: string, store: string, report: string, plain: string, broken: string;

const ENABLED = { 'lightswitch.io/enabled': 'true' };

before(async () => {
  cluster = await testCluster();
  ({ db, cleanup: cleanupDb } = await openMigrated('pglite'));
  web = cluster.uniqueName('web');
  store = cluster.uniqueName('store');
  report = cluster.uniqueName('report');
  plain = cluster.uniqueName('plain');
  broken = cluster.uniqueName('broken');
  await cluster.deployment(web, 3, {
    labels: { ...ENABLED, team: 'shop' },
    annotations: {
      [DISCOVERY_ANNOTATIONS.zone]: 'DE',
      [DISCOVERY_ANNOTATIONS.vcpu]: '2',
      [DISCOVERY_ANNOTATIONS.memoryGb]: '4.5',
    },
  });
  await cluster.deployment(store, 0, {
    kind: 'StatefulSet',
    labels: ENABLED,
    annotations: { [DISCOVERY_ANNOTATIONS.workloadName]: `${store}-db` },
  });
  await cluster.cronJob(report, { labels: ENABLED });
  await cluster.deployment(plain, 2); // not labelled: not a LightSwitch workload
  await cluster.deployment(broken, 1, {
    labels: ENABLED,
    annotations: { [DISCOVERY_ANNOTATIONS.vcpu]: 'lots' },
  });
});
after(async () => {
  await cleanupDb?.();
  await cluster?.cleanup();
});

const byName = (specs: WorkloadSpec[]) => new Map(specs.map((s) => [s.name, s]));

describe('discoverKubernetesWorkloads', () => {
  test('turns labelled objects into workload specs the API accepts, and says which it cannot', async () => {
    const ns = cluster.namespace;
    const found = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [ns],
      defaultZone: 'GB',
    });
    const specs = byName(found.workloads);
    assert.deepEqual([...specs.keys()].sort(), [`${ns}.${report}`, `${ns}.${web}`, `${store}-db`].sort());

    assert.deepEqual(specs.get(`${ns}.${web}`), {
      name: `${ns}.${web}`,
      kind: 'k8s-deployment',
      target: { namespace: ns, name: web },
      zone: 'DE',
      labels: { app: web, ...ENABLED, team: 'shop' },
      replicasOn: 3,
      vcpu: 2,
      memoryGb: 4.5,
    });
    const db = specs.get(`${store}-db`)!;
    assert.equal(db.kind, 'k8s-statefulset');
    assert.equal(db.zone, 'GB', 'the default zone without an annotation');
    assert.equal(db.replicasOn, 1, 'at 0 replicas it still runs with at least 1 when on');
    assert.equal(specs.get(`${ns}.${report}`)?.kind, 'k8s-cronjob');

    assert.equal(found.invalid.length, 1);
    assert.match(found.invalid[0]!.object, new RegExp(`k8s-deployment ${ns}/${broken}`));
    assert.match(found.invalid[0]!.problems.join(' '), /lightswitch\.io\/vcpu="lots" is not a number/);
  });

  test('across all namespaces by default; a custom selector narrows it', async () => {
    const all = await discoverKubernetesWorkloads(cluster.kubeConfig, { defaultZone: 'GB' });
    assert.ok(all.workloads.some((s) => s.name === `${cluster.namespace}.${web}`));
    const shop = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [cluster.namespace],
      selector: 'lightswitch.io/enabled=true,team=shop',
      defaultZone: 'GB',
    });
    assert.deepEqual(
      shop.workloads.map((s) => s.name),
      [`${cluster.namespace}.${web}`],
    );
    cluster.fake?.clearLog();
    const paged = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [cluster.namespace],
      defaultZone: 'GB',
      pageSize: 1,
    });
    const whole = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [cluster.namespace],
      defaultZone: 'GB',
    });
    assert.deepEqual(paged, whole, 'page by page, the same as all at once');
    if (cluster.fake) {
      assert.ok(
        cluster.fake.requests.some((r) => r.query.includes('continue=')),
        'it followed continue tokens',
      );
    }
  });

  test('a workload asleep right now is discovered with the replicas it runs with when on', async () => {
    const name = cluster.uniqueName('sleeper');
    await cluster.deployment(name, 4, { labels: ENABLED });
    const actuator = new KubernetesActuator({ kubeConfig: cluster.kubeConfig });
    try {
      await actuator.apply(
        {
          id: name,
          name,
          kind: 'k8s-deployment',
          target: { namespace: cluster.namespace, name },
          replicasOn: 4,
          replicasOff: 0,
        },
        { state: 'off', replicas: 0 },
      );
    } finally {
      actuator.close();
    }
    const found = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [cluster.namespace],
      defaultZone: 'GB',
    });
    assert.equal(byName(found.workloads).get(`${cluster.namespace}.${name}`)?.replicasOn, 4);
  });

  test('without a zone annotation or a default zone, or with a clashing name, an object is reported, not guessed', async () => {
    const found = await discoverKubernetesWorkloads(cluster.kubeConfig, { namespaces: [cluster.namespace] });
    assert.ok(
      found.invalid.some((i) =>
        /no lightswitch\.io\/zone annotation and no default zone/.test(i.problems.join()),
      ),
    );
    assert.ok(found.workloads.every((s) => s.zone === 'DE'));

    const twin = cluster.uniqueName('twin');
    await cluster.cronJob(twin, {
      labels: ENABLED,
      annotations: { [DISCOVERY_ANNOTATIONS.workloadName]: `${store}-db` },
    });
    const clash = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [cluster.namespace],
      defaultZone: 'GB',
    });
    assert.ok(!clash.workloads.some((s) => s.name === `${store}-db`), 'neither of the two gets the name');
    assert.equal(
      clash.invalid.filter((i) => /is shared with another discovered object/.test(i.problems.join())).length,
      2,
    );
    await cluster.patch('CronJob', twin, { metadata: { labels: { 'lightswitch.io/enabled': null } } });
  });
});

describe('syncDiscoveredWorkloads', () => {
  test('creates what is missing, never touches a hand-made workload of the same name, and keeps its own in step', async () => {
    const ns = cluster.namespace;
    const handMade = await db.prisma.workload.create({
      data: {
        name: `${ns}.${report}`,
        kind: 'webhook',
        target: { url: 'https://example.test/hook' },
        zone: 'FR',
        labels: { owner: 'ops' },
      },
    });
    const first = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [ns],
      defaultZone: 'GB',
    });
    const synced = await syncDiscoveredWorkloads(db.prisma, first.workloads);
    for (const name of [`${ns}.${web}`, `${store}-db`]) assert.ok(synced.created.includes(name), name);
    assert.ok(!synced.created.includes(`${ns}.${report}`));
    assert.deepEqual(
      synced.skipped.map((s) => s.name),
      [`${ns}.${report}`],
    );
    assert.match(synced.skipped[0]!.reason, /created by hand .*not touched/);
    const untouched = await db.prisma.workload.findUniqueOrThrow({ where: { id: handMade.id } });
    assert.deepEqual(untouched, handMade);

    const row = await db.prisma.workload.findUniqueOrThrow({ where: { name: `${ns}.${web}` } });
    assert.equal(row.kind, 'k8s_deployment');
    assert.deepEqual(row.target, { namespace: ns, name: web });
    assert.equal((row.labels as Record<string, string>)[DISCOVERED_LABEL], 'true');
    assert.equal(row.zone, 'DE');
    assert.equal(row.vcpu, 2);
    const audit = await db.prisma.auditEvent.findMany({ where: { resourceName: `${ns}.${web}` } });
    assert.deepEqual(
      audit.map((a) => [a.actor, a.action]),
      [['kubernetes-discovery', 'create']],
    );

    // Unchanged cluster: nothing to do.
    const again = await syncDiscoveredWorkloads(db.prisma, first.workloads);
    assert.deepEqual(again.created, []);
    assert.deepEqual(again.updated, []);

    // Labels change on the cluster; an operator gave the workload an activator upstream meanwhile; both hold.
    await db.prisma.workload.update({
      where: { id: row.id },
      data: { target: { namespace: ns, name: web, upstream: 'http://web.shop.svc:8080' }, zone: 'NL' },
    });
    await cluster.patch('Deployment', web, { metadata: { labels: { team: 'storefront' } } });
    const second = await discoverKubernetesWorkloads(cluster.kubeConfig, {
      namespaces: [ns],
      defaultZone: 'GB',
    });
    const resynced = await syncDiscoveredWorkloads(db.prisma, second.workloads);
    assert.deepEqual(resynced.updated, [`${ns}.${web}`]);
    const after = await db.prisma.workload.findUniqueOrThrow({ where: { id: row.id } });
    assert.equal((after.labels as Record<string, string>).team, 'storefront');
    assert.deepEqual(after.target, { namespace: ns, name: web, upstream: 'http://web.shop.svc:8080' });
    assert.equal(after.zone, 'NL', 'only target and labels follow the cluster');
    assert.equal(after.version, row.version + 1);
  });
});
