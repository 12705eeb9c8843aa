import { isAbsolute, resolve } from 'node:path';
import { envInt, type Env } from '@lightswitch/service-kit';

export interface ServiceConfig {
  host: string;
  port: number;
  /** Every CSV a query scans must lie under this directory (a plan names files; the service must not read any file it is sent). */
  dataDir: string;
  workers: number | undefined;
  morselRows: number | undefined;
  /** When set and the data directory has no sales.csv, one of this many rows is generated at start. */
  demoRows: number | undefined;
}

/** QUERY_ENGINE_HOST, _PORT (8091), _DATA_DIR (./data), _WORKERS (cores), _MORSEL_ROWS, _DEMO_ROWS. */
export function loadServiceConfig(env: Env = process.env): ServiceConfig {
  const base = env.INIT_CWD || process.cwd();
  const dir = env.QUERY_ENGINE_DATA_DIR?.trim() || './data';
  return {
    host: env.QUERY_ENGINE_HOST?.trim() || '127.0.0.1',
    port: envInt(env, 'QUERY_ENGINE_PORT', 0, 65535) ?? 8091,
    dataDir: isAbsolute(dir) ? dir : resolve(base, dir),
    workers: envInt(env, 'QUERY_ENGINE_WORKERS', 0, 256),
    morselRows: envInt(env, 'QUERY_ENGINE_MORSEL_ROWS', 1, 10_000_000),
    demoRows: envInt(env, 'QUERY_ENGINE_DEMO_ROWS', 1, 100_000_000),
  };
}
