// Loads Prisma's wasm schema engine (@prisma/schema-engine-wasm, pinned to the engines of prisma 7.10) and
// drives it through a driver adapter: the offline stand-in for `prisma migrate dev|diff`, which would spawn
// the native schema-engine binary. Dev tooling and tests only.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from '@prisma/schema-engine-wasm';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const schemaPath = join(repoRoot, 'prisma/schema.prisma');
export const migrationsPath = join(repoRoot, 'prisma/migrations');
export const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

type WasmExports = Record<string, unknown>;
type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & {
  __wbg_set_wasm(exports: WasmExports): void;
};
// tsconfig's lib has no WebAssembly types (no DOM); this is the little used here.
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: {
    instantiate(
      bytes: Uint8Array,
      imports: Record<string, object>,
    ): Promise<{ instance: { exports: WasmExports } }>;
  };
};

let loaded: Promise<Bg> | undefined;
const panics = { message: undefined as string | undefined };

/** Instantiates the wasm module once per process (Node cannot `import` a .wasm file without a flag). */
function loadWasm(): Promise<Bg> {
  loaded ??= (async () => {
    // The engine reports the reason of a Rust panic here before trapping ("unreachable").
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        panics.message = message;
        console.error(`[schema-engine] panic: ${message}`);
      },
    };
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bg;
    const require = createRequire(import.meta.url);
    const wasmFile = join(
      require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'),
      '../schema_engine_bg.wasm',
    );
    const { instance } = await Wasm.instantiate(await readFile(wasmFile), { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return loaded;
}

export class SchemaEngineError extends Error {
  constructor(
    readonly command: string,
    message: string,
    readonly code?: string,
  ) {
    super(`schema engine ${command} failed${code ? ` (${code})` : ''}: ${message}`);
    this.name = 'SchemaEngineError';
  }
}

type Methods = Omit<SchemaEngine, 'free' | typeof Symbol.dispose | 'debugPanic'>;

export interface Engine {
  run<M extends keyof Methods>(
    command: M,
    input: Parameters<Methods[M]>[0],
  ): Promise<Awaited<ReturnType<Methods[M]>>>;
  /**
   * Frees the engine and disposes every connection it opened. Until then it holds Prisma Migrate's advisory
   * lock on PostgreSQL (the engine takes it once per connection and never releases it).
   */
  close(): Promise<void>;
}

function engineError(
  command: string,
  error: unknown,
  factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
) {
  const e = error as { message?: string; code?: string; meta?: unknown; id?: number };
  if (panics.message !== undefined) {
    const message = panics.message;
    panics.message = undefined;
    return new SchemaEngineError(command, `engine panicked (the engine is unusable now): ${message}`);
  }
  // Errors thrown by adapter code are parked in the registry and referenced by id.
  const parked = typeof e?.id === 'number' ? factory.errorRegistry.consumeError(e.id) : undefined;
  if (parked) return new SchemaEngineError(command, String((parked.error as Error)?.message ?? parked.error));
  return new SchemaEngineError(command, e?.message ?? String(error), e?.code);
}

/** Starts a schema engine on `factory` (a migration-aware adapter factory: main + shadow database). */
export async function openEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<Engine> {
  const bg = await loadWasm();
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const a = await adapter;
    opened.push(a);
    return a;
  };
  const bound = bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  });
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error('[schema-engine]', line);
  };
  const engine = await bg.SchemaEngine.new({ datamodels: undefined }, log, bound);
  let freed = false;
  return {
    async run(command, input) {
      try {
        // Call through the instance: a detached method loses its wasm binding.
        const method = engine[command] as (arg: typeof input) => Promise<unknown>;
        return (await method.call(engine, input)) as never;
      } catch (error) {
        throw engineError(command, error, bound);
      }
    },
    async close() {
      if (!freed) {
        freed = true;
        engine.free();
      }
      await Promise.all(opened.splice(0).map((a) => a.dispose()));
    },
  };
}

/** The schema files as the engine wants them. */
export async function readSchema(path = schemaPath): Promise<SchemasContainer> {
  return { files: [{ path, content: await readFile(path, 'utf8') }] };
}

/** The migrations folder as `prisma migrate` lists it: sub-folders sorted by name, each with migration.sql. */
export async function listMigrations(baseDir = migrationsPath): Promise<MigrationList> {
  const lockfilePath = 'migration_lock.toml';
  const lockContent = await readFile(join(baseDir, lockfilePath), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readFile(join(baseDir, entry.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (error: Error) => ({ tag: 'error' as const, value: error.message }),
    );
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  return {
    baseDir,
    lockfile: { path: lockfilePath, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * The SQL that would turn the live (main) database into what schema.prisma describes: '' when none.
 * Proves "no drift" in tests.
 */
export async function diffDatabaseToSchema(engine: Engine, schema?: SchemasContainer): Promise<string> {
  const { files } = schema ?? (await readSchema());
  const result = await engine.run('diff', {
    from: { tag: 'schemaDatasource', files, configDir: repoRoot },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: true,
    filters: noFilters,
  });
  return result.exitCode === 2 ? (result.stdout ?? '') : '';
}
