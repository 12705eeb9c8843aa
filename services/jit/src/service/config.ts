import { availableParallelism } from 'node:os';
import { envInt, ServiceConfigError, type Env } from '@lightswitch/service-kit';

export interface ServiceConfig {
  host: string;
  port: number;
  /** Wall-clock limit of a run when the request names none. */
  timeoutMs: number;
  /** The largest timeoutMs a request may ask for. */
  maxTimeoutMs: number;
  /** V8 old-generation heap cap of each run's worker thread: a program that allocates without bound stops here. */
  memoryMb: number;
  /** Runs at once (worker threads); more wait in the queue. */
  concurrency: number;
  /** Requests that may wait for a worker; beyond this the service answers 503. */
  queueLimit: number;
  /** Bytes of output a run may write before it is stopped. */
  maxOutputBytes: number;
}

/**
 * JIT_SERVICE_HOST (127.0.0.1), _PORT (8092), _TIMEOUT_MS (30000), _MAX_TIMEOUT_MS (300000 or the timeout),
 * _MEMORY_MB (512), _CONCURRENCY (cores), _QUEUE (32), _MAX_OUTPUT_BYTES (8 MiB).
 */
export function loadServiceConfig(env: Env = process.env): ServiceConfig {
  const timeoutMs = envInt(env, 'JIT_SERVICE_TIMEOUT_MS', 1, 86_400_000) ?? 30_000;
  const maxTimeoutMs =
    envInt(env, 'JIT_SERVICE_MAX_TIMEOUT_MS', 1, 86_400_000) ?? Math.max(300_000, timeoutMs);
  if (maxTimeoutMs < timeoutMs)
    throw new ServiceConfigError(
      'JIT_SERVICE_MAX_TIMEOUT_MS',
      `must be at least JIT_SERVICE_TIMEOUT_MS (${timeoutMs}), got ${maxTimeoutMs}`,
    );
  return {
    host: env.JIT_SERVICE_HOST?.trim() || '127.0.0.1',
    port: envInt(env, 'JIT_SERVICE_PORT', 0, 65535) ?? 8092,
    timeoutMs,
    maxTimeoutMs,
    memoryMb: envInt(env, 'JIT_SERVICE_MEMORY_MB', 16, 65_536) ?? 512,
    concurrency: envInt(env, 'JIT_SERVICE_CONCURRENCY', 1, 256) ?? availableParallelism(),
    queueLimit: envInt(env, 'JIT_SERVICE_QUEUE', 0, 100_000) ?? 32,
    maxOutputBytes: envInt(env, 'JIT_SERVICE_MAX_OUTPUT_BYTES', 1, 1 << 30) ?? 8 * 1024 * 1024,
  };
}
