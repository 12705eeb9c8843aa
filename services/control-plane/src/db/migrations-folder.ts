// Reads prisma/migrations: <timestamp>_<name>/migration.sql folders, as `prisma migrate` lists them.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationChecksum } from './checksum';
import { MigrationError } from './errors';

export interface MigrationFile {
  /** The folder name, e.g. 20261124105907_init: what _prisma_migrations.migration_name records. */
  name: string;
  /** migration.sql exactly as on disk. */
  script: Buffer;
  checksum: string;
}

/**
 * The project's prisma/migrations folder: the nearest one above this module (src/db in the repository, or
 * wherever the package was copied with the folder alongside).
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(join(candidate, 'migration_lock.toml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new MigrationError(
        'folder',
        `no prisma/migrations/migration_lock.toml found above ${fileURLToPath(import.meta.url)}`,
      );
    }
    dir = parent;
  }
}

/** The migrations in `dir`, in the order they apply (folder names sorted, as the Prisma CLI sorts them). */
export async function readMigrationsFolder(dir: string = defaultMigrationsDir()): Promise<MigrationFile[]> {
  const base = resolve(dir);
  const entries = await readdir(base, { withFileTypes: true }).catch((error: Error) => {
    throw new MigrationError('folder', `cannot read migrations folder ${base}: ${error.message}`, [], {
      cause: error,
    });
  });
  const lock = await readFile(join(base, 'migration_lock.toml'), 'utf8').catch(() => undefined);
  if (lock !== undefined && !/^\s*provider\s*=\s*"postgresql"\s*$/m.test(lock)) {
    throw new MigrationError(
      'folder',
      `${join(base, 'migration_lock.toml')} is not for provider "postgresql"`,
    );
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const file = join(base, name, 'migration.sql');
      const script = await readFile(file).catch((error: Error) => {
        throw new MigrationError('folder', `cannot read ${file}: ${error.message}`, [name], { cause: error });
      });
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
}
