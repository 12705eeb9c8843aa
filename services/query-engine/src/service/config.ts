import { isAbsolute, resolve } from 'node:path';

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

export class ServiceConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ServiceConfigError';
  }
}

function int(env: Record<string, string | undefined>, name: string, min: number, max: number) {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ServiceConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** QUERY_ENGINE_HOST, _PORT (8091), _DATA_DIR (./data), _WORKERS (cores), _MORSEL_ROWS, _DEMO_ROWS. */
export function loadServiceConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const base = env.INIT_CWD || process.cwd();
  const dir = env.QUERY_ENGINE_DATA_DIR?.trim() || './data';
  return {
    host: env.QUERY_ENGINE_HOST?.trim() || '127.0.0.1',
    port: int(env, 'QUERY_ENGINE_PORT', 0, 65535) ?? 8091,
    dataDir: isAbsolute(dir) ? dir : resolve(base, dir),
    workers: int(env, 'QUERY_ENGINE_WORKERS', 0, 256),
    morselRows: int(env, 'QUERY_ENGINE_MORSEL_ROWS', 1, 10_000_000),
    demoRows: int(env, 'QUERY_ENGINE_DEMO_ROWS', 1, 100_000_000),
  };
}
