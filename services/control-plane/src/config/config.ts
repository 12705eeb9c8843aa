import cron from 'node-cron';
import { isAbsolute, resolve } from 'node:path';

/** Everything the control plane reads from its environment; documented in README.md (Configuration). */
export interface Config {
  host: string;
  port: number;
  /** A postgres:// URL selects PostgreSQL; undefined selects the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  migrateOnStart: boolean;
  /** Failed authentications allowed per client address per minute before 429. */
  authFailureLimit: number;
  bodyLimitBytes: number;
  /** Keep serialized workload/policy list pages until the database reports a change. */
  listCache: boolean;
  /** Run the decision tick in this process. */
  scheduler: boolean;
  /** node-cron expression of the decision tick. */
  tickCron: string;
  /** Act on decisions in this process (the reconciler). */
  reconciler: boolean;
  reconcileIntervalSeconds: number;
  /** How long a decision being acted on stays ours without renewal (a crashed leader's is taken over after). */
  reconcileLeaseSeconds: number;
  /** Seed the demo workloads and policies into an empty database on start. */
  demo: boolean;
  /** The demo services listen on this port and the next two. */
  demoPortBase: number;
  /** Who leads among replicas: a Kubernetes Lease in a pod (auto), else a PostgreSQL advisory lock. */
  leaderElection: 'auto' | 'postgres' | 'kubernetes';
  /** The environment this was read from: the activator and Kubernetes settings are read from it too. */
  env: Readonly<Env>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(variable ? `${variable}: ${problem}` : problem);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** An integer setting within [min, max]; unset or empty: the fallback. */
export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A true/false setting (1/0, yes/no, on/off too); unset or empty: the fallback. */
export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function cronSetting(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  const result = cron.validateDetailed(raw);
  if (!result.valid)
    throw new ConfigError(
      name,
      `invalid cron expression "${raw}": ${result.errors.map((e) => e.message).join('; ')}`,
    );
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[]): T {
  const raw = env[name]?.trim() || values[0]!;
  if (!values.includes(raw as T))
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a postgres:// or postgresql:// URL (unset it for the embedded database)',
    );
  }
  // npm run changes the working directory to the workspace; INIT_CWD is where the user typed the command.
  const base = env.INIT_CWD || process.cwd();
  const dataDirRaw = env.LIGHTSWITCH_DATA_DIR || './.lightswitch/data';
  const logLevel = env.LIGHTSWITCH_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LIGHTSWITCH_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    host: env.LIGHTSWITCH_HOST || '127.0.0.1',
    port: int(env, 'LIGHTSWITCH_PORT', 8080, 0, 65535),
    databaseUrl,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(base, dataDirRaw),
    logLevel,
    migrateOnStart: bool(env, 'LIGHTSWITCH_MIGRATE_ON_START', true),
    authFailureLimit: int(env, 'LIGHTSWITCH_AUTH_FAILURE_LIMIT', 20, 1, 1_000_000),
    bodyLimitBytes: int(env, 'LIGHTSWITCH_BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    listCache: bool(env, 'LIGHTSWITCH_LIST_CACHE', true),
    scheduler: bool(env, 'LIGHTSWITCH_SCHEDULER', true),
    tickCron: cronSetting(env, 'LIGHTSWITCH_TICK_CRON', '* * * * *'),
    reconciler: bool(env, 'LIGHTSWITCH_RECONCILER', true),
    reconcileIntervalSeconds: int(env, 'LIGHTSWITCH_RECONCILE_INTERVAL_SECONDS', 10, 1, 86_400),
    reconcileLeaseSeconds: int(env, 'LIGHTSWITCH_RECONCILE_LEASE_SECONDS', 30, 1, 3600),
    demo: bool(env, 'LIGHTSWITCH_DEMO', !env.DATABASE_URL),
    demoPortBase: int(env, 'LIGHTSWITCH_DEMO_PORT_BASE', 18101, 1024, 65533),
    leaderElection: oneOf(env, 'LIGHTSWITCH_LEADER_ELECTION', ['auto', 'postgres', 'kubernetes'] as const),
    env: { ...env },
  };
}
