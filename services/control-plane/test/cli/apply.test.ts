import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDocument, changedFields, formatApplyResult, jsonEqual } from '../../src/cli/apply';
import { ApiClient } from '../../src/cli/client';
import type { SpecDocument } from '../../src/cli/documents';
import { ApiError } from '../../src/cli/errors';
import { policies, workloads } from '../../src/cli/resources';
import { FakeApi } from './fake-api';

const connection = { baseUrl: 'http://api.test', token: 'secret-admin', tokenSource: 'test' };
const setup = () => {
  const api = new FakeApi();
  return { api, client: new ApiClient(connection, { fetch: api.fetch }) };
};
const doc = (body: Record<string, unknown>): SpecDocument => ({
  source: 'w.yaml',
  position: 'document 1',
  name: body.name as string,
  body,
});
const spec = { name: 'web', kind: 'process', zone: 'GB', target: { command: 'sleep', args: ['60'] } };

test('jsonEqual: structural, key order does not matter, arrays do', () => {
  assert.ok(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }));
  assert.ok(!jsonEqual({ c: [1, 2] }, { c: [2, 1] }));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEqual(1, '1'));
  assert.ok(!jsonEqual([], {}));
  assert.ok(!jsonEqual({ a: {} }, { a: null }));
  assert.ok(jsonEqual(null, undefined), 'null and a missing value are the same');
  assert.ok(jsonEqual({ a: null }, {}));
  assert.ok(jsonEqual(2, 2.0));
});

test('changedFields compares only the fields the document has', () => {
  const stored = { ...spec, id: 'x', version: 3, labels: { tier: 'web' }, replicasOn: 1, description: null };
  assert.deepEqual(changedFields(spec, stored), []);
  assert.deepEqual(changedFields({ ...spec, description: null }, stored), []);
  assert.deepEqual(changedFields({ ...spec, replicasOn: 2, labels: { tier: 'web' } }, stored), [
    'replicasOn',
  ]);
  assert.deepEqual(changedFields({ ...spec, labels: { tier: 'web', team: 'a' } }, stored), ['labels']);
  assert.deepEqual(changedFields({ ...spec, target: { command: 'sleep', args: ['61'] } }, stored), [
    'target',
  ]);
});

test('apply: a new workload is created with a POST of the document', async () => {
  const { api, client } = setup();
  const result = await applyDocument(client, workloads, doc(spec));
  assert.equal(result.action, 'created');
  assert.equal(result.object?.version, 1);
  assert.deepEqual(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/v1/workloads/web', 'POST /api/v1/workloads'],
  );
  assert.deepEqual(api.calls[1]!.body, spec);
});

test('apply: the same document again is unchanged and sends nothing', async () => {
  const { api, client } = setup();
  await applyDocument(client, workloads, doc(spec));
  api.calls.length = 0;
  const result = await applyDocument(client, workloads, doc({ ...spec, replicasOn: 1 }));
  assert.equal(result.action, 'unchanged');
  assert.deepEqual(
    api.calls.map((c) => c.method),
    ['GET'],
  );
});

test('apply: a changed field is a PUT carrying the version that was read', async () => {
  const { api, client } = setup();
  await applyDocument(client, workloads, doc(spec));
  await applyDocument(client, workloads, doc({ ...spec, zone: 'DE' }));
  api.calls.length = 0;
  const result = await applyDocument(client, workloads, doc({ ...spec, zone: 'FR' }));
  assert.equal(result.action, 'configured');
  assert.equal(result.object?.zone, 'FR');
  assert.equal(result.object?.version, 3);
  assert.deepEqual(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/v1/workloads/web', 'PUT /api/v1/workloads/web'],
  );
  assert.deepEqual(api.calls[1]!.body, { ...spec, zone: 'FR', version: 2 });
});

test('apply: a 409 on PUT is retried once after re-reading', async () => {
  const { api, client } = setup();
  await applyDocument(client, policies, doc({ name: 'night', type: 'schedule', spec: {} }));
  api.conflictsOnPut = 1;
  api.calls.length = 0;
  const result = await applyDocument(
    client,
    policies,
    doc({ name: 'night', type: 'schedule', spec: { on: 'x' } }),
  );
  assert.equal(result.action, 'configured');
  assert.deepEqual(
    api.calls.map((c) => `${c.method} ${(c.body as { version?: number } | undefined)?.version ?? ''}`.trim()),
    ['GET', 'PUT 1', 'GET', 'PUT 2'],
  );
});

test('apply: a second 409 is reported, not retried forever', async () => {
  const { api, client } = setup();
  await applyDocument(client, workloads, doc(spec));
  api.conflictsOnPut = 2;
  await assert.rejects(
    applyDocument(client, workloads, doc({ ...spec, zone: 'DE' })),
    (error: unknown) => error instanceof ApiError && error.status === 409,
  );
  assert.equal(api.calls.filter((c) => c.method === 'PUT').length, 2);
});

test('apply: a create that races with another create becomes an update', async () => {
  const original = new FakeApi().fetch;
  let raced = false;
  // The first POST finds the name taken: someone created it after our GET.
  const racing = new ApiClient(connection, {
    fetch: async (input, init) => {
      if (init.method === 'POST' && !raced) {
        raced = true;
        await original(input, init);
        return new Response(JSON.stringify({ error: 'Conflict', message: 'exists', details: [] }), {
          status: 409,
        });
      }
      return original(input, init);
    },
  });
  const result = await applyDocument(racing, workloads, doc({ ...spec, zone: 'DE' }));
  assert.equal(result.action, 'unchanged');
});

test('apply --dry-run reads but never writes', async () => {
  const { api, client } = setup();
  assert.equal((await applyDocument(client, workloads, doc(spec), { dryRun: true })).action, 'created');
  await applyDocument(client, workloads, doc(spec));
  const result = await applyDocument(client, workloads, doc({ ...spec, zone: 'DE' }), { dryRun: true });
  assert.equal(result.action, 'configured');
  assert.equal(result.object?.zone, 'DE');
  assert.deepEqual(
    api.calls.filter((c) => c.method !== 'GET').map((c) => c.method),
    ['POST'],
  );
});

test('apply output reads like kubectl', () => {
  assert.equal(
    formatApplyResult(workloads, { name: 'web', action: 'created', object: undefined }),
    'workload/web created\n',
  );
  assert.equal(
    formatApplyResult(policies, { name: 'p', action: 'unchanged', object: {} }),
    'policy/p unchanged\n',
  );
  assert.equal(
    formatApplyResult(policies, { name: 'p', action: 'configured', object: {} }, true),
    'policy/p configured (dry run)\n',
  );
});
