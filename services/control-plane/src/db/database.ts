import type { PrismaClient } from './generated/client';

export type DatabaseKind = 'postgres' | 'pglite';

/** An open database: the Prisma client plus what the rest of the control plane needs to know about it. */
export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Human-readable location without credentials, e.g. "PostgreSQL 127.0.0.1:5432/lightswitch" or "PGlite /data/pglite". */
  describe: string;
  /**
   * Subscribes to a NOTIFY channel. onState(false) means notifications may be missed (connection lost);
   * onState(true) that they flow again, so anything derived from earlier ones should be rebuilt.
   * Resolves to a function that unsubscribes.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onState: (live: boolean) => void,
  ): Promise<() => Promise<void>>;
  /** Disconnects Prisma and closes the underlying pool or embedded database. */
  close(): Promise<void>;
}
