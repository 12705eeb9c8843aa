import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { samplePolicy, sampleWorkload, startTestApi, type TestApi } from '../support/api';

describe('the decision log', () => {
  let api: TestApi;
  const t0 = Date.parse('2026-11-20T18:00:00Z');

  before(async () => {
    api = await startTestApi('postgres');
    await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('shop') });
    await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('batch') });
    await api.call('POST', '/api/v1/policies', { body: samplePolicy('weekends') });
    const [shop, batch, policy] = await Promise.all([
      api.db.prisma.workload.findUniqueOrThrow({ where: { name: 'shop' } }),
      api.db.prisma.workload.findUniqueOrThrow({ where: { name: 'batch' } }),
      api.db.prisma.policy.findUniqueOrThrow({ where: { name: 'weekends' } }),
    ]);
    // Seven decisions, alternating workloads, one minute apart; the newest is t0 + 6 min.
    for (let i = 0; i < 7; i++) {
      const off = i % 2 === 0;
      await api.db.prisma.decision.create({
        data: {
          workloadId: i % 3 === 0 ? batch.id : shop.id,
          decidedAt: new Date(t0 + i * 60_000),
          fromState: off ? 'on' : 'off',
          toState: off ? 'off' : 'on',
          fromReplicas: off ? 3 : 0,
          toReplicas: off ? 0 : 3,
          reason: off
            ? 'off: weekend window Fri 19:00–Mon 07:00 Europe/London'
            : 'on: outside every off window',
          policyId: policy.id,
          policyName: policy.name,
          signals: { carbon: { zone: 'GB', status: 'fresh', intensityGPerKwh: 120 + i } },
          actuationStatus: i === 6 ? 'pending' : 'succeeded',
        },
      });
    }
  });
  after(() => api.close());

  test('lists newest first with reasons and the signals used', async () => {
    const res = await api.call('GET', '/api/v1/decisions', { role: 'viewer' });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items;
    assert.equal(items.length, 7);
    assert.equal(items[0].decidedAt, new Date(t0 + 6 * 60_000).toISOString());
    assert.equal(items[0].actuationStatus, 'pending');
    assert.match(items[0].reason, /weekend window/);
    assert.equal(items[0].signals.carbon.intensityGPerKwh, 126);
    assert.equal(items[0].policy, 'weekends');
  });

  test('filters by workload, state, status and time, and pages with a cursor', async () => {
    const names = async (qs: string) =>
      (await api.call('GET', `/api/v1/decisions?${qs}`, { role: 'viewer' }))
        .json()
        .items.map((d: { workload: string; toState: string }) => `${d.workload}:${d.toState}`);
    assert.deepEqual(await names('workload=batch'), ['batch:off', 'batch:on', 'batch:off']);
    assert.equal((await names('toState=on')).length, 3);
    assert.equal((await names('actuationStatus=pending')).length, 1);
    const since = new Date(t0 + 4 * 60_000).toISOString();
    assert.equal((await names(`since=${since}`)).length, 3);
    assert.equal((await names(`since=${since}&before=${new Date(t0 + 6 * 60_000).toISOString()}`)).length, 2);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call('GET', `/api/v1/decisions?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        role: 'viewer',
      });
      const body = res.json();
      seen.push(...body.items.map((d: { id: string }) => d.id));
      cursor = body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });

  test('bad filters are refused naming the field', async () => {
    for (const [qs, field] of [
      ['toState=dim', 'toState'],
      ['since=yesterday', 'since'],
      ['actuationStatus=maybe', 'actuationStatus'],
      ['since=2026-11-21T00:00:00Z&before=2026-11-20T00:00:00Z', 'before'],
      ['cursor=nonsense', 'cursor'],
      ['workload=Not_A_Name', 'workload'],
    ]) {
      const res = await api.call('GET', `/api/v1/decisions?${qs}`, { role: 'viewer' });
      assert.ok(res.statusCode === 400 || res.statusCode === 422, `${qs}: ${res.statusCode}`);
      assert.ok(
        res.json().details.some((d: { field: string }) => d.field === field),
        `${qs}: ${res.body}`,
      );
    }
  });
});
