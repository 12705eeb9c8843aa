// The activator's environment variables, parsed with errors that name the variable (as src/config does).
import { ConfigError, envBool, envInt } from '../config';

export interface ActivatorConfig {
  /** Serve the activator at all (LIGHTSWITCH_ACTIVATOR). */
  enabled: boolean;
  host: string;
  port: number;
  /** Requests held per sleeping workload while it wakes; one more is refused with 503. */
  queueLimit: number;
  /** How long a held request waits for its workload to become healthy before a 503. */
  wakeTimeoutSeconds: number;
  /** Demand is written as one DemandSample per workload per window of this many seconds. */
  demandWindowSeconds: number;
}

/** The variables this module reads, for documentation and `--help` output. */
export const ACTIVATOR_ENV_VARIABLES = {
  LIGHTSWITCH_ACTIVATOR: 'true | false (default true): serve the wake-on-request proxy',
  LIGHTSWITCH_ACTIVATOR_HOST: 'address the activator listens on (default 127.0.0.1)',
  LIGHTSWITCH_ACTIVATOR_PORT: 'port the activator listens on (default 8090)',
  LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT: 'requests held per sleeping workload while it wakes (default 1000)',
  LIGHTSWITCH_ACTIVATOR_WAKE_TIMEOUT_SECONDS: 'how long a held request waits for the wake (default 30)',
  LIGHTSWITCH_DEMAND_WINDOW_SECONDS: 'demand sample window written for the idle policy (default 15)',
} as const;

type Env = Record<string, string | undefined>;

/** Reads the activator's settings; throws ConfigError naming the variable on a malformed value. */
export function loadActivatorConfig(env: Env = process.env): ActivatorConfig {
  const host = env.LIGHTSWITCH_ACTIVATOR_HOST?.trim() || '127.0.0.1';
  if (/\s|\/|^\[|\]$/.test(host)) {
    throw new ConfigError('LIGHTSWITCH_ACTIVATOR_HOST', `must be a host name or IP address, got "${host}"`);
  }
  const config: ActivatorConfig = {
    enabled: envBool(env, 'LIGHTSWITCH_ACTIVATOR', true),
    host,
    port: envInt(env, 'LIGHTSWITCH_ACTIVATOR_PORT', 8090, 0, 65535),
    queueLimit: envInt(env, 'LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT', 1000, 1, 1_000_000),
    wakeTimeoutSeconds: envInt(env, 'LIGHTSWITCH_ACTIVATOR_WAKE_TIMEOUT_SECONDS', 30, 1, 3600),
    demandWindowSeconds: envInt(env, 'LIGHTSWITCH_DEMAND_WINDOW_SECONDS', 15, 1, 3600),
  };
  const apiPort = env.LIGHTSWITCH_PORT?.trim() || '8080';
  if (config.enabled && config.port !== 0 && apiPort === String(config.port)) {
    throw new ConfigError(
      'LIGHTSWITCH_ACTIVATOR_PORT',
      `must differ from the API's port (LIGHTSWITCH_PORT, ${apiPort}): the activator is a server of its own`,
    );
  }
  return config;
}
