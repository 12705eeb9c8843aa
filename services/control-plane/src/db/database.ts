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
  /**
   * Competes for leadership among the processes sharing this database (PostgreSQL: an advisory lock on a
   * session of its own; PGlite: one process owns it, so always the leader). onChange reports winning and
   * losing it. Resolves to a function that gives it up.
   */
  holdLeadership(
    onChange: (leader: boolean) => void,
    options?: { retryMs?: number },
  ): Promise<() => Promise<void>>;
  /** Disconnects Prisma and closes the underlying pool or embedded database. */
  close(): Promise<void>;
}
