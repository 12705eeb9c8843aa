import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessActuator, processDir } from '../../src/actuators';
import type { Database } from '../../src/db';
import { Reconciler } from '../../src/reconciler';
import { openMigrated } from '../support/databases';
import { freePort } from '../support/control-plane-process';

const SERVICE = fileURLToPath(new URL('../../demo/demo-service.mjs', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'ls-drift-'));
let db: Database;
let cleanup: () => Promise<void>;
let reconciler: Reconciler;
const actuator = new ProcessActuator({ stateDir, healthTimeoutMs: 10_000 });

before(async () => {
  ({ db, cleanup } = await openMigrated('pglite'));
  reconciler = new Reconciler({ prisma: db.prisma, actuators: [actuator], baseBackoffMs: 10 });
});
after(async () => {
  for (const w of await db.prisma.workload.findMany())
    await actuator.apply({ ...w, kind: 'process' }, { state: 'off', replicas: 0 });
  await cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

const pidOf = (name: string) => JSON.parse(readFileSync(join(processDir(stateDir, name), 'pid'), 'utf8')).pid;

async function processWorkload(name: string, command = process.execPath) {
  const port = await freePort();
  return db.prisma.workload.create({
    data: {
      name,
      kind: 'process',
      zone: 'GB',
      target: {
        command,
        args: [SERVICE],
        env: { PORT: String(port), NAME: name },
        healthCheck: { http: `http://127.0.0.1:${port}/healthz` },
        stopGraceSeconds: 1,
      },
    },
  });
}

test('a process workload never decided is started: its default is on, and the decision says why', async () => {
  const w = await processWorkload('fresh');
  const r = await reconciler.reconcileOnce(new Date());
  assert.equal(r.drifted, 1);
  assert.equal(r.succeeded, 1);
  const d = await db.prisma.decision.findFirstOrThrow({ where: { workloadId: w.id } });
  assert.equal(d.toState, 'on');
  assert.match(d.reason, /^on: drift — observed off, desired on by the default for a workload never decided/);
  assert.equal(d.actuationStatus, 'succeeded');
  assert.deepEqual(d.signals, { drift: { observed: 'off', observedReplicas: 0, note: null } });
  process.kill(pidOf('fresh'), 0); // running
  // As desired now: the next round finds nothing to do.
  assert.equal((await reconciler.reconcileOnce(new Date())).drifted, 0);
});

test('a process that died is restarted through a drift decision; one switched off stays off', async () => {
  const w = await db.prisma.workload.findUniqueOrThrow({ where: { name: 'fresh' } });
  const pid = pidOf('fresh');
  process.kill(-pid, 'SIGKILL');
  await sleep(200);
  const r = await reconciler.reconcileOnce(new Date());
  assert.equal(r.drifted, 1);
  assert.notEqual(pidOf('fresh'), pid);
  const newest = await db.prisma.decision.findFirstOrThrow({
    where: { workloadId: w.id },
    orderBy: { decidedAt: 'desc' },
  });
  assert.match(newest.reason, /^on: drift — observed off.*desired on by decision of /);

  // Decided off: no drift when it is off.
  await db.prisma.decision.create({
    data: { workloadId: w.id, fromState: 'on', toState: 'off', toReplicas: 0, reason: 'off: test' },
  });
  const off = await reconciler.reconcileOnce(new Date());
  assert.equal(off.succeeded, 1);
  assert.equal((await reconciler.reconcileOnce(new Date())).drifted, 0);
  const state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: w.id } });
  assert.equal(state.observedState, 'off');
});

test('after a failed decision, drift waits before trying again (no decision storm)', async () => {
  const w = await processWorkload('broken', '/nonexistent/binary');
  const first = await reconciler.reconcileOnce(new Date());
  assert.equal(first.drifted, 1);
  assert.equal(first.failed, 1, 'a missing binary is not retryable');
  for (let i = 0; i < 3; i++) assert.equal((await reconciler.reconcileOnce(new Date())).drifted, 0);
  assert.equal(await db.prisma.decision.count({ where: { workloadId: w.id } }), 1);
  const later = new Date(Date.now() + 6 * 60_000);
  assert.equal((await reconciler.reconcileOnce(later)).drifted, 1, 'tried again after the wait');
});
