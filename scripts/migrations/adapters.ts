// Driver adapters for the wasm schema engine (dev tooling and tests only, never the runtime).
//
// The stock adapters need four fixes before the schema engine can drive them:
//  - the engine's introspection selects Postgres `"char"` columns (oid 18, e.g. pg_constraint.contype), which
//    adapter-pg rejects as an unsupported type: they are re-typed as text for adapter-pg, then reported as
//    Character, which the engine reads them as (pglite-prisma-adapter already maps them so);
//  - executeScript must run the whole script, awaited, on one connection: pglite-prisma-adapter does not
//    await PGlite's exec (a failing script looks successful) and adapter-pg splits on every ";";
//  - adapter-pg's shadow database keeps the main database when given a connection string and drops the
//    shadow database before closing its pool: the shadow database is managed here instead;
//  - the engine takes Prisma Migrate's session-level advisory lock and holds it for the connection's life:
//    each adapter gets a one-connection pool, and Engine.close() (engine.ts) disposes them to release it.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';

const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgResultLike {
  fields?: { dataTypeID: number }[];
  rows?: unknown[];
}

/** For each result whose "char" columns were re-typed: the indexes of those columns, keyed by its rows array. */
const charColumns = new WeakMap<object, number[]>();

function retypeChar<T>(result: T): T {
  const { fields, rows } = (result ?? {}) as PgResultLike;
  const indexes: number[] = [];
  fields?.forEach((field, i) => {
    if (field.dataTypeID === CHAR_OID) {
      field.dataTypeID = TEXT_OID;
      indexes.push(i);
    }
  });
  if (indexes.length && rows) charColumns.set(rows, indexes);
  return result;
}

/** A proxy of a pg Pool or PoolClient whose `query` results have their "char" columns re-typed as text. */
function withCharAsText<T extends object>(
  target: T,
  wrapExtra: (key: PropertyKey, value: unknown) => unknown,
) {
  return new Proxy(target, {
    get(obj, key) {
      const value: unknown = Reflect.get(obj, key, obj);
      if (key === 'query' && typeof value === 'function') {
        return (...args: unknown[]) => {
          const out: unknown = value.apply(obj, args);
          return out instanceof Promise ? out.then(retypeChar) : out;
        };
      }
      const extra = wrapExtra(key, value);
      if (extra !== undefined) return extra;
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

/** After adapter-pg mapped the re-typed columns as Text, declare them Character, as the engine reads them. */
function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

function withCharColumns<T extends SqlQueryable>(queryable: T): T {
  return new Proxy(queryable, {
    get(obj, key) {
      const value: unknown = Reflect.get(obj, key, obj);
      if (key === 'queryRaw') return async (query: SqlQuery) => restoreCharColumns(await obj.queryRaw(query));
      if (key === 'startTransaction' && typeof value === 'function') {
        return async (...args: unknown[]) => withCharColumns((await value.apply(obj, args)) as SqlQueryable);
      }
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

function toAdapterError(error: unknown): never {
  const e = error as {
    code?: unknown;
    message?: unknown;
    severity?: unknown;
    detail?: unknown;
    hint?: unknown;
  };
  if (typeof e?.code === 'string' && typeof e.message === 'string') {
    throw new DriverAdapterError({
      kind: 'postgres',
      code: e.code,
      severity: typeof e.severity === 'string' ? e.severity : 'ERROR',
      message: e.message,
      detail: typeof e.detail === 'string' ? e.detail : undefined,
      column: undefined,
      hint: typeof e.hint === 'string' ? e.hint : undefined,
    });
  }
  throw error;
}

/** Replaces executeScript on an adapter object (keeping every other member). */
function overrideExecuteScript(adapter: SqlDriverAdapter, run: (script: string) => Promise<void>) {
  return new Proxy(adapter, {
    get(obj, key) {
      if (key === 'executeScript') return (script: string) => run(script).catch(toAdapterError);
      const value: unknown = Reflect.get(obj, key, obj);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/**
 * Splits a postgres:// URL into the separate fields the shadow database needs (a connection string would
 * override the shadow database's name). Query parameters such as sslmode are not carried over.
 */
export function pgTargetFromUrl(url: string): PgTarget {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

function pgPool(target: PgTarget): pg.Pool {
  // One connection: the engine takes a session-level advisory lock and must unlock it on the same session.
  const pool = new pg.Pool({ ...target, max: 1, options: '-c TimeZone=UTC' });
  const wrapped = withCharAsText(pool, (key, value) => {
    if (key !== 'connect' || typeof value !== 'function') return undefined;
    return async () => withCharAsText(await (value.call(pool) as Promise<pg.PoolClient>), () => undefined);
  });
  return wrapped;
}

async function pgAdapter(target: PgTarget, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = pgPool(target);
  const inner = withCharColumns(await new PrismaPg(pool).connect());
  let disposed: Promise<void> | undefined;
  // Idempotent: the engine disposes shadow connections itself, and Engine.close() disposes every one.
  const dispose = () =>
    (disposed ??= (async () => {
      await pool.end();
      await onDispose?.();
    })());
  const adapter = overrideExecuteScript(inner, async (script) => {
    // One simple-protocol query: every statement, in order, on one connection, as Prisma's engine does.
    await pool.query(script);
  });
  return new Proxy(adapter, {
    get(obj, key) {
      if (key === 'dispose') return dispose;
      return Reflect.get(obj, key, obj) as unknown;
    },
  });
}

async function adminQuery(target: PgTarget, sql: string): Promise<void> {
  const client = new pg.Client({ ...target });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database beside `target.database` on the same server; `drop()` removes it. */
export async function createScratchDatabase(
  target: PgTarget,
  prefix = 'prisma_migrate_shadow_db',
): Promise<{ target: PgTarget; drop(): Promise<void> }> {
  const database = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(target, `CREATE DATABASE "${database}"`);
  return {
    target: { ...target, database },
    drop: () => adminQuery(target, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  };
}

/** PostgreSQL server: main database `target.database`, shadow databases created and dropped beside it. */
export function pgEngineAdapter(target: PgTarget): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => pgAdapter(target),
    async connectToShadowDb() {
      const shadow = await createScratchDatabase(target);
      return pgAdapter(shadow.target, shadow.drop);
    },
  };
}

// -------------------------------------------------------------------------------------------------- PGlite

async function pgliteAdapter(db: PGlite, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const inner = await new PrismaPGlite(db).connect();
  const adapter = overrideExecuteScript(inner, async (script) => {
    await db.exec(script);
  });
  if (!onDispose) return adapter;
  let disposed: Promise<void> | undefined;
  return new Proxy(adapter, {
    get(obj, key) {
      if (key === 'dispose') return () => (disposed ??= onDispose());
      return Reflect.get(obj, key, obj) as unknown;
    },
  });
}

let emptyPGliteImage: Promise<Blob> | undefined;

/** A fresh, empty in-memory PGlite (initialised once per process, then copied: ~1-2 s instead of ~6 s). */
export async function freshMemoryPGlite(): Promise<PGlite> {
  emptyPGliteImage ??= (async () => {
    const template = await PGlite.create();
    try {
      return await template.dumpDataDir('none');
    } finally {
      await template.close();
    }
  })();
  return PGlite.create({ loadDataDir: await emptyPGliteImage });
}

/** An open PGlite as the main database; shadow databases are fresh in-memory PGlites. */
export function pgliteEngineAdapter(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: () => pgliteAdapter(db),
    async connectToShadowDb() {
      const shadow = await freshMemoryPGlite();
      return pgliteAdapter(shadow, () => shadow.close());
    },
  };
}
