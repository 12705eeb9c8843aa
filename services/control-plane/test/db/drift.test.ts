// The migrations produce exactly what prisma/schema.prisma describes, judged by Prisma's own schema engine
// (the wasm build of `prisma migrate diff`), and Prisma Migrate agrees with our bookkeeping both ways.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  pgEngineAdapter,
  pgliteEngineAdapter,
  pgTargetFromUrl,
} from '../../../../scripts/migrations/adapters';
import {
  diffDatabaseToSchema,
  listMigrations,
  migrationsPath,
  noFilters,
  openEngine,
  type Engine,
} from '../../../../scripts/migrations/engine';
import { migrate, migrationStatus, openDatabase } from '../../src/db';
import { createTestPGliteDir, createTestPostgres } from '../support/databases';

async function folderNames(): Promise<string[]> {
  return (await listMigrations()).migrationDirectories.map((d) => d.path);
}

describe('no drift on PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof createTestPostgres>>;
  let engine: Engine;

  before(async () => {
    server = await createTestPostgres();
    const db = await openDatabase({ databaseUrl: server.url, dataDir: tmpdir() });
    try {
      assert.deepEqual((await migrate(db)).applied, await folderNames());
    } finally {
      await db.close();
    }
    engine = await openEngine(pgEngineAdapter(pgTargetFromUrl(server.url)));
  });
  after(async () => {
    await engine?.close();
    await server?.drop();
  });

  test('the migrated database matches schema.prisma exactly (engine diff database -> schema is empty)', async () => {
    assert.equal(await diffDatabaseToSchema(engine), '');
  });

  test('prisma migrate deploy finds nothing to do and no edited or failed migration', async () => {
    const migrationsList = await listMigrations();
    const diagnosis = await engine.run('diagnoseMigrationHistory', {
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    assert.deepEqual(diagnosis, {
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    const deploy = await engine.run('applyMigrations', { migrationsList, filters: noFilters });
    assert.deepEqual(deploy.appliedMigrationNames, []);
  });
});

describe('no drift on PGlite', () => {
  let dir: Awaited<ReturnType<typeof createTestPGliteDir>>;
  let pglite: PGlite;
  let engine: Engine;

  before(async () => {
    dir = await createTestPGliteDir();
    pglite = await PGlite.create({ dataDir: join(dir.dataDir, 'pglite') });
    engine = await openEngine(pgliteEngineAdapter(pglite));
  });
  after(async () => {
    await engine?.close();
    await pglite?.close();
    await dir?.cleanup();
  });

  test('the migrated database matches schema.prisma exactly (engine diff database -> schema is empty)', async () => {
    assert.equal(await diffDatabaseToSchema(engine), '');
  });

  test('prisma migrate deploy finds nothing to do and no edited or failed migration', async () => {
    const migrationsList = await listMigrations();
    const diagnosis = await engine.run('diagnoseMigrationHistory', {
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    assert.deepEqual(diagnosis.editedMigrationNames, []);
    assert.deepEqual(diagnosis.failedMigrationNames, []);
    assert.equal(diagnosis.history, null);
    const deploy = await engine.run('applyMigrations', { migrationsList, filters: noFilters });
    assert.deepEqual(deploy.appliedMigrationNames, []);
  });
});

test('a database migrated by Prisma Migrate (engine applyMigrations) is up to date for migrate()', async () => {
  const server = await createTestPostgres();
  const engine = await openEngine(pgEngineAdapter(pgTargetFromUrl(server.url)));
  const db = await openDatabase({ databaseUrl: server.url, dataDir: tmpdir() });
  try {
    const names = await folderNames();
    const deploy = await engine.run('applyMigrations', {
      migrationsList: await listMigrations(),
      filters: noFilters,
    });
    assert.deepEqual(deploy.appliedMigrationNames, names);
    // Prisma's engine keeps its advisory lock until its connection closes; migrate() would wait for it.
    await engine.close();
    assert.deepEqual(await migrationStatus(db), { applied: names, pending: [], ok: true });
    assert.deepEqual(await migrate(db), { applied: [] });

    // Prisma's checksum is the one we compute: sha256 of the migration.sql bytes.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(
        'SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name',
      );
      for (const row of rows) {
        const bytes = await readFile(join(migrationsPath, row.migration_name, 'migration.sql'));
        assert.equal(row.checksum, createHash('sha256').update(bytes).digest('hex'));
      }
    } finally {
      await client.end();
    }
  } finally {
    await engine.close();
    await db.close();
    await server.drop();
  }
});
