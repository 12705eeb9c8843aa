import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/api';
import { loadConfig } from '../../src/config';
import { migrate, openDatabase } from '../../src/db';
import { createContext } from '../../src/server';
import { createTestPostgres } from '../support/databases';

const config = loadConfig({ LIGHTSWITCH_LOG_LEVEL: 'silent' });

test('/readyz is 503 until every migration is applied, then 200', async () => {
  const pg = await createTestPostgres();
  const db = await openDatabase({ databaseUrl: pg.url, dataDir: '/nonexistent' });
  try {
    const app = await buildApp(createContext(config, db), { logger: false });
    const before = await app.inject({ url: '/readyz' });
    assert.equal(before.statusCode, 503);
    assert.ok(before.json().migrations.pending.length >= 3, before.body);
    assert.equal(
      (await app.inject({ url: '/healthz' })).statusCode,
      200,
      'liveness does not depend on the database',
    );
    await migrate(db);
    const after = await app.inject({ url: '/readyz' });
    assert.equal(after.statusCode, 200, after.body);
    assert.deepEqual(after.json().migrations.pending, []);
    await app.close();
  } finally {
    await db.close();
    await pg.drop();
  }
});

test('/readyz is 503 and says why when the database cannot be reached', async () => {
  const db = await openDatabase({
    databaseUrl: 'postgresql://postgres@127.0.0.1:1/nowhere',
    dataDir: '/nonexistent',
  });
  try {
    const app = await buildApp(createContext(config, db), { logger: false });
    const res = await app.inject({ url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().status, 'not ready');
    assert.ok(res.json().error, res.body);
    assert.ok(!res.body.includes('postgres@'), 'credentials must not leak');
    await app.close();
  } finally {
    await db.close();
  }
});
