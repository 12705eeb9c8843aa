// Shared by the activator's tests and its benchmark: real echo-server processes driven by the real process
// actuator and reconciler, and a way to make sure no process outlives the run.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessActuator, type ActuatorWorkload } from '../../src/actuators';
import type { PrismaClient } from '../../src/db';
import { Reconciler } from '../../src/reconciler';

export const ECHO_SERVER = fileURLToPath(new URL('../fixtures/echo-server.mjs', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A process target running the echo server on `port`, behind the activator. */
export function echoTarget(port: number, env: Record<string, string> = {}, healthTimeoutMs = 10_000) {
  return {
    command: process.execPath,
    args: [ECHO_SERVER, String(port)],
    env,
    healthCheck: { http: `http://127.0.0.1:${port}/healthz`, timeoutMs: healthTimeoutMs },
    stopGraceSeconds: 2,
    upstream: `http://127.0.0.1:${port}`,
  };
}

/** A state dir for the process actuator whose processes are killed when this process exits, whatever happened. */
export async function processStateDir(): Promise<{ stateDir: string; remove(): Promise<void> }> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ls-activator-'));
  const killAll = () => {
    let names: string[];
    try {
      names = readdirSync(join(stateDir, 'processes'));
    } catch {
      return;
    }
    for (const name of names) {
      try {
        const { pid } = JSON.parse(readFileSync(join(stateDir, 'processes', name, 'pid'), 'utf8'));
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone, or never started
      }
    }
  };
  process.once('exit', killAll);
  return {
    stateDir,
    async remove() {
      killAll();
      process.off('exit', killAll);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export function actuatorWorkload(w: {
  id: string;
  name: string;
  target: unknown;
  replicasOn: number;
  replicasOff: number;
}): ActuatorWorkload {
  return {
    id: w.id,
    name: w.name,
    kind: 'process',
    target: w.target,
    replicasOn: w.replicasOn,
    replicasOff: w.replicasOff,
  };
}

/** Drives a workload on or off the way the scheduler would: a decision, then reconcile rounds until it is done. */
export async function switchTo(
  prisma: PrismaClient,
  reconciler: Reconciler,
  workloadId: string,
  state: 'on' | 'off',
  extra: { policyId?: string; policyName?: string; reason?: string } = {},
): Promise<void> {
  const current = await prisma.workloadState.findUnique({ where: { workloadId } });
  const d = await prisma.decision.create({
    data: {
      workloadId,
      fromState: current?.observedState ?? 'unknown',
      toState: state,
      toReplicas: state === 'on' ? 1 : 0,
      reason: extra.reason ?? `${state}: test`,
      policyId: extra.policyId ?? null,
      policyName: extra.policyName ?? null,
    },
  });
  await prisma.workloadState.upsert({
    where: { workloadId },
    create: { workloadId, desiredState: state, desiredReplicas: state === 'on' ? 1 : 0 },
    update: { desiredState: state, desiredReplicas: state === 'on' ? 1 : 0 },
  });
  for (let i = 0; i < 20; i++) {
    await reconciler.reconcileOnce(new Date());
    const row = await prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    if (row.actuationStatus === 'succeeded') return;
    if (row.actuationStatus === 'failed') throw new Error(`switching ${state} failed: ${row.error}`);
  }
  throw new Error(`switching ${state} did not finish`);
}

export function newReconciler(prisma: PrismaClient, stateDir: string) {
  const actuator = new ProcessActuator({ stateDir, healthTimeoutMs: 10_000 });
  const reconciler = new Reconciler({
    prisma,
    actuators: [actuator],
    baseBackoffMs: 200,
    maxBackoffMs: 1000,
  });
  return { actuator, reconciler };
}

/** p-th percentile (0..100) of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
