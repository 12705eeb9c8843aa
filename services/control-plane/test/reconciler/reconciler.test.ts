import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookActuator, type Actuator } from '../../src/actuators';
import type { Database } from '../../src/db';
import { Reconciler } from '../../src/reconciler';
import { openMigrated } from '../support/databases';

/** A real HTTP receiver whose answer each test chooses. */
function receiver() {
  const calls: { action: string; replicas: number; decision?: string; delivery?: string }[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const payload = JSON.parse(body);
      calls.push({
        action: payload.action,
        replicas: payload.replicas,
        decision: payload.decision,
        delivery: req.headers['x-lightswitch-delivery'] as string,
      });
      res.statusCode = status;
      res.end();
    });
  });
  return {
    calls,
    setStatus: (s: number) => void (status = s),
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () =>
          r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/switch`),
        ),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('the reconciler', () => {
  let db: Database;
  let cleanup: () => Promise<void>;
  const hook = receiver();
  let reconciler: Reconciler;
  let workloadId: string;
  const now = new Date('2026-11-24T12:00:00Z');

  before(async () => {
    ({ db, cleanup } = await openMigrated('postgres'));
    const url = await hook.start();
    const w = await db.prisma.workload.create({
      data: { name: 'hooked', kind: 'webhook', target: { url, timeoutMs: 2000 }, zone: 'GB', replicasOn: 2 },
    });
    workloadId = w.id;
    await db.prisma.workload.create({
      data: { name: 'deploy', kind: 'k8s_deployment', target: { namespace: 'a', name: 'b' }, zone: 'GB' },
    });
    reconciler = new Reconciler({
      prisma: db.prisma,
      actuators: [new WebhookActuator({ retries: 0, backoffMs: 1 })],
      degradedAfter: 2,
      maxAttempts: 3,
      baseBackoffMs: 1000,
      random: () => 0.5,
    });
  });
  after(async () => {
    await hook.stop();
    await cleanup();
  });
  beforeEach(async () => {
    hook.calls.length = 0;
    hook.setStatus(200);
    await db.prisma.decision.deleteMany();
    await db.prisma.workloadState.deleteMany();
  });

  const decide = (toState: 'on' | 'off', toReplicas: number, at = now, extra: object = {}) =>
    db.prisma.decision.create({
      data: { workloadId, decidedAt: at, fromState: 'on', toState, toReplicas, reason: 'test', ...extra },
    });

  test('acts on the newest decision once, records the result, and supersedes older ones', async () => {
    const old = await decide('on', 2, new Date(now.getTime() - 60_000));
    const d = await decide('off', 0);
    const r = await reconciler.reconcileOnce(now);
    assert.equal(r.superseded, 1);
    assert.equal(r.succeeded, 1);
    assert.deepEqual(hook.calls, [{ action: 'off', replicas: 0, decision: d.id, delivery: d.id }]);
    const done = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(done.actuationStatus, 'succeeded');
    assert.equal(done.attempts, 1);
    assert.ok(done.actuatedAt);
    assert.equal(
      (await db.prisma.decision.findUniqueOrThrow({ where: { id: old.id } })).actuationStatus,
      'skipped',
    );
    const state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId } });
    assert.equal(state.observedState, 'off');
    assert.equal(state.health, 'ok');
    // Nothing left to do: a second round sends nothing.
    const again = await reconciler.reconcileOnce(new Date(now.getTime() + 1000));
    assert.equal(again.considered, 0);
    assert.equal(hook.calls.length, 1);
  });

  test('a failing target backs off, is marked degraded, and finally gives up; a recovery clears it', async () => {
    hook.setStatus(503);
    const d = await decide('on', 2);
    assert.equal((await reconciler.reconcileOnce(now)).retrying, 1);
    let row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.actuationStatus, 'pending');
    assert.match(row.error ?? '', /^unavailable: /);
    // Back-off: base 1 s x 2^0, jitter 0.5 -> 750 ms; not due before that.
    assert.equal(row.nextAttemptAt?.getTime(), now.getTime() + 750);
    assert.equal((await reconciler.reconcileOnce(new Date(now.getTime() + 500))).considered, 0);
    await reconciler.reconcileOnce(new Date(now.getTime() + 800));
    let state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId } });
    assert.equal(state.health, 'degraded');
    assert.equal(state.consecutiveFailures, 2);
    assert.match(state.lastError ?? '', /503/);
    row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    // Second back-off: 2 s cap -> 1.5 s.
    await reconciler.reconcileOnce(new Date(row.nextAttemptAt!.getTime()));
    row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.actuationStatus, 'failed', 'three attempts, then given up');
    assert.equal(hook.calls.length, 3);

    hook.setStatus(200);
    await decide('on', 2, new Date(now.getTime() + 10_000));
    await reconciler.reconcileOnce(new Date(now.getTime() + 10_000));
    state = await db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId } });
    assert.equal(state.health, 'ok');
    assert.equal(state.consecutiveFailures, 0);
  });

  test('a decision left in progress by a crashed control plane is taken over after its lease', async () => {
    const d = await decide('off', 0, now, {
      actuationStatus: 'in_progress',
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
    assert.equal((await reconciler.reconcileOnce(now)).considered, 0, 'the lease still runs');
    const r = await reconciler.reconcileOnce(new Date(now.getTime() + 60_000));
    assert.equal(r.succeeded, 1);
    const row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.attempts, 2);
    assert.equal(hook.calls.length, 1);
  });

  test('a long actuation keeps its lease, so no other round acts on the same decision meanwhile', async () => {
    let applies = 0;
    const slow: Actuator = {
      kinds: ['webhook'],
      observe: async () => ({ state: 'on', replicas: 2 }),
      apply: async (_w, desired) => {
        applies++;
        await sleep(900);
        return { state: desired.state, replicas: desired.replicas };
      },
    };
    const lease = { prisma: db.prisma, actuators: [slow], leaseMs: 300 };
    const d = await decide('off', 0, new Date());
    const first = new Reconciler(lease).reconcileOnce(new Date());
    await sleep(600); // two lease lengths: only renewals keep it ours
    const second = await new Reconciler(lease).reconcileOnce(new Date());
    assert.equal(second.considered, 0, 'the renewed lease hides the decision from the other round');
    assert.equal((await first).succeeded, 1);
    assert.equal(applies, 1);
    const row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.actuationStatus, 'succeeded');
    assert.equal(row.attempts, 1);
  });

  test('webhook deliveries carry the decision id, the same when a later round tries again', async () => {
    const d = await decide('off', 0);
    hook.setStatus(503);
    assert.equal((await reconciler.reconcileOnce(now)).retrying, 1);
    hook.setStatus(200);
    assert.equal((await reconciler.reconcileOnce(new Date(now.getTime() + 60_000))).succeeded, 1);
    assert.equal(hook.calls.length, 2);
    for (const call of hook.calls) {
      assert.equal(call.decision, d.id);
      assert.equal(call.delivery, d.id);
    }
  });

  test('dry runs are never acted on, and a kind without an actuator fails clearly', async () => {
    await decide('off', 0, now, { dryRun: true, actuationStatus: 'dry_run' });
    const other = await db.prisma.workload.findUniqueOrThrow({ where: { name: 'deploy' } });
    const d = await db.prisma.decision.create({
      data: {
        workloadId: other.id,
        decidedAt: now,
        fromState: 'on',
        toState: 'off',
        toReplicas: 0,
        reason: 'test',
      },
    });
    const r = await reconciler.reconcileOnce(now);
    assert.equal(r.failed, 1);
    assert.equal(hook.calls.length, 0);
    const row = await db.prisma.decision.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.actuationStatus, 'failed');
    assert.match(row.error ?? '', /no actuator for workload kind k8s-deployment/);
  });
});
