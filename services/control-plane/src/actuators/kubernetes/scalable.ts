// Deployments and StatefulSets: asleep is scaled to the desired off replicas (normally 0) through the scale
// subresource, with what is needed to wake exactly as before written on the object first.
//
// Every decision is taken on one read of the object and written with that read's resourceVersion (the scale
// subresource shares its parent's), so a change by anyone in between — an HPA, kubectl, a rollout — turns the
// write into 409 Conflict, and the whole step is redone on a fresh read, a bounded number of times.
import type { V1Deployment, V1Scale, V1StatefulSet } from '@kubernetes/client-node';
import { SLEEP_ANNOTATIONS, templateHash } from './annotations';
import { hpaNote, type AutoscalerLookup, type Autoscalers } from './autoscalers';
import type { KubeClients } from './clients';
import { kubeCall } from './request';
import type { KubernetesTarget } from './target';
import type { ActuatorWorkload, Desired, Observation } from '../types';

export type ScalableKind = 'Deployment' | 'StatefulSet';
type Scalable = V1Deployment | V1StatefulSet;

/** What our sleep annotations on an object say, when they are there and readable. */
export interface SleepRecord {
  replicasBefore: number;
  replicasAsleep: number;
  templateHash: string | undefined;
}

export interface ScalableContext {
  clients: KubeClients;
  kind: ScalableKind;
  target: KubernetesTarget;
  now: () => Date;
  lookup: AutoscalerLookup;
  /** This workload's autoscalers, looked up at most once per actuation and only when something is written. */
  autoscalers: () => Promise<Autoscalers>;
}

const count = (v: string | undefined): number | undefined =>
  v !== undefined && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined;

export function readSleepRecord(annotations: Record<string, string> | undefined): SleepRecord | undefined {
  const a = annotations ?? {};
  const replicasBefore = count(a[SLEEP_ANNOTATIONS.replicasBeforeSleep]);
  if (replicasBefore === undefined) return undefined;
  return {
    replicasBefore,
    // Only missing if removed by hand; 0 is the usual off count.
    replicasAsleep: count(a[SLEEP_ANNOTATIONS.replicasAsleep]) ?? 0,
    templateHash: a[SLEEP_ANNOTATIONS.templateHash],
  };
}

/** spec.replicas, which the API server defaults to 1 when a manifest leaves it out. */
const specReplicas = (o: Scalable) => o.spec?.replicas ?? 1;

/**
 * What someone else changed on an object LightSwitch put to sleep ("replicas 0 → 3", "template changed"),
 * or undefined. Back at its pre-sleep count is no change by anyone: the sleep never got as far as scaling,
 * or a wake never got as far as cleaning up.
 */
export function foreignChange(o: Scalable, asleep: SleepRecord): string | undefined {
  const current = specReplicas(o);
  const replicasChanged = current !== asleep.replicasAsleep && current !== asleep.replicasBefore;
  const templateChanged =
    asleep.templateHash !== undefined && asleep.templateHash !== templateHash(o.spec?.template);
  const what = [
    replicasChanged ? `replicas ${asleep.replicasAsleep} → ${current}` : undefined,
    templateChanged ? 'template changed' : undefined,
  ].filter(Boolean);
  return what.length ? what.join(', ') : undefined;
}

const foreignNote = (what: string) => `changed by someone else while asleep (${what}): left alone`;

export function observeScalable(o: Scalable): Observation {
  const replicas = specReplicas(o);
  const asleep = readSleepRecord(o.metadata?.annotations);
  // Asleep at a non-zero off count (replicasOff > 0) is still "off": it is where LightSwitch put it.
  const off = replicas === 0 || (asleep !== undefined && replicas === asleep.replicasAsleep);
  // Said already when observing, because a reconciler that finds the state as desired does not apply.
  const changed = asleep && foreignChange(o, asleep);
  return { state: off ? 'off' : 'on', replicas, ...(changed ? { note: foreignNote(changed) } : {}) };
}

