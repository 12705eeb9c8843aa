import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '../../src/auth';
import { sampleWorkload, startTestApi, type TestApi } from '../support/api';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const fill = (url: string) =>
  url.replace(':name', 'some-name').replace(':id', '00000000-0000-4000-8000-000000000000');

describe('authentication and roles', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi('postgres');
  });
  after(() => api.close());

  test('every mutating route refuses no token, a wrong token and a viewer token', async () => {
    const mutating = api.app.routeTable.filter((r) => MUTATING.has(r.method));
    // The API has workload, policy, override and token mutations; an empty table would prove nothing.
    assert.ok(mutating.length >= 10, `only ${mutating.length} mutating routes found`);
    for (const route of mutating) {
      assert.ok(route.role, `${route.method} ${route.url} has no role`);
      assert.notEqual(route.role, 'viewer', `${route.method} ${route.url} lets viewers mutate`);
      const url = fill(route.url);
      const none = await api.call(route.method, url, { role: null, body: {} });
      assert.equal(none.statusCode, 401, `${route.method} ${url} without a token: ${none.body}`);
      const wrong = await api.call(route.method, url, {
        role: null,
        body: {},
        headers: { authorization: 'Bearer lsk_wrong' },
      });
      assert.equal(wrong.statusCode, 401, `${route.method} ${url} with a wrong token`);
      const viewer = await api.call(route.method, url, { role: 'viewer', body: {} });
      assert.equal(viewer.statusCode, 403, `${route.method} ${url} as viewer: ${viewer.body}`);
      assert.equal(viewer.json().details[0].field, 'authorization');
    }
  });

  test('reads need a viewer token; health, metrics and docs are public', async () => {
    for (const route of api.app.routeTable.filter((r) => r.method === 'GET')) {
      const res = await api.call('GET', fill(route.url), { role: null });
      if (route.url.startsWith('/api/v1')) assert.equal(res.statusCode, 401, route.url);
      else assert.notEqual(res.statusCode, 401, route.url);
    }
    assert.equal((await api.call('GET', '/api/v1/workloads', { role: 'viewer' })).statusCode, 200);
  });

  test('token management needs admin, not operator', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/tokens'],
      ['POST', '/api/v1/tokens'],
      ['DELETE', '/api/v1/tokens/x'],
    ]) {
      const res = await api.call(method!, url!, { role: 'operator', body: { name: 'x', role: 'viewer' } });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    assert.equal(
      (await api.call('POST', '/api/v1/workloads', { role: 'operator', body: sampleWorkload('op') }))
        .statusCode,
      201,
    );
  });

  test('a created token is shown once, stored only as a hash, and works until revoked', async () => {
    const created = await api.call('POST', '/api/v1/tokens', { body: { name: 'ci-bot', role: 'operator' } });
    assert.equal(created.statusCode, 201, created.body);
    const { token, prefix } = created.json() as { token: string; prefix: string };
    assert.match(token, /^lsk_[A-Za-z0-9_-]{43}$/);
    assert.ok(token.startsWith(prefix));

    const row = await api.db.prisma.apiToken.findUniqueOrThrow({ where: { name: 'ci-bot' } });
    assert.equal(row.hash, hashToken(token));
    assert.ok(!JSON.stringify(row).includes(token), 'the token is stored in clear');
    const listed = await api.call('GET', '/api/v1/tokens');
    assert.ok(!listed.body.includes(token), 'the token is listed');
    assert.ok(!listed.body.includes(row.hash), 'the hash is listed');

    const use = () =>
      api.call('GET', '/api/v1/workloads', { role: null, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await use()).statusCode, 200);
    assert.equal((await api.call('DELETE', '/api/v1/tokens/ci-bot')).statusCode, 204);
    assert.equal((await use()).statusCode, 401);

    const audit = await api.db.prisma.auditEvent.findMany({
      where: { resourceType: 'token', resourceName: 'ci-bot' },
    });
    assert.deepEqual(audit.map((a) => a.action).sort(), ['create', 'revoke']);
    assert.ok(!JSON.stringify(audit, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(token));
  });

  test('the last admin token cannot be revoked', async () => {
    const res = await api.call('DELETE', '/api/v1/tokens/test-admin');
    assert.equal(res.statusCode, 409, res.body);
  });

  test('an expired token is refused', async () => {
    const created = await api.call('POST', '/api/v1/tokens', {
      body: { name: 'short', role: 'viewer', expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    const { token } = created.json() as { token: string };
    await new Promise((r) => setTimeout(r, 1600));
    const res = await api.call('GET', '/api/v1/workloads', {
      role: null,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 401);
  });
});

describe('authentication failures are rate limited', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi('postgres', { authFailureLimit: 5 });
  });
  after(() => api.close());

  test('after the limit a client gets 429 with Retry-After, even with a good token', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await api.call('GET', '/api/v1/workloads', {
        role: null,
        headers: { authorization: `Bearer lsk_guess${i}` },
      });
      assert.equal(res.statusCode, 401);
    }
    const blocked = await api.call('GET', '/api/v1/workloads', {
      role: null,
      headers: { authorization: 'Bearer lsk_guess' },
    });
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    const good = await api.call('GET', '/api/v1/workloads', { role: 'viewer' });
    assert.equal(good.statusCode, 429, 'a blocked address must not be able to keep probing');
    const metrics = await api.call('GET', '/metrics', { role: null });
    assert.match(metrics.body, /lightswitch_auth_failures_total\{reason="invalid"\} 5/);
  });
});
