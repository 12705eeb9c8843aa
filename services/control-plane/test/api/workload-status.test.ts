import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleWorkload, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi('postgres');
});
after(() => api.close());

test('GET /workloads/{name}/status: desired, observed, health and the newest decision; degraded in metrics', async () => {
  await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('flaky') });
  await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('fresh') });
  const w = await api.db.prisma.workload.findUniqueOrThrow({ where: { name: 'flaky' } });
  await api.db.prisma.decision.create({
    data: {
      workloadId: w.id,
      fromState: 'on',
      toState: 'off',
      toReplicas: 0,
      reason: 'off: test',
      attempts: 3,
      actuationStatus: 'pending',
      error: 'unavailable: 503',
    },
  });
  await api.db.prisma.workloadState.create({
    data: {
      workloadId: w.id,
      desiredState: 'off',
      desiredReplicas: 0,
      observedState: 'on',
      observedReplicas: 3,
      health: 'degraded',
      consecutiveFailures: 3,
      lastError: 'webhook answered 503',
    },
  });
  const res = await api.call('GET', '/api/v1/workloads/flaky/status', { role: 'viewer' });
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json();
  assert.deepEqual(s.desired, { state: 'off', replicas: 0 });
  assert.equal(s.observed.state, 'on');
  assert.equal(s.health, 'degraded');
  assert.equal(s.lastError, 'webhook answered 503');
  assert.equal(s.lastDecision.actuationStatus, 'pending');
  assert.equal(s.lastDecision.attempts, 3);

  const fresh = (await api.call('GET', '/api/v1/workloads/fresh/status', { role: 'viewer' })).json();
  assert.equal(fresh.health, 'ok');
  assert.equal(fresh.desired, null);
  assert.equal(fresh.lastDecision, null);
  assert.equal((await api.call('GET', '/api/v1/workloads/ghost/status', { role: 'viewer' })).statusCode, 404);

  const metrics = await api.call('GET', '/metrics', { role: null });
  assert.match(metrics.body, /lightswitch_workload_degraded\{workload="flaky"\} 1/);
});