export async function readScalable(ctx: ScalableContext): Promise<Scalable> {
  const { clients, kind, target } = ctx;
  const { namespace, name } = target;
  return kubeCall(clients, { verb: 'get', kind, namespace, name }, () =>
    kind === 'Deployment'
      ? clients.apps.readNamespacedDeployment({ namespace, name }, clients.options)
      : clients.apps.readNamespacedStatefulSet({ namespace, name }, clients.options),
  );
}

/** A merge patch of the object's annotations; with a resourceVersion, only if nothing changed since. */
async function patchAnnotations(
  ctx: ScalableContext,
  annotations: Record<string, string | null>,
  resourceVersion?: string,
): Promise<Scalable> {
  const { clients, kind, target } = ctx;
  const { namespace, name } = target;
  const body = { metadata: { annotations, ...(resourceVersion ? { resourceVersion } : {}) } };
  return kubeCall(clients, { verb: 'patch', kind, namespace, name }, () =>
    kind === 'Deployment'
      ? clients.apps.patchNamespacedDeployment({ namespace, name, body }, clients.mergePatch)
      : clients.apps.patchNamespacedStatefulSet({ namespace, name, body }, clients.mergePatch),
  );
}

/** Sets spec.replicas through the scale subresource, only if the object is still at `resourceVersion`. */
async function replaceScale(
  ctx: ScalableContext,
  replicas: number,
  resourceVersion: string,
): Promise<V1Scale> {
  const { clients, kind, target } = ctx;
  const { namespace, name } = target;
  const body: V1Scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, resourceVersion },
    spec: { replicas },
  };
  return kubeCall(clients, { verb: 'update', kind: `${kind}/scale`, namespace, name }, () =>
    kind === 'Deployment'
      ? clients.apps.replaceNamespacedDeploymentScale({ namespace, name, body }, clients.options)
      : clients.apps.replaceNamespacedStatefulSetScale({ namespace, name, body }, clients.options),
  );
}

const NO_SLEEP_ANNOTATIONS: Record<string, null> = Object.fromEntries(
  Object.values(SLEEP_ANNOTATIONS).map((k) => [k, null]),
);

/** `{ note }` when there is something to say, else nothing (no `note: undefined`). */
const withNotes = (notes: (string | undefined)[]): { note?: string } => {
  const note = notes.filter(Boolean).join('; ');
  return note ? { note } : {};
};

/**
 * One attempt at putting it to sleep at `desired.replicas`. Idempotent: already there, nothing is written.
 * Otherwise the replicas now running are remembered on the object before it is scaled down.
 */
export async function sleepOnce(ctx: ScalableContext, desired: Desired): Promise<Observation> {
  const o = await readScalable(ctx);
  const current = specReplicas(o);
  const target = desired.replicas;
  if (current === target) return observeScalable(o);

  const autoscalers = await ctx.autoscalers();
  const hash = templateHash(o.spec?.template);
  const had = readSleepRecord(o.metadata?.annotations);
  let resourceVersion = o.metadata?.resourceVersion ?? '';
  // A sleep that was cut short after remembering (or is being retried) has nothing new to remember.
  const remembered =
    had !== undefined &&
    had.replicasBefore === current &&
    had.replicasAsleep === target &&
    had.templateHash === hash;
  if (!remembered) {
    const patched = await patchAnnotations(
      ctx,
      {
        [SLEEP_ANNOTATIONS.replicasBeforeSleep]: String(current),
        [SLEEP_ANNOTATIONS.replicasAsleep]: String(target),
        [SLEEP_ANNOTATIONS.templateHash]: hash,
        [SLEEP_ANNOTATIONS.sleptAt]: ctx.now().toISOString(),
      },
      resourceVersion,
    );
    resourceVersion = patched.metadata?.resourceVersion ?? resourceVersion;
  }
  // KEDA after remembering (paused at the off count it scales the target there itself) and before scaling
  // (so it cannot scale it back up). If KEDA gets there first, the write below is a conflict, and the
  // retry's fresh read finds the work done.
  const notes: string[] = [];
  if (autoscalers.keda) {
    notes.push(await ctx.lookup.pauseKeda(ctx.target.namespace, autoscalers.keda, target));
  }
  if (autoscalers.hpa) notes.push(hpaNote(autoscalers.hpa, true));
  await replaceScale(ctx, target, resourceVersion);
  return { state: 'off', replicas: target, ...withNotes(notes) };
}

