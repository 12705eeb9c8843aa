// Applies pending prisma/migrations the way `prisma migrate deploy` does, bookkeeping included, so either
// can take over from the other: same _prisma_migrations table, rows, checksums and advisory lock.
import { randomUUID } from 'node:crypto';
import type { Database } from './database';
import { MigrationError } from './errors';
import {
  CREATE_MIGRATIONS_TABLE,
  compareHistory,
  migrationsTableExists,
  readMigrationRows,
  schemaObjectCount,
} from './history';
import { readMigrationsFolder, type MigrationFile } from './migrations-folder';
import { sqlDriverOf, type SqlConnection } from './sql';

export interface MigrateOptions {
  /** Folder of <timestamp>_<name>/migration.sql; default: the project's prisma/migrations. */
  migrationsDir?: string;
  /** How long to wait for another process's migration lock (PostgreSQL only). Default 120 s. */
  lockTimeoutMs?: number;
  /** Called once per migration applied. */
  onApplied?: (name: string, ms: number) => void;
}

export interface MigrateResult {
  /** The migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

/** Top-level transaction control in a script: such a migration cannot run inside our transaction. */
const OWN_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;/im;

interface PgErrorFields {
  message?: string;
  detail?: string;
  hint?: string;
  position?: string | number;
}

function describeSqlError(error: unknown, script: string): string {
  const e = (error ?? {}) as PgErrorFields;
  let text = e.message ?? String(error);
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    text += ` (migration.sql line ${script.slice(0, position - 1).split('\n').length})`;
  }
  if (e.detail) text += `; ${e.detail}`;
  if (e.hint) text += `; hint: ${e.hint}`;
  return text;
}

async function applyInTransaction(conn: SqlConnection, migration: MigrationFile): Promise<void> {
  const script = migration.script.toString('utf8');
  try {
    await conn.transaction(async (tx) => {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
         VALUES ($1, $2, $3, clock_timestamp())`,
        [id, migration.checksum, migration.name],
      );
      await tx.exec(script);
      await tx.query(
        `UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
    });
  } catch (error) {
    throw new MigrationError(
      'apply-failed',
      `migration ${migration.name} failed and was rolled back (database unchanged, nothing recorded): ` +
        describeSqlError(error, script),
      [migration.name],
      { cause: error },
    );
  }
}

/** Prisma's own protocol, for scripts that manage their transactions: a failure is recorded as failed. */
async function applyAsPrismaDoes(conn: SqlConnection, migration: MigrationFile): Promise<void> {
  const script = migration.script.toString('utf8');
  const id = randomUUID();
  await conn.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())`,
    [id, migration.checksum, migration.name],
  );
  try {
    await conn.exec(script);
  } catch (error) {
    const logs = describeSqlError(error, script);
    await conn.query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [id, logs]);
    throw new MigrationError(
      'apply-failed',
      `migration ${migration.name} failed; it manages its own transactions, so it may be partly applied and ` +
        `is recorded as failed (repair, then \`prisma migrate resolve\`): ${logs}`,
      [migration.name],
      { cause: error },
    );
  }
  await conn.query(
    `UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

/**
 * Applies the pending migrations in order, each in its own transaction, under a database-wide lock (several
 * control planes may start at once). Throws MigrationError, applying nothing, if the history is unsound: an
 * applied migration edited, a failed one unresolved, or migrations from a newer version.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const files = await readMigrationsFolder(options.migrationsDir);
  return sqlDriverOf(db).withMigrationLock(async (conn) => {
    if (!(await migrationsTableExists(conn))) {
      const objects = await schemaObjectCount(conn);
      if (objects > 0) {
        throw new MigrationError(
          'not-empty',
          `${db.describe} has ${objects} tables/types but no _prisma_migrations history: it was not created by ` +
            `these migrations (Prisma's P3005); use an empty database`,
        );
      }
      await conn.exec(CREATE_MIGRATIONS_TABLE);
    }
    const { pending, problems } = compareHistory(files, await readMigrationRows(conn));
    if (problems.length) {
      const [first] = problems;
      if (problems.length === 1 && first) throw first;
      throw new MigrationError(
        first!.code,
        problems.map((p) => p.message).join('; also '),
        problems.flatMap((p) => p.migrations),
      );
    }
    const applied: string[] = [];
    for (const migration of pending) {
      const started = performance.now();
      if (OWN_TRANSACTION.test(migration.script.toString('utf8'))) await applyAsPrismaDoes(conn, migration);
      else await applyInTransaction(conn, migration);
      applied.push(migration.name);
      options.onApplied?.(migration.name, Math.round(performance.now() - started));
    }
    return { applied };
  }, options.lockTimeoutMs ?? 120_000);
}
