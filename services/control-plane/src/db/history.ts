// _prisma_migrations, exactly as Prisma Migrate creates and fills it, compared with the migrations folder.
import { checksumMatches } from './checksum';
import { MigrationError } from './errors';
import type { MigrationFile } from './migrations-folder';
import type { SqlExecutor } from './sql';

/** prisma-engines' DDL for PostgreSQL, verbatim, so `prisma migrate` finds the table it expects. */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

export async function migrationsTableExists(sql: SqlExecutor): Promise<boolean> {
  const [row] = await sql.query<{ exists: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`,
  );
  return row?.exists === true;
}

/** Tables and types in the current schema, besides _prisma_migrations: a database that is not ours if any. */
export async function schemaObjectCount(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ count: number }>(
    `SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace = current_schema()::text::regnamespace
               AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> '_prisma_migrations')::int
          + (SELECT count(*) FROM pg_type t WHERE t.typnamespace = current_schema()::text::regnamespace
               AND t.typtype = 'e')::int AS "count"`,
  );
  return row?.count ?? 0;
}

export async function readMigrationRows(sql: SqlExecutor): Promise<MigrationRow[]> {
  if (!(await migrationsTableExists(sql))) return [];
  return sql.query<MigrationRow & Record<string, unknown>>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
}

export interface HistoryComparison {
  /** Names applied successfully (and not rolled back), in the order they were applied. */
  applied: string[];
  /** Folder migrations not applied yet, in folder order. */
  pending: MigrationFile[];
  /** Everything that forbids migrating or serving; empty when the history is sound. */
  problems: MigrationError[];
}

export function compareHistory(files: MigrationFile[], rows: MigrationRow[]): HistoryComparison {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const finished = live.filter((r) => r.finished_at !== null);
  const applied = [...new Set(finished.map((r) => r.migration_name))];
  const appliedSet = new Set(applied);
  const byName = new Map(files.map((f) => [f.name, f]));
  const problems: MigrationError[] = [];

  const failed = [...new Set(live.filter((r) => r.finished_at === null).map((r) => r.migration_name))];
  if (failed.length) {
    problems.push(
      new MigrationError(
        'failed',
        `migration ${failed.join(', ')} failed earlier and was never finished nor rolled back: repair the ` +
          `database by hand, then record the outcome with \`prisma migrate resolve --rolled-back <name>\` ` +
          `(or --applied <name>)`,
        failed,
      ),
    );
  }
  const modified = applied.filter((name) => {
    const file = byName.get(name);
    return (
      file && !finished.some((r) => r.migration_name === name && checksumMatches(file.script, r.checksum))
    );
  });
  if (modified.length) {
    problems.push(
      new MigrationError(
        'modified',
        `migration ${modified.join(', ')} was changed after it was applied to this database (checksum ` +
          `mismatch): restore the original migration.sql and put the change in a new migration`,
        modified,
      ),
    );
  }
  const unknown = applied.filter((name) => !byName.has(name));
  if (unknown.length) {
    problems.push(
      new MigrationError(
        'unknown',
        `the database has migrations this version does not know (${unknown.join(', ')}): it was migrated by ` +
          `a newer LightSwitch; run that version (or newer) against it`,
        unknown,
      ),
    );
  }
  const pending = files.filter((f) => !appliedSet.has(f.name));
  return { applied, pending, problems };
}
