// CronJobs: asleep is spec.suspend=true. The suspend value from before is remembered in an annotation in the
// same merge patch that suspends it (one write, so there is no half-asleep state), and waking restores
// exactly that value: a CronJob an operator had suspended stays suspended.
import type { V1CronJob } from '@kubernetes/client-node';
import { SUSPEND_BEFORE_SLEEP } from './annotations';
import type { KubeClients } from './clients';
import { kubeCall } from './request';
import type { KubernetesTarget } from './target';
import type { Observation } from '../types';

export interface CronJobContext {
  clients: KubeClients;
  target: KubernetesTarget;
}

export function observeCronJob(cj: V1CronJob): Observation {
  const suspended = cj.spec?.suspend === true;
  return { state: suspended ? 'off' : 'on', replicas: suspended ? 0 : 1 };
}

export async function readCronJob(ctx: CronJobContext): Promise<V1CronJob> {
  const { clients, target } = ctx;
  const { namespace, name } = target;
  return kubeCall(clients, { verb: 'get', kind: 'CronJob', namespace, name }, () =>
    clients.batch.readNamespacedCronJob({ namespace, name }, clients.options),
  );
}

async function patchCronJob(ctx: CronJobContext, body: object): Promise<V1CronJob> {
  const { clients, target } = ctx;
  const { namespace, name } = target;
  return kubeCall(clients, { verb: 'patch', kind: 'CronJob', namespace, name }, () =>
    clients.batch.patchNamespacedCronJob({ namespace, name, body }, clients.mergePatch),
  );
}

/** One attempt at suspending it; already suspended, nothing is written. */
export async function suspendOnce(ctx: CronJobContext): Promise<Observation> {
  const cj = await readCronJob(ctx);
  if (cj.spec?.suspend === true) return observeCronJob(cj);
  await patchCronJob(ctx, {
    metadata: {
      annotations: { [SUSPEND_BEFORE_SLEEP]: 'false' },
      resourceVersion: cj.metadata?.resourceVersion,
    },
    spec: { suspend: true },
  });
  return { state: 'off', replicas: 0 };
}

/** One attempt at resuming it: to exactly the suspend value it had before LightSwitch suspended it. */
export async function resumeOnce(ctx: CronJobContext): Promise<Observation> {
  const cj = await readCronJob(ctx);
  const remembered = cj.metadata?.annotations?.[SUSPEND_BEFORE_SLEEP];
  const suspended = cj.spec?.suspend === true;
  if (remembered === undefined) {
    if (!suspended) return observeCronJob(cj);
    // Suspended, but not by LightSwitch (it always leaves this annotation): someone's deliberate choice.
    return {
      ...observeCronJob(cj),
      note: `suspended by someone else (no ${SUSPEND_BEFORE_SLEEP} annotation): left suspended`,
    };
  }
  const restore = remembered.trim() === 'true';
  await patchCronJob(ctx, {
    metadata: {
      annotations: { [SUSPEND_BEFORE_SLEEP]: null },
      resourceVersion: cj.metadata?.resourceVersion,
    },
    spec: { suspend: restore },
  });
  return restore
    ? { state: 'off', replicas: 0, note: 'was suspended before LightSwitch suspended it: stays suspended' }
    : { state: 'on', replicas: 1 };
}
