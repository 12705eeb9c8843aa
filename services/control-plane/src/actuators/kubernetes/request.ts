// Every API call goes through here: failures become ActuationErrors naming the call, and a short Retry-After
// (429 or 5xx from a busy API server) is waited out once instead of failing the whole actuation.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClients } from './clients';
import { kubeError, retryAfterMs, statusCode, type KubeCall } from './errors';

/** A Retry-After longer than this is not waited out here: the error goes back to the reconciler's backoff. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 2_000;

export async function kubeCall<T>(
  clients: KubeClients,
  call: KubeCall,
  send: () => Promise<T>,
  maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const code = statusCode(err);
      const wait = retryAfterMs(err);
      const busy = code !== undefined && (code === 429 || code >= 500);
      if (attempt === 0 && busy && wait !== undefined && wait <= maxRetryAfterMs) {
        await sleep(wait);
        continue;
      }
      throw kubeError(err, call, clients.server);
    }
  }
}
