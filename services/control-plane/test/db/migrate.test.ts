// migrate() and migrationStatus(): Prisma-compatible bookkeeping, idempotence, concurrency, refusals.
import { after, before, describe, test } from 'node:test';
import type { MigrationRow } from '../../src/db/history';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgEngineAdapter, pgTargetFromUrl } from '../../../../scripts/migrations/adapters';
import { listMigrations, migrationsPath, noFilters, openEngine } from '../../../../scripts/migrations/engine';
import {
  MigrationError,
  MigrationLockTimeoutError,
  migrate,
  migrationStatus,
  openDatabase,
  type Database,
} from '../../src/db';
import { createTestPGliteDir, createTestPostgres } from '../support/databases';

type Server = Awaited<ReturnType<typeof createTestPostgres>>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let names: string[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  names = (await listMigrations()).migrationDirectories.map((d) => d.path);
  assert.ok(names.length > 0, 'prisma/migrations has migrations');
});
after(async () => {
  // Every cleanup runs even if one fails; the first failure is reported.
  const results = [];
  for (const cleanup of cleanups.reverse())
    results.push(
      await cleanup().then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
  const failure = results.find((r) => r !== undefined);
  if (failure) throw failure;
});

async function freshPostgres(): Promise<{ server: Server; db: Database }> {
  const server = await createTestPostgres();
  const db = await openDatabase({ databaseUrl: server.url, dataDir: tmpdir() });
  cleanups.push(async () => {
    await db.close();
    await server.drop();
  });
  return { server, db };
}

async function migratedPGlite(): Promise<Database> {
  const dir = await createTestPGliteDir();
  const db = await openDatabase({ dataDir: dir.dataDir });
  cleanups.push(async () => {
    await db.close();
    await dir.cleanup();
  });
  return db;
}

/** A copy of prisma/migrations plus extra migrations, to break things in. */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ls-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(migrationsPath, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

type Row = MigrationRow;

function rows(db: Database): Promise<Row[]> {
  return db.prisma.$queryRawUnsafe<Row[]>(
    'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name',
  );
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const [row] = await db.prisma.$queryRawUnsafe<{ found: boolean }[]>(
    `SELECT to_regclass($1) IS NOT NULL AS found`,
    `"${name}"`,
  );
  return row?.found === true;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const TABLE_SHAPE = `
  SELECT c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default,
         (SELECT string_agg(tc.constraint_type, ',') FROM information_schema.key_column_usage k
            JOIN information_schema.table_constraints tc ON tc.constraint_name = k.constraint_name
           WHERE k.table_name = c.table_name AND k.column_name = c.column_name) AS constraints
    FROM information_schema.columns c
   WHERE c.table_name = '_prisma_migrations' AND c.table_schema = current_schema()
   ORDER BY c.ordinal_position`;

describe('bookkeeping on PostgreSQL', () => {
  test('status before, rows after: the same table and rows `prisma migrate deploy` writes', async () => {
    const ours = await freshPostgres();
    assert.deepEqual(await migrationStatus(ours.db), { applied: [], pending: names, ok: false });
    const before = new Date();
    assert.deepEqual(await migrate(ours.db), { applied: names });
    assert.deepEqual(await migrationStatus(ours.db), { applied: names, pending: [], ok: true });

    const recorded = await rows(ours.db);
    assert.deepEqual(
      recorded.map((r) => r.migration_name),
      names,
    );
    for (const row of recorded) {
      const bytes = await readFile(join(migrationsPath, row.migration_name, 'migration.sql'));
      assert.match(row.id, UUID_V4);
      assert.equal(row.checksum, sha256(bytes));
      assert.equal(row.logs, null);
      assert.equal(row.rolled_back_at, null);
      assert.equal(row.applied_steps_count, 1);
      assert.ok(row.finished_at && row.finished_at >= row.started_at, 'finished after it started');
      assert.ok(row.started_at.getTime() >= before.getTime() - 5_000, 'started now');
    }

    // The table itself is identical to the one Prisma's schema engine creates.
    const theirs = await createTestPostgres();
    cleanups.push(() => theirs.drop());
    const engine = await openEngine(pgEngineAdapter(pgTargetFromUrl(theirs.url)));
    try {
      await engine.run('applyMigrations', { migrationsList: await listMigrations(), filters: noFilters });
    } finally {
      await engine.close();
    }
    const client = new pg.Client({ connectionString: theirs.url });
    await client.connect();
    try {
      const expected = (await client.query(TABLE_SHAPE)).rows;
      assert.equal(expected.length, 8);
      assert.deepEqual(await ours.db.prisma.$queryRawUnsafe(TABLE_SHAPE), expected);
      const prismaRows = (await client.query<Row>('SELECT * FROM _prisma_migrations ORDER BY migration_name'))
        .rows;
      assert.deepEqual(
        prismaRows.map((r) => [
          r.migration_name,
          r.checksum,
          r.applied_steps_count,
          r.logs,
          r.rolled_back_at,
        ]),
        recorded.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.logs, r.rolled_back_at]),
      );
    } finally {
      await client.end();
    }
  });

  test('migrating twice is a no-op', async () => {
    const { db } = await freshPostgres();
    await migrate(db);
    const first = await rows(db);
    assert.deepEqual(await migrate(db), { applied: [] });
    assert.deepEqual(await rows(db), first);
  });

  test('two control planes migrating one database at once apply each migration once', async () => {
    const { server, db } = await freshPostgres();
    const others = await Promise.all(
      [1, 2].map(() => openDatabase({ databaseUrl: server.url, dataDir: tmpdir() })),
    );
    cleanups.push(async () => {
      for (const other of others) await other.close();
    });
    const results = await Promise.all([db, ...others].map((d) => migrate(d)));
    assert.deepEqual(results.flatMap((r) => r.applied).sort(), [...names].sort());
    assert.equal(results.filter((r) => r.applied.length > 0).length, 1, 'one of them did all the work');
    assert.deepEqual(
      (await rows(db)).map((r) => r.migration_name),
      names,
    );
  });

  test('waits for the advisory lock prisma migrate uses, with a clear error on timeout', async () => {
    const { server, db } = await freshPostgres();
    const holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      await assert.rejects(migrate(db, { lockTimeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof MigrationLockTimeoutError);
        assert.match(error.message, /waiting for the migration lock on PostgreSQL .*ls_test_/);
        return true;
      });
      const waiting = migrate(db, { lockTimeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('SELECT pg_advisory_unlock(72707369)');
      assert.deepEqual(await waiting, { applied: names });
    } finally {
      await holder.end();
    }
  });

  test('refuses migrations from a newer version, and unresolved failed ones, changing nothing', async () => {
    const { db } = await freshPostgres();
    await migrate(db);
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '29990101000000_from_the_future', now(), 1)`,
    );
    await assert.rejects(migrate(db), {
      name: 'MigrationError',
      code: 'unknown',
      message: /migrations this version does not know \(29990101000000_from_the_future\).*newer/,
    });
    assert.deepEqual(await migrationStatus(db), {
      applied: [...names, '29990101000000_from_the_future'],
      pending: [],
      ok: false,
    });
    await db.prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name LIKE '2999%'`);

    // A migration prisma migrate left failed (finished_at null, not rolled back) blocks until resolved.
    const dir = await migrationsCopy({ '29990101000000_next': 'CREATE TABLE "Next" ("id" INTEGER);' });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '29990101000000_next', 'boom')`,
    );
    await assert.rejects(migrate(db, { migrationsDir: dir }), {
      code: 'failed',
      message: /29990101000000_next failed earlier.*prisma migrate resolve --rolled-back/,
    });
    assert.equal((await migrationStatus(db, { migrationsDir: dir })).ok, false);
    assert.equal(await tableExists(db, 'Next'), false);
    // `prisma migrate resolve --rolled-back` marks it so; then it applies again.
    await db.prisma.$executeRawUnsafe(
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`,
    );
    assert.deepEqual(await migrate(db, { migrationsDir: dir }), { applied: ['29990101000000_next'] });
  });

  test('refuses a database with tables but no migration history', async () => {
    const { db } = await freshPostgres();
    await db.prisma.$executeRawUnsafe('CREATE TABLE "someone_elses" ("id" INTEGER)');
    await assert.rejects(migrate(db), { code: 'not-empty', message: /no _prisma_migrations history/ });
    assert.equal(await tableExists(db, '_prisma_migrations'), false);
  });

  test('a script with its own BEGIN/COMMIT is applied the way Prisma applies it', async () => {
    const { db } = await freshPostgres();
    const dir = await migrationsCopy({
      '29990101000000_own_tx': 'BEGIN;\nCREATE TABLE "OwnTx" ("id" INTEGER);\nCOMMIT;\n',
    });
    assert.deepEqual(await migrate(db, { migrationsDir: dir }), {
      applied: [...names, '29990101000000_own_tx'],
    });
    assert.equal(await tableExists(db, 'OwnTx'), true);
    const [row] = (await rows(db)).filter((r) => r.migration_name === '29990101000000_own_tx');
    assert.equal(row?.applied_steps_count, 1);
    assert.ok(row?.finished_at);
  });
});

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`refusals on ${kind}`, () => {
    const open = async () => {
      if (kind === 'pglite') return migratedPGlite();
      const { db } = await freshPostgres();
      await migrate(db);
      return db;
    };

    test('an applied migration whose migration.sql changed is refused (line-ending changes are not)', async () => {
      const db = await open();
      const dir = await migrationsCopy();
      const first = names[0]!;
      const file = join(dir, first, 'migration.sql');
      const original = await readFile(file, 'utf8');
      await writeFile(file, original.replaceAll('\n', '\r\n'));
      assert.deepEqual(await migrate(db, { migrationsDir: dir }), { applied: [] });
      await writeFile(file, `${original}\n-- an afterthought\n`);
      await assert.rejects(migrate(db, { migrationsDir: dir }), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.equal(error.code, 'modified');
        assert.deepEqual(error.migrations, [first]);
        assert.match(error.message, new RegExp(`${first} was changed after it was applied.*checksum`));
        return true;
      });
      assert.deepEqual(await migrationStatus(db, { migrationsDir: dir }), {
        applied: names,
        pending: [],
        ok: false,
      });
    });

    test('a failing migration is rolled back entirely and not recorded', async () => {
      const db = await open();
      const broken = '29990101000000_broken';
      const dir = await migrationsCopy({
        [broken]: [
          '-- CreateTable',
          'CREATE TABLE "Broken" ("id" INTEGER NOT NULL);',
          'ALTER TABLE "Workload" ADD COLUMN "extra" TEXT;',
          'ALTER TABLE "DoesNotExist" ADD COLUMN "x" INTEGER;',
          '',
        ].join('\n'),
      });
      await assert.rejects(migrate(db, { migrationsDir: dir }), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.equal(error.code, 'apply-failed');
        assert.deepEqual(error.migrations, [broken]);
        assert.match(error.message, /29990101000000_broken failed and was rolled back/);
        assert.match(error.message, /relation "DoesNotExist" does not exist/);
        return true;
      });
      assert.equal(await tableExists(db, 'Broken'), false, 'no half-applied schema');
      const extra = await db.prisma.$queryRawUnsafe<unknown[]>(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'Workload' AND column_name = 'extra'`,
      );
      assert.equal(extra.length, 0, 'no half-applied schema');
      assert.deepEqual(
        (await rows(db)).map((r) => r.migration_name),
        names,
        'not recorded, not even as failed',
      );
      assert.deepEqual(await migrationStatus(db, { migrationsDir: dir }), {
        applied: names,
        pending: [broken],
        ok: false,
      });
      // The database still works, and a fixed migration applies.
      assert.equal(await db.prisma.workload.count(), 0);
      await writeFile(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Broken" ("id" INTEGER NOT NULL);\n');
      assert.deepEqual(await migrate(db, { migrationsDir: dir }), { applied: [broken] });
      assert.equal(await tableExists(db, 'Broken'), true);
    });
  });
}
