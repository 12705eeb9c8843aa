import type { Database } from './database';
import { openPGlite } from './pglite';
import { openPostgres } from './postgres';

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// URL: use that PostgreSQL server. Unset: embedded PGlite in dataDir. */
  databaseUrl?: string;
  /** The control plane's data folder; PGlite lives in `<dataDir>/pglite`. */
  dataDir: string;
}

/** Opens the control plane's database: PostgreSQL when databaseUrl is set, else embedded PGlite. */
export async function openDatabase({ databaseUrl, dataDir }: OpenDatabaseOptions): Promise<Database> {
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error('databaseUrl must be a postgres:// or postgresql:// URL');
    }
    return openPostgres(databaseUrl);
  }
  return openPGlite(dataDir);
}
