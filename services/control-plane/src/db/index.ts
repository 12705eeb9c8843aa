// The control plane's database layer: open PostgreSQL or embedded PGlite, migrate it, report its state.
export { openDatabase, type OpenDatabaseOptions } from './open';
export type { Database, DatabaseKind } from './database';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate';
export { migrationStatus, type MigrationStatus } from './status';
export { MigrationError, type MigrationErrorCode } from './errors';
export { MigrationLockTimeoutError } from './sql';
export { defaultMigrationsDir } from './migrations-folder';

// The generated client: PrismaClient, the Prisma namespace (error classes, JsonNull, input types), enums, models.
export { PrismaClient, Prisma } from './generated/client';
export type {
  ApiToken,
  AuditEvent,
  Decision,
  DemandSample,
  ExperimentRun,
  Override,
  Policy,
  SignalSample,
  UsageRecord,
  Workload,
  WorkloadState,
} from './generated/client';
export * from './generated/enums';
