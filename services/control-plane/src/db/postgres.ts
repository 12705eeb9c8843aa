// PostgreSQL server through @prisma/adapter-pg, sharing one pg pool with the migrator.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import type { Database } from './database';
import { listenPostgres } from './listen-postgres';
import { holdLeadershipPostgres } from './leader-postgres';

/** Advisory lock key of control-plane leadership (Prisma's migration lock uses 72707369). */
export const LEADER_LOCK_KEY = 42_420_001;
import {
  MIGRATE_ADVISORY_LOCK_KEY,
  MigrationLockTimeoutError,
  attachSqlDriver,
  type Row,
  type SqlConnection,
  type SqlDriver,
  type SqlExecutor,
} from './sql';

/** "PostgreSQL host:port/database" (plus "?schema=" when given): never the user or password. */
export function describePostgresUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
  const schema = url.searchParams.get('schema');
  return `PostgreSQL ${host}:${url.port || '5432'}/${database}${schema ? `?schema=${schema}` : ''}`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function executor(client: pg.PoolClient): SqlExecutor {
  return {
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await client.query<R>(sql, params)).rows;
    },
    async exec(script: string) {
      // No parameters: the simple query protocol, which runs every statement of the script in order.
      await client.query(script);
    },
  };
}

function connection(client: pg.PoolClient): SqlConnection {
  const base = executor(client);
  return {
    ...base,
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const result = await fn(base);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function postgresDriver(pool: pg.Pool, describe: string, schema: string | undefined): SqlDriver {
  const withConnection = async <T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      return await fn(connection(client));
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      // After a failure the session may hold state (a lock, an aborted transaction): discard it.
      client.release(failure);
    }
  };
  return {
    withConnection,
    withMigrationLock: (fn, timeoutMs) =>
      withConnection(async (conn) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [row] = await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
            MIGRATE_ADVISORY_LOCK_KEY,
          ]);
          if (row?.locked) break;
          if (Date.now() >= deadline) throw new MigrationLockTimeoutError(describe, timeoutMs);
          await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
        }
        if (schema) await conn.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        const result = await fn(conn);
        await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATE_ADVISORY_LOCK_KEY]);
        return result;
      }),
  };
}

/** Opens (lazily: nothing connects until the first query) a PostgreSQL database from a postgres:// URL. */
export function openPostgres(databaseUrl: string): Database {
  const describe = describePostgresUrl(databaseUrl);
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  // Both adapters read timestamptz text as UTC whatever offset it carries: every session runs in UTC. Set as a
  // startup parameter, so no query races the pool's first one on a new connection.
  const options = `-c TimeZone=UTC${schema ? ` -c search_path=${quoteIdent(schema).replaceAll(' ', '\\ ')}` : ''}`;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    application_name: 'lightswitch-control-plane',
    options,
  });
  // An idle client's error (server restart, network) must not crash the process; the pool drops that client.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  let closing: Promise<void> | undefined;
  const db: Database = {
    prisma,
    kind: 'postgres',
    describe,
    holdLeadership: (onChange, opts) =>
      holdLeadershipPostgres(
        { connectionString: databaseUrl, options, application_name: 'lightswitch-leader' },
        LEADER_LOCK_KEY,
        onChange,
        opts?.retryMs ?? 2000,
      ),
    listen: (channel, onMessage, onState) =>
      listenPostgres(
        { connectionString: databaseUrl, options, application_name: 'lightswitch-listener' },
        channel,
        onMessage,
        onState,
      ),
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closing;
    },
  };
  return attachSqlDriver(db, postgresDriver(pool, describe, schema));
}
