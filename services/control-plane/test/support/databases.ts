// Real databases for tests: a fresh PostgreSQL database per call, or a fresh, already migrated PGlite folder.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { defaultMigrationsDir, migrate, openDatabase, type Database } from '../../src/db';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';
const PREFIX = 'ls_test_';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

async function admin<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL for the tests is unreachable at ${where(baseUrl)} (${(error as Error).message}). ` +
        `Start it (e.g. pg_ctlcluster --skip-systemctl-redirect <version> main start) or point ` +
        `TEST_DATABASE_URL at a server where this user may CREATE DATABASE. Tests never skip for this.`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let sweptOld = false;

/** Drops databases this helper created more than 6 hours ago (left by killed test runs). */
async function sweepOld(client: pg.Client): Promise<void> {
  if (sweptOld) return;
  sweptOld = true;
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
  );
  const cutoff = Date.now() - 6 * 3600_000;
  for (const { datname } of rows) {
    const created = Number.parseInt(datname.slice(PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(created) && created < cutoff) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  }
}

/**
 * A new, empty, uniquely named database on the server of TEST_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/test). Rejects with a clear error if PostgreSQL is unreachable.
 */
export async function createTestPostgres(
  baseUrl: string = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${PREFIX}${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  await admin(baseUrl, async (client) => {
    await sweepOld(client);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(baseUrl, name),
    drop() {
      dropped ??= admin(baseUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

// ------------------------------------------------------------------------------------------------- PGlite

const require = createRequire(import.meta.url);
const dbSourceDir = fileURLToPath(new URL('../../src/db/', import.meta.url));

/**
 * What a migrated PGlite folder depends on: the migrations, the migrator's code and PGlite's version. Its
 * hash names the template, which is therefore shared by every test process until one of those changes.
 */
function templateKey(): string {
  const hash = createHash('sha256');
  const pgliteManifest = join(require.resolve('@electric-sql/pglite'), '../../package.json');
  hash.update(JSON.parse(readFileSync(pgliteManifest, 'utf8')).version as string);
  for (const file of readdirSync(dbSourceDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash.update(file).update(readFileSync(join(dbSourceDir, file)));
  }
  const migrations = defaultMigrationsDir();
  for (const name of readdirSync(migrations).sort()) {
    const path = join(migrations, name, 'migration.sql');
    try {
      hash.update(name).update(readFileSync(path));
    } catch {
      hash.update(name);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | undefined;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A data dir holding a migrated PGlite: built once (~7 s), then reused from the temp folder. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const root = join(tmpdir(), 'lightswitch-test-templates');
    const finalDir = join(root, `pglite-${templateKey()}`);
    if (await exists(join(finalDir, 'pglite', 'PG_VERSION'))) return finalDir;
    await mkdir(root, { recursive: true });
    const building = await mkdtemp(join(root, 'building-'));
    try {
      const db = await openDatabase({ dataDir: building });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
      // Atomic publish; if another process won the race, use its copy.
      await rename(building, finalDir).catch(async () => {
        if (!(await exists(join(finalDir, 'pglite', 'PG_VERSION'))))
          throw new Error(`cannot publish ${finalDir}`);
      });
      // Templates of older code or migrations are of no further use.
      for (const old of await readdir(root)) {
        if (old.startsWith('pglite-') && join(root, old) !== finalDir) {
          await rm(join(root, old), { recursive: true, force: true });
        }
      }
    } finally {
      await rm(building, { recursive: true, force: true });
    }
    return finalDir;
  })();
  return template;
}

const made = new Set<string>();
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data dir whose PGlite database is already migrated (a copy of a per-version template). */
export async function createTestPGliteDir(): Promise<{ dataDir: string; cleanup(): Promise<void> }> {
  const source = await migratedTemplate();
  const dataDir = await mkdtemp(join(tmpdir(), 'ls-pglite-'));
  made.add(dataDir);
  await cp(join(source, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  return {
    dataDir,
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
      made.delete(dataDir);
    },
  };
}

/** An open, migrated database of either kind; cleanup() closes it and throws the database away. */
export async function openMigrated(
  kind: 'postgres' | 'pglite',
): Promise<{ db: Database; cleanup(): Promise<void> }> {
  if (kind === 'postgres') {
    const server = await createTestPostgres();
    const db = await openDatabase({ databaseUrl: server.url, dataDir: tmpdir() });
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      await server.drop().catch(() => undefined);
      throw error;
    }
    return {
      db,
      async cleanup() {
        await db.close();
        await server.drop();
      },
    };
  }
  const dir = await createTestPGliteDir();
  const db = await openDatabase({ dataDir: dir.dataDir });
  return {
    db,
    async cleanup() {
      await db.close();
      await dir.cleanup();
    },
  };
}
