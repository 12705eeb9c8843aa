import type { PrismaClient } from './generated/client';

export type DatabaseKind = 'postgres' | 'pglite';

/** An open database: the Prisma client plus what the rest of the control plane needs to know about it. */
export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Human-readable location without credentials, e.g. "PostgreSQL 127.0.0.1:5432/lightswitch" or "PGlite /data/pglite". */
  describe: string;
  /** Disconnects Prisma and closes the underlying pool or embedded database. */
  close(): Promise<void>;
}
