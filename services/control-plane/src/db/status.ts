import type { Database } from './database';
import { compareHistory, readMigrationRows } from './history';
import { readMigrationsFolder } from './migrations-folder';
import { sqlDriverOf } from './sql';

export interface MigrationStatus {
  /** Migrations recorded as applied in the database, in the order they were applied. */
  applied: string[];
  /** Migrations of this version not applied yet, in order. */
  pending: string[];
  /** True when nothing is pending and the history is sound (no edited, failed or unknown migrations). */
  ok: boolean;
}

/** Where the database stands against this version's migrations, without changing anything (for /readyz). */
export async function migrationStatus(
  db: Database,
  options: { migrationsDir?: string } = {},
): Promise<MigrationStatus> {
  const files = await readMigrationsFolder(options.migrationsDir);
  const rows = await sqlDriverOf(db).withConnection((conn) => readMigrationRows(conn));
  const { applied, pending, problems } = compareHistory(files, rows);
  return { applied, pending: pending.map((f) => f.name), ok: pending.length === 0 && problems.length === 0 };
}
