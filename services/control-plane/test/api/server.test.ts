import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';

describe('the server on its embedded defaults (PGlite, no DATABASE_URL)', () => {
  let dataDir: string;
  let server: RunningServer;
  const env = () => ({
    LIGHTSWITCH_DATA_DIR: dataDir,
    LIGHTSWITCH_PORT: '0',
    LIGHTSWITCH_ACTIVATOR_PORT: '0',
    LIGHTSWITCH_LOG_LEVEL: 'silent',
    LIGHTSWITCH_DEMO: 'false',
  });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ls-embedded-'));
    server = await startServer(loadConfig(env()));
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('is ready on a freshly migrated embedded database', async () => {
    assert.equal(server.db.kind, 'pglite');
    const res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.migrations.pending, []);
    assert.ok(body.migrations.applied >= 1);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test('creates a bootstrap admin token once, in a file only its owner can read', async () => {
    assert.ok(server.adminToken, 'the first start must create an admin token');
    const mode = (await stat(server.adminTokenFile)).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.equal((await readFile(server.adminTokenFile, 'utf8')).trim(), server.adminToken);
    const res = await fetch(`${server.url}/api/v1/tokens`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as any).items.map((t: { role: string }) => t.role),
      ['admin'],
    );
  });

  test('publishes an OpenAPI 3 document covering every API route, and browsable docs', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as any;
    assert.match(doc.openapi, /^3\./);
    for (const path of [
      '/api/v1/workloads',
      '/api/v1/workloads/{name}',
      '/api/v1/policies/{name}',
      '/api/v1/overrides/{id}',
      '/api/v1/tokens',
    ]) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    assert.ok(doc.paths['/api/v1/workloads'].post.requestBody, 'request schema missing');
    assert.equal(
      doc.paths['/api/v1/workloads'].post.requestBody.content['application/json'].schema.additionalProperties,
      false,
    );
    const ui = await fetch(`${server.url}/api/docs`, { redirect: 'follow' });
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });

  test('exposes process metrics and a request-duration histogram by route and status', async () => {
    await fetch(`${server.url}/api/v1/workloads`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /process_cpu_seconds_total/);
    assert.match(
      text,
      /lightswitch_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/workloads"[^}]*status_code="200"/,
    );
    assert.match(text, /lightswitch_workloads|# TYPE lightswitch_workloads gauge/);
  });

  test('a restart reuses the database and does not make another admin token', async () => {
    await server.close();
    server = await startServer(loadConfig(env()));
    assert.equal(server.adminToken, undefined);
    const token = (await readFile(server.adminTokenFile, 'utf8')).trim();
    const res = await fetch(`${server.url}/api/v1/workloads`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
  });
});
