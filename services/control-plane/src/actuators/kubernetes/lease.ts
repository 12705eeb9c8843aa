// Leader election among control-plane replicas in Kubernetes: a coordination.k8s.io/v1 Lease, as client-go's
// leaderelection does it. The holder renews it every few seconds; anyone may take it over once holder is
// empty or renewTime + leaseDurationSeconds has passed. Every write carries the resourceVersion it read,
// so when two replicas race for an expired Lease the API server lets exactly one win (the other gets 409).
//
// Clocks: expiry is judged from renewTime, which the holder stamps with its own clock, so takeover comes
// within leaseDuration of the holder's last renewal (15 s with the defaults). A holder that cannot renew
// steps down leaseDuration - renewEvery after its last renewal, renewEvery before anyone else may take
// over: that gap (5 s with the defaults) is the clock skew between nodes this tolerates.
import { V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { makeKubeClients, type KubeClients } from './clients';
import { kubeCall } from './request';
import { ActuationError } from '../types';

export interface KubernetesLeaseOptions {
  /** Namespace of the Lease (in a pod: its own, see kubeNamespace()). */
  namespace: string;
  name?: string;
  /** This replica's name in holderIdentity (in a pod: the pod name, i.e. os.hostname()). */
  identity: string;
  leaseDurationSeconds?: number;
  renewEverySeconds?: number;
  /** Failures to read or write the Lease (it keeps trying), for the log. */
  onError?: (error: Error) => void;
}

export const DEFAULT_LEASE_NAME = 'lightswitch-control-plane';

/**
 * The API server parses Lease times as RFC 3339 with exactly six fractional digits (MicroTime) and rejects
 * the three that Date#toISOString writes; the client library's V1MicroTime writes six. (Read back, they are
 * strings despite their declared type: the client does not parse MicroTime.)
 */
const micro = (d: Date | string | undefined) =>
  d === undefined || d === null ? undefined : new V1MicroTime(new Date(d).getTime());

/**
 * Competes for the Lease until the returned function is called. onChange reports winning and losing it.
 * Resolves after the first attempt, so a replica that wins at once has been told so already. Stopping
 * hands the Lease back (holder emptied), so another replica takes over at its next attempt.
 */
export async function holdKubernetesLease(
  kubeConfig: KubeConfig,
  options: KubernetesLeaseOptions,
  onChange: (leading: boolean) => void,
): Promise<() => Promise<void>> {
  const { namespace, identity, onError } = options;
  const name = options.name ?? DEFAULT_LEASE_NAME;
  const durationS = options.leaseDurationSeconds ?? 15;
  const everyS = options.renewEverySeconds ?? 5;
  if (!Number.isInteger(durationS) || durationS < 1) {
    throw new Error(`leaseDurationSeconds must be a whole number of seconds >= 1, not ${durationS}`);
  }
  if (!(everyS > 0 && everyS < durationS)) {
    throw new Error(
      `renewEverySeconds (${everyS}) must be more than 0 and less than leaseDurationSeconds (${durationS})`,
    );
  }
  if (!identity) throw new Error('identity must name this replica');
  const durationMs = durationS * 1000;
  const everyMs = everyS * 1000;
  const renewDeadlineMs = durationMs - everyMs;
  // A request may not outlast the renew period, or a hung call would keep a leader that should step down.
  const clients: KubeClients = makeKubeClients(kubeConfig, Math.min(10_000, Math.max(500, everyMs)));
  const call = { kind: 'Lease', namespace, name } as const;

  let leading = false;
  let stopped = false;
  let lease: V1Lease | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stepDown: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const setLeading = (value: boolean) => {
    if (leading === value) return;
    leading = value;
    if (!value) clearTimeout(stepDown);
    onChange(value);
  };
  /** Leadership lasts renewDeadline past the renewTime we last wrote, unless renewed again. */
  const renewedAt = (ms: number) => {
    clearTimeout(stepDown);
    stepDown = setTimeout(() => setLeading(false), Math.max(0, ms + renewDeadlineMs - Date.now()));
  };

  const read = () =>
    kubeCall(clients, { verb: 'get', ...call }, () =>
      clients.coordination.readNamespacedLease({ name, namespace }, clients.options),
    );
  const write = (spec: NonNullable<V1Lease['spec']>, from: V1Lease) =>
    kubeCall(clients, { verb: 'update', ...call }, () =>
      clients.coordination.replaceNamespacedLease(
        {
          name,
          namespace,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            // A replace is the whole object: keep its labels and annotations, and its resourceVersion as the
            // precondition.
            metadata: { ...from.metadata, managedFields: undefined, name, namespace },
            spec: { ...spec, acquireTime: micro(spec.acquireTime), renewTime: micro(spec.renewTime) },
          },
        },
        clients.options,
      ),
    );
  const held = (l: V1Lease, nowMs: number) => {
    const holder = l.spec?.holderIdentity;
    const renew = l.spec?.renewTime ? new Date(l.spec.renewTime).getTime() : NaN;
    const duration = (l.spec?.leaseDurationSeconds ?? durationS) * 1000;
    if (!holder || !Number.isFinite(renew)) return { held: false, expiresAt: nowMs };
    return { held: holder !== identity && renew + duration > nowMs, expiresAt: renew + duration };
  };
  const isCode = (err: unknown, code: string) => err instanceof ActuationError && err.code === code;

  /** One round; returns the delay until the next. */
  const round = async (): Promise<number> => {
    const nowMs = Date.now();
    const stamp = new V1MicroTime(nowMs);
    if (leading && lease) {
      try {
        lease = await write({ ...lease.spec, holderIdentity: identity, renewTime: stamp }, lease);
        renewedAt(nowMs);
      } catch (err) {
        if (!isCode(err, 'conflict')) throw err;
        // Someone else wrote it: still ours only if they did not take it.
        lease = await read();
        if (lease.spec?.holderIdentity !== identity) setLeading(false);
        return 0;
      }
      return everyMs;
    }
    try {
      lease = await read();
    } catch (err) {
      if (!isCode(err, 'not_found')) throw err;
      try {
        lease = await kubeCall(clients, { verb: 'create', ...call }, () =>
          clients.coordination.createNamespacedLease(
            {
              namespace,
              body: {
                apiVersion: 'coordination.k8s.io/v1',
                kind: 'Lease',
                metadata: { name, namespace },
                spec: {
                  holderIdentity: identity,
                  leaseDurationSeconds: durationS,
                  acquireTime: stamp,
                  renewTime: stamp,
                  leaseTransitions: 0,
                },
              },
            },
            clients.options,
          ),
        );
      } catch (createErr) {
        if (isCode(createErr, 'conflict')) return 0; // another replica created it first: read theirs
        throw createErr;
      }
      renewedAt(nowMs);
      setLeading(true);
      return everyMs;
    }
    const state = held(lease, nowMs);
    if (state.held) {
      // Check again when it would expire, or sooner: a renewal moves that time on.
      return Math.min(everyMs, Math.max(0, state.expiresAt - nowMs) + 50);
    }
    const takeover = lease.spec?.holderIdentity !== identity;
    try {
      lease = await write(
        {
          holderIdentity: identity,
          leaseDurationSeconds: durationS,
          acquireTime: takeover || !lease.spec?.acquireTime ? stamp : lease.spec.acquireTime,
          renewTime: stamp,
          leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + (takeover ? 1 : 0),
        },
        lease,
      );
    } catch (err) {
      if (isCode(err, 'conflict')) return everyMs; // someone else took it first
      throw err;
    }
    renewedAt(nowMs);
    setLeading(true);
    return everyMs;
  };

  const tick = async () => {
    if (stopped) return;
    let delay: number;
    try {
      delay = await round();
    } catch (err) {
      onError?.(err as Error);
      // Not knowing is not losing: the step-down timer ends a leadership that can no longer be renewed.
      delay = Math.min(everyMs, 1000);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), delay);
  };

  running = tick();
  await running;

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    clearTimeout(stepDown);
    if (leading && lease) {
      // Handing it back: holder emptied, so the others need not wait for it to expire.
      const nowStamp = new V1MicroTime(Date.now());
      await write(
        { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: nowStamp },
        lease,
      ).catch((err: unknown) => onError?.(err as Error));
      setLeading(false);
    }
    clients.close();
  };
}
