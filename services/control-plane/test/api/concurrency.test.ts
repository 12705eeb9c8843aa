import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { createTestPostgres } from '../support/databases';
import { samplePolicy, sampleWorkload } from '../support/api';

describe('concurrent conflicting updates over real HTTP on PostgreSQL', () => {
  let server: RunningServer;
  let token: string;
  let dataDir: string;
  let drop: () => Promise<void>;

  before(async () => {
    const pg = await createTestPostgres();
    drop = pg.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'ls-conc-'));
    server = await startServer(
      loadConfig({
        DATABASE_URL: pg.url,
        LIGHTSWITCH_DATA_DIR: dataDir,
        LIGHTSWITCH_PORT: '0',
        LIGHTSWITCH_ACTIVATOR_PORT: '0',
        LIGHTSWITCH_LOG_LEVEL: 'silent',
      }),
    );
    token = (await readFile(server.adminTokenFile, 'utf8')).trim();
  });
  after(async () => {
    await server.close();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  for (const [plural, make] of [
    ['workloads', sampleWorkload],
    ['policies', samplePolicy],
  ] as const) {
    test(`${plural}: of 12 simultaneous updates from one version exactly one wins`, async () => {
      const name = `race-${plural}`;
      assert.equal((await send('POST', `/api/v1/${plural}`, make(name))).status, 201);
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          send('PUT', `/api/v1/${plural}/${name}`, { ...make(name), description: `writer ${i}`, version: 1 }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, ...Array(11).fill(409)]);
      const winner = (await responses.find((r) => r.status === 200)!.json()) as any;
      const stored = (await (await send('GET', `/api/v1/${plural}/${name}`)).json()) as any;
      assert.equal(stored.version, 2);
      assert.equal(stored.description, winner.description);
      const audit = (await (await send('GET', `/api/v1/audit?resourceName=${name}`)).json()) as any;
      assert.equal(audit.items.filter((e: { action: string }) => e.action === 'update').length, 1);
    });
  }

  test('simultaneous creates of one name: one 201, the rest 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => send('POST', '/api/v1/workloads', sampleWorkload('twin'))),
    );
    assert.deepEqual(responses.map((r) => r.status).sort(), [201, ...Array(7).fill(409)]);
  });
});