/**
 * One attempt at waking it. Asleep by LightSwitch and untouched since: back to exactly the replicas it had
 * (or to an explicit replica decision). Changed by someone else while asleep: left as they left it, only our
 * annotations go. Not asleep by LightSwitch: at 0 it is woken to the remembered replicas; running, its replica
 * count belongs to whoever scales it (an operator, an HPA) unless the decision names another count.
 */
export async function wakeOnce(
  ctx: ScalableContext,
  workload: ActuatorWorkload,
  desired: Desired,
): Promise<Observation> {
  const o = await readScalable(ctx);
  const current = specReplicas(o);
  const asleep = readSleepRecord(o.metadata?.annotations);
  const explicit = desired.replicas !== workload.replicasOn;
  const resourceVersion = o.metadata?.resourceVersion ?? '';

  if (asleep === undefined) {
    let target: number | undefined;
    if (current === 0) {
      const remembered = workload.rememberedReplicas;
      target = explicit || !remembered ? desired.replicas : remembered;
    } else if (explicit && current !== desired.replicas) {
      target = desired.replicas;
    }
    if (target === undefined || target === current) {
      return { state: current === 0 ? 'off' : 'on', replicas: current };
    }
    const notes = await autoscalerWakeNotes(ctx);
    await replaceScale(ctx, target, resourceVersion);
    return { state: target === 0 ? 'off' : 'on', replicas: target, ...withNotes(notes) };
  }

  const changed = foreignChange(o, asleep);
  if (changed) {
    const notes = await autoscalerWakeNotes(ctx);
    await patchAnnotations(ctx, NO_SLEEP_ANNOTATIONS);
    return {
      state: current === 0 ? 'off' : 'on',
      replicas: current,
      ...withNotes([foreignNote(changed), ...notes]),
    };
  }

  const target = explicit ? desired.replicas : asleep.replicasBefore;
  const notes = await autoscalerWakeNotes(ctx);
  if (target !== current) await replaceScale(ctx, target, resourceVersion);
  // Removing only our own annotations cannot undo anyone's change, so it needs no resourceVersion: a
  // conflict here would only make the next attempt mistake our own scale-up for someone else's.
  await patchAnnotations(ctx, NO_SLEEP_ANNOTATIONS);
  return { state: target === 0 ? 'off' : 'on', replicas: target, ...withNotes(notes) };
}

/** Lifts our KEDA pause before replicas come back (else KEDA would hold them at 0), and says what it did. */
async function autoscalerWakeNotes(ctx: ScalableContext): Promise<string[]> {
  const autoscalers = await ctx.autoscalers();
  const notes: string[] = [];
  if (autoscalers.keda) notes.push(await ctx.lookup.resumeKeda(ctx.target.namespace, autoscalers.keda));
  if (autoscalers.hpa) notes.push(hpaNote(autoscalers.hpa, false));
  return notes;
}

/** Looks autoscalers up on first use only, so a no-op actuation costs one read. */
export function lazyAutoscalers(
  lookup: AutoscalerLookup,
  kind: ScalableKind,
  target: KubernetesTarget,
): () => Promise<Autoscalers> {
  let found: Promise<Autoscalers> | undefined;
  return () => (found ??= lookup.find(target.namespace, kind, target.name));
}
