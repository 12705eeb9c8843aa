export type MigrationErrorCode =
  /** An applied migration's migration.sql changed since (checksum mismatch). */
  | 'modified'
  /** A migration started and never finished, and was not marked rolled back (as `prisma migrate` leaves it). */
  | 'failed'
  /** The database has applied migrations this code does not have: it was migrated by a newer version. */
  | 'unknown'
  /** The database has tables but no migration history: it is not ours to migrate. */
  | 'not-empty'
  /** A migration's SQL failed while being applied now. */
  | 'apply-failed'
  /** The migrations folder is missing or malformed. */
  | 'folder';

/** Why the database cannot be migrated (or is not in a state this code can serve). */
export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly migrations: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}
