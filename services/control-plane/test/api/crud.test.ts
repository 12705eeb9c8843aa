import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, samplePolicy, sampleWorkload, startTestApi, type TestApi } from '../support/api';

for (const kind of DB_KINDS) {
  describe(`workloads, policies and overrides (${kind})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(kind);
    });
    after(() => api.close());

    test('a workload round-trips through create, get, replace and delete, each audited', async () => {
      const created = await api.call('POST', '/api/v1/workloads', {
        role: 'operator',
        body: sampleWorkload('cart', {
          kind: 'process',
          target: { command: 'node', args: ['server.js'], healthCheck: { tcp: 8081 } },
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const w = created.json();
      assert.equal(w.kind, 'process');
      assert.equal(w.version, 1);
      assert.equal(w.replicasOff, 0);
      assert.equal(w.energySource, null);
      assert.equal(created.headers.etag, '"1"');

      const got = await api.call('GET', '/api/v1/workloads/cart', { role: 'viewer' });
      assert.deepEqual(got.json(), w);

      const replaced = await api.call('PUT', '/api/v1/workloads/cart', {
        body: { ...sampleWorkload('cart'), zone: 'DE', version: 1, energySource: { type: 'kepler' } },
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.equal(replaced.json().version, 2);
      assert.equal(replaced.json().zone, 'DE');
      assert.equal(replaced.json().kind, 'k8s-deployment');
      assert.deepEqual(replaced.json().energySource, { type: 'kepler' });

      const viaIfMatch = await api.call('PUT', '/api/v1/workloads/cart', {
        body: { ...sampleWorkload('cart'), zone: 'FR' },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(viaIfMatch.statusCode, 200, viaIfMatch.body);
      assert.equal(viaIfMatch.json().energySource, null, 'a full replace clears fields left out');

      assert.equal(
        (await api.call('DELETE', '/api/v1/workloads/cart', { headers: { 'if-match': '3' } })).statusCode,
        204,
      );
      assert.equal((await api.call('GET', '/api/v1/workloads/cart')).statusCode, 404);

      const audit = await api.call('GET', '/api/v1/audit?resourceType=workload&resourceName=cart', {
        role: 'viewer',
      });
      const events = audit.json().items as {
        action: string;
        actor: string;
        before: { zone?: string } | null;
        after: { zone?: string } | null;
      }[];
      assert.deepEqual(
        events.map((e) => e.action),
        ['delete', 'update', 'update', 'create'],
      );
      assert.equal(events[3]!.actor, 'test-operator');
      assert.equal(events[2]!.before?.zone, 'GB');
      assert.equal(events[2]!.after?.zone, 'DE');
      assert.equal(events[0]!.after, null);
    });

    test('list items (built as JSON by the database) equal single reads (built by toApi)', async () => {
      const bodies = [
        sampleWorkload('twin-a', {
          description: 'Café ☕ "quoted" \\ back\nslash',
          vcpu: 0.25,
          memoryGb: 1.5e-3,
          energySource: { type: 'kepler', query: 'sum(x)' },
        }),
        sampleWorkload('twin-b', {
          kind: 'webhook',
          target: { url: 'https://hooks.example/switch', timeoutMs: 500 },
          labels: {},
        }),
      ];
      for (const body of bodies)
        assert.equal((await api.call('POST', '/api/v1/workloads', { body })).statusCode, 201);
      await api.call('POST', '/api/v1/policies', {
        body: samplePolicy('twin-p', { description: null, enabled: false, dryRun: true }),
      });
      for (const plural of ['workloads', 'policies']) {
        const list = await api.call('GET', `/api/v1/${plural}?limit=500`, { role: 'viewer' });
        assert.equal(list.statusCode, 200);
        assert.match(String(list.headers['content-type']), /^application\/json/);
        const items = list.json().items as { name: string }[];
        assert.ok(items.length >= 1);
        for (const item of items) {
          const single = await api.call('GET', `/api/v1/${plural}/${item.name}`, { role: 'viewer' });
          assert.deepEqual(item, single.json(), `${plural}/${item.name}`);
        }
      }
    });

    test('a stale version gets 409 and changes nothing', async () => {
      await api.call('POST', '/api/v1/policies', { body: samplePolicy('weekends') });
      const first = await api.call('PUT', '/api/v1/policies/weekends', {
        body: { ...samplePolicy('weekends'), priority: 1, version: 1 },
      });
      assert.equal(first.statusCode, 200);
      const stale = await api.call('PUT', '/api/v1/policies/weekends', {
        body: { ...samplePolicy('weekends'), priority: 2, version: 1 },
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().details[0].field, 'version');
      const now = await api.call('GET', '/api/v1/policies/weekends');
      assert.equal(now.json().priority, 1);
      assert.equal(now.json().version, 2);
      const audit = await api.call('GET', '/api/v1/audit?resourceType=policy&resourceName=weekends');
      assert.deepEqual(
        audit.json().items.map((e: { action: string }) => e.action),
        ['update', 'create'],
      );
    });

    test('label selectors filter lists with Kubernetes semantics', async () => {
      const specs = [
        sampleWorkload('sel-a', { labels: { env: 'prod', team: 'red' } }),
        sampleWorkload('sel-b', { labels: { env: 'dev', team: 'blue' } }),
        sampleWorkload('sel-c', { labels: { env: 'prod' } }),
        sampleWorkload('sel-d', { labels: { 'lightswitch.io/tier': 'batch', team: 'blue' } }),
      ];
      for (const body of specs)
        assert.equal((await api.call('POST', '/api/v1/workloads', { body })).statusCode, 201);
      const names = async (selector: string) => {
        const res = await api.call('GET', `/api/v1/workloads?selector=${encodeURIComponent(selector)}`, {
          role: 'viewer',
        });
        assert.equal(res.statusCode, 200, res.body);
        return (res.json().items as { name: string }[])
          .map((w) => w.name)
          .filter((n) => n.startsWith('sel-'))
          .sort();
      };
      assert.deepEqual(await names('env=prod'), ['sel-a', 'sel-c']);
      assert.deepEqual(await names('env==prod,team=red'), ['sel-a']);
      assert.deepEqual(await names('env!=prod'), ['sel-b', 'sel-d']);
      assert.deepEqual(await names('team in (red,blue)'), ['sel-a', 'sel-b', 'sel-d']);
      assert.deepEqual(await names('team notin (blue)'), ['sel-a', 'sel-c']);
      assert.deepEqual(await names('team'), ['sel-a', 'sel-b', 'sel-d']);
      assert.deepEqual(await names('!team'), ['sel-c']);
      assert.deepEqual(await names('lightswitch.io/tier=batch'), ['sel-d']);
      const injection = 'env=prod\'; DROP TABLE "Workload"; --';
      const refused = await api.call('GET', `/api/v1/workloads?selector=${encodeURIComponent(injection)}`);
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(await names('env=prod'), ['sel-a', 'sel-c']);
    });

    test('policies and overrides are listed by label selector too', async () => {
      for (const [name, labels] of [
        ['lab-p1', { owner: 'finance' }],
        ['lab-p2', { owner: 'ops', env: 'prod' }],
      ] as const) {
        assert.equal(
          (await api.call('POST', '/api/v1/policies', { body: samplePolicy(name, { labels }) })).statusCode,
          201,
        );
      }
      const policies = await api.call(
        'GET',
        `/api/v1/policies?selector=${encodeURIComponent('owner in (ops,hr)')}`,
      );
      assert.equal(policies.statusCode, 200, policies.body);
      assert.deepEqual(
        policies.json().items.map((p: { name: string }) => p.name),
        ['lab-p2'],
      );
      assert.deepEqual(policies.json().items[0].labels, { owner: 'ops', env: 'prod' });

      const until = new Date(Date.now() + 3600_000).toISOString();
      for (const [name, team] of [
        ['lab-w1', 'red'],
        ['lab-w2', 'green'],
      ] as const) {
        await api.call('POST', '/api/v1/workloads', { body: sampleWorkload(name, { labels: { team } }) });
        const o = await api.call('POST', '/api/v1/overrides', {
          body: { workload: name, state: 'off', until, reason: 'test' },
        });
        assert.equal(o.statusCode, 201, o.body);
      }
      const overrides = await api.call('GET', '/api/v1/overrides?selector=team%3Dgreen');
      assert.equal(overrides.statusCode, 200, overrides.body);
      assert.deepEqual(
        overrides.json().items.map((o: { workload: string }) => o.workload),
        ['lab-w2'],
      );
    });

    test('cursor pagination visits every workload exactly once, with or without a selector', async () => {
      for (let i = 0; i < 23; i++) {
        const body = sampleWorkload(`page-${String(i).padStart(2, '0')}`, {
          labels: { page: i % 2 ? 'odd' : 'even' },
        });
        assert.equal((await api.call('POST', '/api/v1/workloads', { body })).statusCode, 201);
      }
      for (const [selector, expected] of [
        ['', 23],
        ['page=odd', 11],
        ['page', 23],
      ] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const qs = new URLSearchParams({
            limit: '5',
            ...(selector ? { selector } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const res = await api.call('GET', `/api/v1/workloads?${qs}`, { role: 'viewer' });
          assert.equal(res.statusCode, 200, res.body);
          const body = res.json() as { items: { name: string }[]; nextCursor: string | null };
          assert.ok(body.items.length <= 5);
          seen.push(...body.items.map((w) => w.name));
          cursor = body.nextCursor;
          pages++;
        } while (cursor);
        const paged = seen.filter((n) => n.startsWith('page-'));
        assert.equal(paged.length, expected, `selector "${selector}"`);
        assert.equal(new Set(seen).size, seen.length, 'a workload appeared twice');
        assert.ok(pages >= Math.ceil(expected / 5));
      }
    });

    test('overrides switch a workload by hand, are listed when active, and cancel into history', async () => {
      await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('batch') });
      const until = new Date(Date.now() + 2 * 3600_000).toISOString();
      const created = await api.call('POST', '/api/v1/overrides', {
        role: 'operator',
        body: { workload: 'batch', state: 'on', replicas: 2, until, reason: 'quarter-end run' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const o = created.json();
      assert.equal(o.createdBy, 'test-operator');
      assert.equal(o.active, true);
      assert.equal(o.workload, 'batch');

      const active = await api.call('GET', '/api/v1/overrides?workload=batch&active=true', {
        role: 'viewer',
      });
      assert.deepEqual(
        active.json().items.map((x: { id: string }) => x.id),
        [o.id],
      );

      const extended = await api.call('PUT', `/api/v1/overrides/${o.id}`, {
        body: { until: new Date(Date.now() + 4 * 3600_000).toISOString(), version: 1 },
      });
      assert.equal(extended.statusCode, 200, extended.body);
      assert.equal(extended.json().version, 2);
      assert.equal(extended.json().reason, 'quarter-end run');

      assert.equal((await api.call('DELETE', `/api/v1/overrides/${o.id}`)).statusCode, 204);
      const inactive = await api.call('GET', '/api/v1/overrides?workload=batch&active=false', {
        role: 'viewer',
      });
      const cancelled = inactive.json().items[0];
      assert.equal(cancelled.id, o.id);
      assert.ok(cancelled.cancelledAt);
      assert.equal(cancelled.active, false);
      assert.equal((await api.call('DELETE', `/api/v1/overrides/${o.id}`)).statusCode, 409);
      const audit = await api.call('GET', '/api/v1/audit?resourceType=override&resourceName=batch', {
        role: 'viewer',
      });
      const events = audit.json().items as {
        action: string;
        actor: string;
        before: unknown;
        after: { active?: boolean };
      }[];
      assert.deepEqual(
        events.map((e) => e.action),
        ['delete', 'update', 'create'],
      );
      assert.equal(events[0]!.after.active, false);
      assert.ok(events.every((e) => e.actor === (e.action === 'create' ? 'test-operator' : 'test-admin')));
    });
  });
}
