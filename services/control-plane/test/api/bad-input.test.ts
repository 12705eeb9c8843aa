import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, samplePolicy, sampleWorkload, snapshot, startTestApi, type TestApi } from '../support/api';

interface Case {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  field: string;
}

const W = sampleWorkload('checkout');
const P = samplePolicy('nights');
const long = 'x'.repeat(5000);
const UUID = '00000000-0000-4000-8000-000000000000';

function workloadCases(): Case[] {
  const post = (name: string, body: unknown, field: string): Case => ({
    name,
    method: 'POST',
    url: '/api/v1/workloads',
    body,
    field,
  });
  const { name: _n, ...noName } = W;
  const { target: _t, ...noTarget } = W;
  return [
    post('workload: missing name', noName, 'name'),
    post('workload: missing target', noTarget, 'target'),
    post('workload: name wrong type', { ...W, name: 42 }, 'name'),
    post('workload: name with capitals', { ...W, name: 'Checkout' }, 'name'),
    post('workload: unknown field', { ...W, colour: 'red' }, 'colour'),
    post('workload: unknown kind', { ...W, kind: 'vm' }, 'kind'),
    post('workload: replicas as a string', { ...W, replicasOn: '3' }, 'replicasOn'),
    post('workload: negative replicas', { ...W, replicasOn: -1 }, 'replicasOn'),
    post('workload: fractional replicas', { ...W, replicasOn: 1.5 }, 'replicasOn'),
    post('workload: oversize description', { ...W, description: long }, 'description'),
    post('workload: oversize name', { ...W, name: 'a'.repeat(300) }, 'name'),
    post('workload: labels not a map of strings', { ...W, labels: { app: 3 } }, 'labels.app'),
    post('workload: bad label key', { ...W, labels: { 'bad key': 'x' } }, 'labels.bad key'),
    post('workload: bad label value', { ...W, labels: { app: '-x-' } }, 'labels.app'),
    post('workload: k8s target missing namespace', { ...W, target: { name: 'x' } }, 'target.namespace'),
    post(
      'workload: k8s target unknown field',
      { ...W, target: { namespace: 'a', name: 'b', image: 'c' } },
      'target.image',
    ),
    post(
      'workload: webhook url not http',
      { ...W, kind: 'webhook', target: { url: 'ftp://x' } },
      'target.url',
    ),
    post(
      'workload: process without command',
      { ...W, kind: 'process', target: { args: [] } },
      'target.command',
    ),
    post('workload: off above on', { ...W, replicasOn: 1, replicasOff: 2 }, 'replicasOff'),
    post('workload: zero vcpu', { ...W, vcpu: 0 }, 'vcpu'),
    post('workload: bad energy source', { ...W, energySource: { type: 'rapl' } }, 'energySource.type'),
    post('workload: body is an array', [W], '(body)'),
    {
      name: 'workload: body is not JSON',
      method: 'POST',
      url: '/api/v1/workloads',
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
      field: '(body)',
    },
    {
      name: 'workload: body too large',
      method: 'POST',
      url: '/api/v1/workloads',
      body: { ...W, description: 'y'.repeat(1_100_000) },
      field: '(body)',
    },
    { name: 'workload: get bad name', method: 'GET', url: '/api/v1/workloads/Bad_Name', field: 'name' },
    { name: 'workload: get missing', method: 'GET', url: '/api/v1/workloads/nope', field: 'name' },
    {
      name: 'workload: bad selector',
      method: 'GET',
      url: '/api/v1/workloads?selector=' + encodeURIComponent('zone in (gb'),
      field: 'selector',
    },
    {
      name: 'workload: bad selector key',
      method: 'GET',
      url: '/api/v1/workloads?selector=' + encodeURIComponent('-x=y'),
      field: 'selector',
    },
    {
      name: 'workload: limit not a number',
      method: 'GET',
      url: '/api/v1/workloads?limit=lots',
      field: 'limit',
    },
    {
      name: 'workload: limit too large',
      method: 'GET',
      url: '/api/v1/workloads?limit=100000',
      field: 'limit',
    },
    { name: 'workload: bad cursor', method: 'GET', url: '/api/v1/workloads?cursor=garbage', field: 'cursor' },
    {
      name: 'workload: unknown query parameter',
      method: 'GET',
      url: '/api/v1/workloads?colour=red',
      field: 'colour',
    },
    {
      name: 'workload: put without version',
      method: 'PUT',
      url: '/api/v1/workloads/existing',
      body: sampleWorkload('existing'),
      field: 'version',
    },
    {
      name: 'workload: put renames',
      method: 'PUT',
      url: '/api/v1/workloads/existing',
      body: { ...sampleWorkload('other'), version: 1 },
      field: 'name',
    },
    {
      name: 'workload: put stale version',
      method: 'PUT',
      url: '/api/v1/workloads/existing',
      body: { ...sampleWorkload('existing'), version: 7 },
      field: 'version',
    },
    {
      name: 'workload: put version wrong type',
      method: 'PUT',
      url: '/api/v1/workloads/existing',
      body: { ...sampleWorkload('existing'), version: 'one' },
      field: 'version',
    },
    {
      name: 'workload: put missing',
      method: 'PUT',
      url: '/api/v1/workloads/nope',
      body: { ...sampleWorkload('nope'), version: 1 },
      field: 'name',
    },
    {
      name: 'workload: put bad If-Match',
      method: 'PUT',
      url: '/api/v1/workloads/existing',
      body: sampleWorkload('existing'),
      headers: { 'if-match': 'yesterday' },
      field: 'version',
    },
    {
      name: 'workload: create duplicate',
      method: 'POST',
      url: '/api/v1/workloads',
      body: sampleWorkload('existing'),
      field: 'name',
    },
    { name: 'workload: delete missing', method: 'DELETE', url: '/api/v1/workloads/nope', field: 'name' },
    {
      name: 'workload: delete stale If-Match',
      method: 'DELETE',
      url: '/api/v1/workloads/existing',
      headers: { 'if-match': '"9"' },
      field: 'version',
    },
  ];
}

