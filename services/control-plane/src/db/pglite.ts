// Embedded PostgreSQL (PGlite, wasm) persisted in a folder, through pglite-prisma-adapter.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import type { Database } from './database';
import { attachSqlDriver, type Row, type SqlConnection, type SqlDriver, type SqlExecutor } from './sql';

function executor(target: PGlite | Transaction): SqlExecutor {
  return {
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await target.query<R>(sql, params)).rows;
    },
    async exec(script: string) {
      // Awaited: pglite-prisma-adapter's executeScript is not, which would hide a failing script.
      await target.exec(script);
    },
  };
}

function pgliteDriver(pglite: PGlite): SqlDriver {
  const conn: SqlConnection = {
    ...executor(pglite),
    // PGlite's own transaction holds its lock, so Prisma queries issued meanwhile wait instead of joining it.
    transaction: (fn) => pglite.transaction((tx) => fn(executor(tx))),
  };
  // One PGlite is one connection in one process: an in-process queue is the whole migration lock.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    withConnection: async (fn) => fn(conn),
    withMigrationLock(fn) {
      const run = queue.then(() => fn(conn));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Opens (creating it if needed) the PGlite database in `<dataDir>/pglite`. */
export async function openPGlite(dataDir: string): Promise<Database> {
  const dir = resolve(join(dataDir, 'pglite'));
  await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: dir });
  // The adapter reads timestamptz text as UTC whatever offset it carries.
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closing: Promise<void> | undefined;
  const db: Database = {
    prisma,
    kind: 'pglite',
    describe: `PGlite ${dir}`,
    async holdLeadership(onChange) {
      onChange(true);
      return async () => onChange(false);
    },
    // One process owns an embedded database: notifications cannot be missed, so it is always live.
    async listen(channel, onMessage, onState) {
      const unsubscribe = await pglite.listen(channel, onMessage);
      onState(true);
      return unsubscribe;
    },
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        if (!pglite.closed) await pglite.close();
      })();
      return closing;
    },
  };
  return attachSqlDriver(db, pgliteDriver(pglite));
}
