// openDatabase(): the right engine, a describe string without secrets, UTC sessions, persistence, close().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, migrationStatus, openDatabase, type Database } from '../../src/db';
import { createTestPGliteDir, createTestPostgres } from '../support/databases';

const instant = new Date('2024-03-10T06:30:00.123Z');

async function roundTrip(db: Database): Promise<void> {
  const created = await db.prisma.workload.create({
    data: {
      name: `tz-${Date.now()}`,
      kind: 'process',
      target: { command: 'true' },
      zone: 'GB',
      createdAt: instant,
    },
  });
  const read = await db.prisma.workload.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(read.createdAt.toISOString(), instant.toISOString());
  const [stored] = await db.prisma.$queryRawUnsafe<{ epoch: number }[]>(
    `SELECT extract(epoch FROM "createdAt")::float8 AS epoch FROM "Workload" WHERE id = $1::uuid`,
    created.id,
  );
  assert.equal(stored?.epoch, instant.getTime() / 1000, 'stored as the same instant');
}

test('PostgreSQL: describe has no credentials; timestamps survive a non-UTC server time zone', async () => {
  const server = await createTestPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const name = new URL(server.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE "${name}" SET timezone TO 'America/New_York'`);
    await admin.end();

    const url = new URL(server.url);
    url.username = 'postgres';
    url.password = 's3cret-password';
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent' });
    try {
      assert.equal(db.kind, 'postgres');
      assert.equal(db.describe, `PostgreSQL ${url.hostname}:${url.port || 5432}/${name}`);
      assert.doesNotMatch(db.describe, /s3cret|postgres@/);
      await migrate(db);
      await roundTrip(db);
    } finally {
      await db.close();
      await db.close(); // idempotent
    }
  } finally {
    await server.drop();
  }
});

test('PGlite: lives in <dataDir>/pglite, persists across reopen, timestamps round-trip', async () => {
  const dir = await createTestPGliteDir();
  try {
    const db = await openDatabase({ dataDir: dir.dataDir });
    try {
      assert.equal(db.kind, 'pglite');
      assert.equal(db.describe, `PGlite ${join(dir.dataDir, 'pglite')}`);
      assert.equal((await migrationStatus(db)).ok, true, 'the test dir comes migrated');
      await roundTrip(db);
    } finally {
      await db.close();
      await db.close();
    }
    const again = await openDatabase({ dataDir: dir.dataDir });
    try {
      assert.equal(await again.prisma.workload.count(), 1);
    } finally {
      await again.close();
    }
  } finally {
    await dir.cleanup();
  }
});

test('openDatabase rejects a URL that is not postgres://', async () => {
  await assert.rejects(
    openDatabase({ databaseUrl: 'mysql://localhost/x', dataDir: tmpdir() }),
    /postgres:\/\//,
  );
});

test('createTestPostgres fails loudly when PostgreSQL is unreachable', async () => {
  await assert.rejects(createTestPostgres('postgresql://postgres@127.0.0.1:1/test'), (error: unknown) => {
    assert.match((error as Error).message, /PostgreSQL for the tests is unreachable at 127\.0\.0\.1:1\/test/);
    assert.match((error as Error).message, /never skip/);
    return true;
  });
});