function policyCases(): Case[] {
  const post = (name: string, body: unknown, field: string): Case => ({
    name,
    method: 'POST',
    url: '/api/v1/policies',
    body,
    field,
  });
  const spec = (s: Record<string, unknown>) => ({ ...P, spec: { ...P.spec, ...s } });
  return [
    post('policy: unknown type', { ...P, type: 'lunar' }, 'type'),
    post('policy: spec not an object', { ...P, spec: 'always' }, 'spec'),
    post('policy: bad timezone', spec({ timezone: 'Mars/Olympus_Mons' }), 'spec.timezone'),
    post('policy: bad cron', spec({ sleepCron: '61 * * * *', wakeCron: '0 7 * * 1' }), 'spec.sleepCron'),
    post('policy: cron gibberish', spec({ sleepCron: '0 19 * * 5', wakeCron: 'soon' }), 'spec.wakeCron'),
    post('policy: sleep cron without wake', spec({ sleepCron: '0 19 * * 5' }), 'spec.wakeCron'),
    post(
      'policy: bad window day',
      spec({ offWindows: [{ from: { day: 'friday', time: '19:00' }, to: { day: 'mon', time: '07:00' } }] }),
      'spec.offWindows.0.from.day',
    ),
    post(
      'policy: bad window time',
      spec({ offWindows: [{ from: { day: 'fri', time: '25:00' }, to: { day: 'mon', time: '07:00' } }] }),
      'spec.offWindows.0.from.time',
    ),
    post('policy: unknown spec field', spec({ sleepAt: '19:00' }), 'spec.sleepAt'),
    post('policy: bad holiday date', spec({ offDates: ['25/12/2026'] }), 'spec.offDates.0'),
    post(
      'policy: range ends before it starts',
      spec({ offRanges: [{ from: '2026-12-24T00:00:00Z', to: '2026-12-23T00:00:00Z' }] }),
      'spec.offRanges.0.to',
    ),
    post('policy: schedule with nothing to do', { ...P, spec: { timezone: 'UTC' } }, 'spec'),
    post(
      'policy: idle missing minutes',
      { ...P, type: 'idle', spec: { thresholdRps: 1 } },
      'spec.idleMinutes',
    ),
    post('policy: carbon threshold empty', { ...P, type: 'carbon-threshold', spec: {} }, 'spec'),
    post(
      'policy: carbon percentile over 100',
      { ...P, type: 'carbon-threshold', spec: { offAbovePercentile: 120 } },
      'spec.offAbovePercentile',
    ),
    post(
      'policy: carbon window no deadline',
      { ...P, type: 'carbon-window', spec: { durationMinutes: 60 } },
      'spec.deadline',
    ),
    post(
      'policy: carbon window too tight',
      {
        ...P,
        type: 'carbon-window',
        spec: {
          durationMinutes: 120,
          earliestStart: '2026-12-01T00:00:00Z',
          deadline: '2026-12-01T01:00:00Z',
        },
      },
      'spec.deadline',
    ),
    post('policy: bad selector', { ...P, selector: 'tier in (web' }, 'selector'),
    post('policy: priority wrong type', { ...P, priority: 'high' }, 'priority'),
    post('policy: enabled wrong type', { ...P, enabled: 'yes' }, 'enabled'),
    post('policy: unknown field', { ...P, owner: 'me' }, 'owner'),
    post('policy: bad label key', { ...P, labels: { 'no spaces': 'x' } }, 'labels.no spaces'),
    post('policy: label value wrong type', { ...P, labels: { owner: true } }, 'labels.owner'),
    {
      name: 'policy: bad list selector',
      method: 'GET',
      url: '/api/v1/policies?selector=owner%20in%20',
      field: 'selector',
    },
    {
      name: 'policy: put stale',
      method: 'PUT',
      url: '/api/v1/policies/existing',
      body: { ...samplePolicy('existing'), version: 3 },
      field: 'version',
    },
    {
      name: 'policy: put bad cron',
      method: 'PUT',
      url: '/api/v1/policies/existing',
      body: {
        ...samplePolicy('existing'),
        version: 1,
        spec: { timezone: 'UTC', sleepCron: '* * *', wakeCron: '0 7 * * *' },
      },
      field: 'spec.sleepCron',
    },
    { name: 'policy: delete missing', method: 'DELETE', url: '/api/v1/policies/nope', field: 'name' },
  ];
}

