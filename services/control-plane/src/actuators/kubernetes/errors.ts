// What went wrong talking to the Kubernetes API, as an ActuationError the reconciler can act on: the code says
// whether trying again later can help, the message says which call on which object failed and why.
import { ApiException } from '@kubernetes/client-node';
import { ActuationError } from '../types';

/** One API call, for messages: "patch Deployment shop/web". */
export interface KubeCall {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';
  /** Kind, e.g. Deployment, Deployment/scale, ScaledObject, Lease. */
  kind: string;
  namespace?: string;
  name?: string;
}

/** A Kubernetes Status object, as the API server sends with every error. */
interface Status {
  message?: string;
  reason?: string;
  code?: number;
}

export const RBAC_HINT =
  "the control plane's service account lacks this permission: apply deploy/k8s/base/rbac.yaml " +
  '(ClusterRole lightswitch-control-plane)';

export function describeCall(call: KubeCall): string {
  const where = call.namespace ? `${call.namespace}/${call.name ?? '*'}` : (call.name ?? 'all namespaces');
  return `${call.verb} ${call.kind} ${where}`;
}

export function statusCode(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

export const isConflict = (err: unknown) => statusCode(err) === 409;
export const isNotFound = (err: unknown) => statusCode(err) === 404;

/** The Status the server sent, when the body is one. */
export function statusOf(err: unknown): Status | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body: unknown = err.body;
  if (body && typeof body === 'object') return body as Status;
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Status) : undefined;
  } catch {
    return { message: body.slice(0, 300) };
  }
}

/** Retry-After in milliseconds (delay-seconds or an HTTP date), when the server sent one. */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const value = err.headers?.['retry-after'];
  if (value === undefined) return undefined;
  const v = String(value).trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps any failure of a call to an ActuationError; an ActuationError passes through unchanged. */
export function kubeError(err: unknown, call: KubeCall, server?: string): ActuationError {
  if (err instanceof ActuationError) return err;
  const what = describeCall(call);
  if (err instanceof ApiException) {
    const status = statusOf(err);
    const detail = status?.message ? `: ${status.message}` : '';
    const code = err.code;
    if (code === 401) {
      return new ActuationError(
        'forbidden',
        `${what}: HTTP 401 Unauthorized${detail} — the API server${server ? ` ${server}` : ''} rejected the ` +
          'credentials of the kubeconfig (expired token or certificate?)',
        false,
      );
    }
    if (code === 403) {
      return new ActuationError('forbidden', `${what}: HTTP 403 Forbidden${detail} — ${RBAC_HINT}`, false);
    }
    if (code === 404) {
      return new ActuationError('not_found', `${what}: HTTP 404 Not Found${detail}`, false);
    }
    if (code === 409) {
      return new ActuationError(
        'conflict',
        `${what}: HTTP 409 Conflict${detail} (changed by someone else meanwhile)`,
        true,
      );
    }
    if (code === 400 || code === 422 || code === 415) {
      return new ActuationError(
        'invalid',
        `${what}: HTTP ${code} ${status?.reason ?? 'Invalid'}${detail}`,
        false,
      );
    }
    if (code === 429 || code >= 500) {
      const wait = retryAfterMs(err);
      return new ActuationError(
        'unavailable',
        `${what}: HTTP ${code} ${status?.reason ?? ''}${detail}`.replace(/ +:/, ':') +
          (wait !== undefined ? ` (Retry-After ${Math.ceil(wait / 1000)} s)` : ''),
        true,
      );
    }
    return new ActuationError('unexpected_status', `${what}: HTTP ${code}${detail}`, false);
  }
  const e = err as { name?: string; type?: string; code?: string; message?: string } | undefined;
  const message = e?.message ?? String(err);
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'aborted') {
    return new ActuationError(
      'timeout',
      `${what}: no answer from the API server${server ? ` ${server}` : ''} in time (request timed out)`,
      true,
    );
  }
  if (e?.type === 'system' || (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code))) {
    return new ActuationError(
      'unreachable',
      `${what}: cannot reach the API server${server ? ` ${server}` : ''}: ${e?.code ?? ''} ${message}`.trim(),
      true,
    );
  }
  if (/HTTP protocol is not allowed|No active cluster|No user/i.test(message)) {
    return new ActuationError('config', `${what}: kubeconfig problem: ${message}`, false);
  }
  return new ActuationError('kubernetes_client', `${what}: ${message}`, true);
}
