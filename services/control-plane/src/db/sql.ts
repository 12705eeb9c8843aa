// The raw SQL access the migrator needs beside Prisma (multi-statement scripts, one connection, locks).
// Internal to src/db: every Database opened by openDatabase carries one, looked up with sqlDriverOf().
import type { Database } from './database';

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  /** One statement, with $1.. parameters. */
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A script of any number of statements, without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlConnection extends SqlExecutor {
  /** Runs fn inside BEGIN/COMMIT on this connection; rolls back and rethrows if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface SqlDriver {
  /**
   * Runs fn on one connection while holding the database-wide migration lock (on PostgreSQL the advisory lock
   * `prisma migrate` takes too, so this also excludes a concurrent `prisma migrate deploy`).
   */
  withMigrationLock<T>(fn: (conn: SqlConnection) => Promise<T>, timeoutMs: number): Promise<T>;
  /** Runs fn on one connection, without the lock. */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
}

const drivers = new WeakMap<Database, SqlDriver>();

export function attachSqlDriver<D extends Database>(db: D, driver: SqlDriver): D {
  drivers.set(db, driver);
  return db;
}

export function sqlDriverOf(db: Database): SqlDriver {
  const driver = drivers.get(db);
  if (!driver) throw new TypeError('not a database opened by openDatabase()');
  return driver;
}

/** Prisma Migrate's advisory lock key (prisma-engines: "a unique number we chose to identify Migrate"). */
export const MIGRATE_ADVISORY_LOCK_KEY = 72707369;

export class MigrationLockTimeoutError extends Error {
  constructor(describe: string, timeoutMs: number) {
    super(
      `timed out after ${timeoutMs} ms waiting for the migration lock on ${describe}: another control plane ` +
        `(or prisma migrate) is migrating this database; if none is, a stale session holds ` +
        `pg_advisory_lock(${MIGRATE_ADVISORY_LOCK_KEY})`,
    );
    this.name = 'MigrationLockTimeoutError';
  }
}