function overrideAndTokenCases(): Case[] {
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const O = { workload: 'existing', state: 'off', until: future, reason: 'maintenance' };
  const post = (name: string, body: unknown, field: string): Case => ({
    name,
    method: 'POST',
    url: '/api/v1/overrides',
    body,
    field,
  });
  return [
    post('override: unknown workload', { ...O, workload: 'ghost' }, 'workload'),
    post('override: until in the past', { ...O, until: '2001-01-01T00:00:00Z' }, 'until'),
    post('override: until not a date', { ...O, until: 'tomorrow' }, 'until'),
    post('override: bad state', { ...O, state: 'dim' }, 'state'),
    post('override: missing reason', { ...O, reason: undefined }, 'reason'),
    post('override: replicas while off', { ...O, replicas: 2 }, 'replicas'),
    post('override: unknown field', { ...O, force: true }, 'force'),
    { name: 'override: get bad id', method: 'GET', url: '/api/v1/overrides/not-a-uuid', field: 'id' },
    { name: 'override: get missing', method: 'GET', url: `/api/v1/overrides/${UUID}`, field: 'id' },
    {
      name: 'override: put missing',
      method: 'PUT',
      url: `/api/v1/overrides/${UUID}`,
      body: { version: 1, reason: 'x' },
      field: 'id',
    },
    { name: 'override: delete missing', method: 'DELETE', url: `/api/v1/overrides/${UUID}`, field: 'id' },
    {
      name: 'override: list bad active',
      method: 'GET',
      url: '/api/v1/overrides?active=perhaps',
      field: 'active',
    },
    {
      name: 'token: bad role',
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'ci', role: 'root' },
      field: 'role',
    },
    {
      name: 'token: expiry in the past',
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'ci', role: 'viewer', expiresAt: '2000-01-01T00:00:00Z' },
      field: 'expiresAt',
    },
    {
      name: 'token: duplicate name',
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'test-viewer', role: 'viewer' },
      field: 'name',
    },
    { name: 'token: revoke missing', method: 'DELETE', url: '/api/v1/tokens/ghost', field: 'name' },
    {
      name: 'token: bad name',
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'a b', role: 'viewer' },
      field: 'name',
    },
    { name: 'audit: bad cursor', method: 'GET', url: '/api/v1/audit?cursor=abc', field: 'cursor' },
    {
      name: 'audit: unknown resource type',
      method: 'GET',
      url: '/api/v1/audit?resourceType=planet',
      field: 'resourceType',
    },
  ];
}

for (const kind of DB_KINDS) {
  describe(`bad input is refused cleanly (${kind})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(kind);
      for (const [url, body] of [
        ['/api/v1/workloads', sampleWorkload('existing')],
        ['/api/v1/policies', samplePolicy('existing')],
      ] as const) {
        const res = await api.call('POST', url, { body });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => api.close());

    for (const c of [...workloadCases(), ...policyCases(), ...overrideAndTokenCases()]) {
      test(c.name, async () => {
        const before = await snapshot(api.db);
        const res = await api.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: { authorization: `Bearer ${api.tokens.admin}`, ...(c.headers ?? {}) },
          ...(c.raw !== undefined
            ? { payload: c.raw }
            : c.body !== undefined
              ? { payload: c.body as object }
              : {}),
        });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body}`);
        const body = res.json() as {
          error: string;
          message: string;
          details: { field: string; problem: string }[];
        };
        assert.equal(typeof body.error, 'string');
        assert.ok(body.message.length > 0);
        assert.ok(
          body.details.some((d) => d.field === c.field && d.problem.length > 0),
          `expected a detail for "${c.field}", got ${JSON.stringify(body.details)}`,
        );
        assert.equal(await snapshot(api.db), before, 'the database changed');
      });
    }
  });
}
