import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import {
  COLD_START_HEADER,
  WAKE_MS_HEADER,
  startActivator,
  type ActivatorConfig,
  type RunningActivator,
} from '../../src/activator';
import { WebhookActuator, type ProcessActuator } from '../../src/actuators';
import type { Database } from '../../src/db';
import { loadEnergySettings } from '../../src/energy';
import { ReconcileLoop, Reconciler } from '../../src/reconciler';
import { runTick } from '../../src/scheduler';
import { createSignalService, loadSignalsConfig } from '../../src/signals';
import { DB_KINDS } from '../support/api';
import { openMigrated } from '../support/databases';
import { actuatorWorkload, echoTarget, freePort, newReconciler, processStateDir, switchTo } from './harness';

const CONFIG: ActivatorConfig = {
  enabled: true,
  host: '127.0.0.1',
  port: 0,
  queueLimit: 1000,
  wakeTimeoutSeconds: 20,
  demandWindowSeconds: 3600,
};

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

/** A request exactly as written: no URL normalisation, any header. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; json(): any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const path = url.slice(u.origin.length);
    const req = httpRequest({ host: u.hostname, port: u.port, path, headers }, (r) => {
      let body = '';
      r.on('data', (c) => (body += c));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** A fresh database, the real process actuator and reconciler, and activators that are closed after each test. */
function useRig(kind: 'postgres' | 'pglite') {
  const rig = {} as {
    db: Database;
    actuator: ProcessActuator;
    reconciler: Reconciler;
    loop: ReconcileLoop;
    activator(config?: Partial<ActivatorConfig>, registry?: Registry): Promise<RunningActivator>;
    echoWorkload(
      name: string,
      env?: Record<string, string>,
      healthTimeoutMs?: number,
    ): Promise<{ id: string; name: string; target: unknown; replicasOn: number; replicasOff: number }>;
    decisionsOf(workloadId: string): ReturnType<Database['prisma']['decision']['findMany']>;
    stateOf(name: string): Promise<string>;
    /** Leaves the workload off and decided off, so no later round (drift included) starts it again. */
    settle(workloadId: string): Promise<void>;
  };
  let cleanup: () => Promise<void>;
  let dir: Awaited<ReturnType<typeof processStateDir>>;
  const running: RunningActivator[] = [];
  const started: { id: string; name: string; target: unknown; replicasOn: number; replicasOff: number }[] =
    [];

  before(async () => {
    let db: Database;
    ({ db, cleanup } = await openMigrated(kind));
    dir = await processStateDir();
    const { actuator, reconciler } = newReconciler(db.prisma, dir.stateDir);
    const loop = new ReconcileLoop(reconciler, 60_000);
    Object.assign(rig, { db, actuator, reconciler, loop });
  });
  afterEach(async () => {
    for (const a of running.splice(0)) await a.close();
    await rig.loop.stop();
  });
  after(async () => {
    // Whatever a test left behind: every process it could have started is stopped.
    for (const w of started) await rig.actuator.apply(actuatorWorkload(w), { state: 'off', replicas: 0 });
    await dir.remove();
    await cleanup();
  });

  rig.activator = async (config = {}, registry) => {
    const a = await startActivator({
      prisma: rig.db.prisma,
      config: { ...CONFIG, ...config },
      reconcileNow: () => rig.loop.runNow(),
      registry,
    });
    running.push(a);
    return a;
  };
  rig.echoWorkload = async (name, env = {}, healthTimeoutMs) => {
    const port = await freePort();
    const w = await rig.db.prisma.workload.create({
      data: {
        name,
        kind: 'process',
        target: echoTarget(port, env, healthTimeoutMs),
        zone: 'GB',
        labels: { app: name },
      },
    });
    started.push(w);
    return w;
  };
  rig.decisionsOf = (workloadId) =>
    rig.db.prisma.decision.findMany({
      where: { workloadId },
      orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
    });
  rig.stateOf = async (name) =>
    (await rig.actuator.observe(actuatorWorkload(started.find((w) => w.name === name)!))).state;
  rig.settle = async (workloadId) => {
    await rig.loop.stop();
    await switchTo(rig.db.prisma, rig.reconciler, workloadId, 'off');
  };
  return rig;
}

for (const kind of DB_KINDS) {
  describe(`the activator (${kind})`, () => {
    const rig = useRig(kind);
    const activator: typeof rig.activator = (config, registry) => rig.activator(config, registry);
    const echoWorkload: typeof rig.echoWorkload = (name, env, t) => rig.echoWorkload(name, env, t);
    const decisionsOf = (id: string) => rig.decisionsOf(id);
    const stateOf = (name: string) => rig.stateOf(name);

    test('forwards to a running workload: method, path, query, body, status and headers both ways', async () => {
      const w = await echoWorkload('warm');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      const a = await activator();
      const res = await call(`${a.url}/warm/some/path?x=1&y=two%20words`, {
        method: 'PATCH',
        headers: { 'content-type': 'text/plain', 'x-custom': 'kept', 'x-forwarded-for': '10.0.0.1' },
        body: 'hello upstream',
      });
      assert.equal(res.status, 200);
      const echo = res.json();
      assert.equal(echo.method, 'PATCH');
      assert.equal(echo.url, '/some/path?x=1&y=two%20words');
      assert.equal(echo.body, 'hello upstream');
      assert.equal(echo.headers['x-custom'], 'kept');
      assert.equal(echo.headers['content-type'], 'text/plain');
      assert.equal(echo.headers['x-forwarded-for'], '10.0.0.1, 127.0.0.1');
      assert.equal(echo.headers['x-forwarded-host'], new URL(a.url).host);
      assert.equal(echo.headers['x-forwarded-proto'], 'http');
      assert.equal(echo.headers['x-forwarded-prefix'], '/warm');
      assert.equal(echo.headers.host, new URL((w.target as { upstream: string }).upstream).host);
      assert.equal(res.headers.get('x-echo-pid'), String(echo.pid));
      assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
      assert.equal(res.headers.get(COLD_START_HEADER), null);
      assert.notEqual(
        res.headers.get('keep-alive'),
        'timeout=5',
        "the upstream's connection headers stay upstream",
      );

      // The upstream's status passes through, and the bare workload path goes to the upstream's root.
      assert.equal((await call(`${a.url}/warm/x?status=418`)).status, 418);
      assert.equal((await call(`${a.url}/warm`)).json().url, '/');
      // A streamed response arrives whole, a large body goes up whole.
      assert.equal(
        (await call(`${a.url}/warm/stream?chunks=4`)).text,
        'chunk 0\nchunk 1\nchunk 2\nchunk 3\n',
      );
      const big = 'x'.repeat(3 * 1024 * 1024);
      assert.equal(
        (await call(`${a.url}/warm/upload`, { method: 'POST', body: big })).json().body.length,
        big.length,
      );
      // Hop-by-hop request headers never reach the upstream (undici would refuse some of them outright).
      const raw = await rawGet(`${a.url}/warm/hop`, {
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=5',
        'x-hop': 'secret',
        te: 'trailers',
      });
      assert.equal(raw.status, 200);
      assert.equal(raw.json().headers['x-hop'], undefined);
      assert.equal(raw.json().headers['keep-alive'], undefined);
      assert.equal(raw.json().headers.te, undefined);
      // A path climbing out of the upstream's base is refused here.
      const climb = await rawGet(`${a.url}/warm/../../etc/passwd`);
      assert.equal(climb.status, 400);
      assert.equal(climb.json().error, 'BadRequest');
      // Forwarding a running workload records no decision.
      assert.equal((await decisionsOf(w.id)).length, 1);
    });

    test('50 concurrent requests to a sleeping workload: one wake, one decision, one process, all served cold', async () => {
      // A slow start (listening 1 s late) keeps the wake open until all 50 requests are in, even on a
      // loaded machine: one that arrived after the wake would rightly be served warm, not cold.
      const w = await echoWorkload('sleepy', { STARTUP_DELAY_MS: '1000' });
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
      assert.equal(await stateOf('sleepy'), 'off');
      const before = await decisionsOf(w.id);
      const registry = new Registry();
      const a = await activator({}, registry);

      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) => call(`${a.url}/sleepy/item/${i}?n=${i}`)),
      );
      for (const [i, r] of replies.entries()) {
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json().url, `/item/${i}?n=${i}`);
        assert.equal(r.headers.get(COLD_START_HEADER), 'true');
        assert.match(r.headers.get(WAKE_MS_HEADER) ?? '', /^\d+$/);
      }
      assert.equal(new Set(replies.map((r) => r.json().pid)).size, 1, 'one process served them all');

      const decisions = await decisionsOf(w.id);
      assert.equal(decisions.length, before.length + 1, 'exactly one wake decision');
      const wake = decisions.at(-1)!;
      assert.equal(wake.toState, 'on');
      assert.equal(wake.fromState, 'off');
      assert.equal(wake.toReplicas, 1);
      assert.equal(wake.actuationStatus, 'succeeded');
      assert.equal(wake.dryRun, false);
      assert.match(wake.reason, /^on: wake on request: \d+ requests? waiting at the activator$/);
      const signals = wake.signals as any;
      assert.ok(signals.activator.queued >= 1 && signals.activator.queued <= 50);
      assert.ok(!Number.isNaN(Date.parse(signals.activator.firstRequestAt)));
      const state = await rig.db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: w.id } });
      assert.equal(state.observedState, 'on');
      assert.equal(state.desiredState, 'on');
      assert.equal(await stateOf('sleepy'), 'on');

      // The requests that caused the wake were written as demand with it.
      const demand = await rig.db.prisma.demandSample.findMany({ where: { workloadId: w.id } });
      assert.ok(demand.some((d) => d.source === 'activator' && d.requests >= 1));

      // Now warm: no header, no new decision.
      const warm = await call(`${a.url}/sleepy/again`);
      assert.equal(warm.headers.get(COLD_START_HEADER), null);
      assert.equal((await decisionsOf(w.id)).length, before.length + 1);

      const text = await registry.metrics();
      assert.match(text, /lightswitch_activator_requests_total\{workload="sleepy",path="cold"\} 50/);
      assert.match(text, /lightswitch_activator_requests_total\{workload="sleepy",path="warm"\} 1/);
      assert.match(
        text,
        /lightswitch_activator_cold_starts_total\{workload="sleepy",outcome="succeeded"\} 1/,
      );
      assert.match(text, /lightswitch_activator_wake_duration_seconds_count\{workload="sleepy"\} 1/);
      assert.match(text, /lightswitch_activator_queue_length\{workload="sleepy"\} 0/);
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
    });

    test('switched off a moment ago, before the view noticed: a request without a body is held and wakes it', async () => {
      const w = await echoWorkload('stale');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      // A view that never reloads by itself: only the refused connection can tell it.
      const a = await startActivator({
        prisma: rig.db.prisma,
        config: CONFIG,
        reconcileNow: () => rig.loop.runNow(),
        refreshMs: 3_600_000,
      });
      try {
        assert.equal((await call(`${a.url}/stale/x`)).headers.get(COLD_START_HEADER), null);
        await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
        const r = await call(`${a.url}/stale/y`);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get(COLD_START_HEADER), 'true');
        assert.equal(await stateOf('stale'), 'on');
        // With a body it cannot be replayed: the error goes back.
        await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
        const post = await call(`${a.url}/stale/z`, { method: 'POST', body: 'payload' });
        assert.equal(post.status, 502);
      } finally {
        await a.close();
      }
    });

    test('a webhook workload is released only once its upstream accepts connections', async () => {
      // The webhook acknowledges "on" at once; the service it starts listens a little later.
      const upstreamPort = await freePort();
      const upstream = createServer((req, res) => res.end(`served ${req.url}`));
      const hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          if (JSON.parse(body).action === 'on')
            setTimeout(() => upstream.listen(upstreamPort, '127.0.0.1'), 300);
          res.end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/switch`;
      const w = await rig.db.prisma.workload.create({
        data: {
          name: 'hooked',
          kind: 'webhook',
          target: { url: hookUrl, upstream: `http://127.0.0.1:${upstreamPort}` },
          zone: 'GB',
        },
      });
      await rig.db.prisma.decision.create({
        data: { workloadId: w.id, fromState: 'on', toState: 'off', toReplicas: 0, reason: 'off: test' },
      });
      const hooks = new ReconcileLoop(
        new Reconciler({ prisma: rig.db.prisma, actuators: [new WebhookActuator({ retries: 0 })] }),
        60_000,
      );
      await hooks.runNow();
      assert.equal(
        (await rig.db.prisma.workloadState.findUniqueOrThrow({ where: { workloadId: w.id } })).observedState,
        'off',
      );
      const a = await startActivator({
        prisma: rig.db.prisma,
        config: CONFIG,
        reconcileNow: () => hooks.runNow(),
      });
      try {
        const r = await call(`${a.url}/hooked/x`);
        assert.equal(r.status, 200);
        assert.equal(r.text, 'served /x');
        assert.equal(r.headers.get(COLD_START_HEADER), 'true');
        assert.match(r.headers.get(WAKE_MS_HEADER) ?? '', /^\d+$/);
      } finally {
        await a.close();
        await hooks.stop();
        await new Promise((r) => hook.close(r));
        await new Promise((r) => upstream.close(r));
      }
    });

    test('over the queue bound: 503 with Retry-After at once, while the held ones are served', async () => {
      // A slow start keeps the wake open while all the requests arrive.
      const w = await echoWorkload('bounded', { STARTUP_DELAY_MS: '600' });
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
      const a = await activator({ queueLimit: 5 });
      const replies = await Promise.all(Array.from({ length: 12 }, () => call(`${a.url}/bounded/q`)));
      const served = replies.filter((r) => r.status === 200);
      const refused = replies.filter((r) => r.status === 503);
      assert.equal(served.length, 5);
      assert.equal(refused.length, 7);
      for (const r of served) assert.equal(r.headers.get(COLD_START_HEADER), 'true');
      for (const r of refused) {
        assert.equal(r.headers.get('retry-after'), '1');
        assert.equal(r.json().error, 'QueueFull');
        assert.match(r.json().message, /bounded is waking and already holds 5 requests/);
      }
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
    });

    test('a workload that does not become healthy in time: 503 with Retry-After and the reason', async () => {
      const w = await echoWorkload('never', { HEALTH: 'never' }, 2500);
      await rig.db.prisma.workloadState.create({
        data: { workloadId: w.id, observedState: 'off', desiredState: 'off' },
      });
      const a = await activator({ wakeTimeoutSeconds: 1 });
      const r = await call(`${a.url}/never/x`);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '5');
      assert.equal(r.json().error, 'WakeTimeout');
      assert.match(r.json().message, /never was not running within 1 s \(decision .+ in_progress/);
      // The actuator gives up on its own health timeout and leaves nothing running.
      await rig.loop.stop();
      const d = (await decisionsOf(w.id)).at(-1)!;
      assert.match(d.error ?? '', /health_check_failed/);
      assert.equal(await stateOf('never'), 'off');
      await rig.settle(w.id);
    });

    test("a wake that fails: 503 with Retry-After and the actuator's error; no retry storm from more requests", async () => {
      const port = await freePort();
      const w = await rig.db.prisma.workload.create({
        data: {
          name: 'broken',
          kind: 'process',
          target: { command: '/nonexistent/lightswitch-test-binary', upstream: `http://127.0.0.1:${port}` },
          zone: 'GB',
        },
      });
      await rig.db.prisma.decision.create({
        data: { workloadId: w.id, fromState: 'on', toState: 'off', toReplicas: 0, reason: 'off: test' },
      });
      await rig.db.prisma.workloadState.create({
        data: { workloadId: w.id, observedState: 'off', desiredState: 'off' },
      });
      const a = await activator();
      const r = await call(`${a.url}/broken/x`);
      assert.equal(r.status, 503);
      assert.equal(r.json().error, 'WakeFailed');
      assert.match(r.json().message, /broken could not be woken: spawn_failed: could not start/);
      assert.equal(r.headers.get('retry-after'), '5');
      const again = await call(`${a.url}/broken/y`);
      assert.equal(again.status, 503);
      assert.equal(again.json().error, 'WakeFailed');
      const wakes = (await decisionsOf(w.id)).filter((d) => d.toState === 'on');
      assert.equal(wakes.length, 1);
      assert.equal(wakes[0]!.actuationStatus, 'failed');
    });

    test('an override pinning it off wins over requests: 503, no wake', async () => {
      const w = await echoWorkload('pinned');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
      const until = new Date(Date.now() + 3_600_000);
      await rig.db.prisma.override.create({
        data: { workloadId: w.id, state: 'off', until, createdBy: 'ops', reason: 'disk replacement' },
      });
      const count = (await decisionsOf(w.id)).length;
      const a = await activator();
      const r = await call(`${a.url}/pinned/x`);
      assert.equal(r.status, 503);
      assert.equal(r.json().error, 'PinnedOff');
      assert.match(r.json().message, /pinned off by a manual override by ops until .*: disk replacement/);
      const retryAfter = Number(r.headers.get('retry-after'));
      assert.ok(retryAfter > 3000 && retryAfter <= 3600, String(retryAfter));
      // Asked again at once: the same answer, still no decision, still not running.
      assert.equal((await call(`${a.url}/pinned/y`)).status, 503);
      assert.equal((await decisionsOf(w.id)).length, count);
      assert.equal(await stateOf('pinned'), 'off');
    });

    test('switched off by a policy above idle (a schedule), or in dry run: 503 with the reason, no wake', async () => {
      const w = await echoWorkload('scheduled');
      const schedule = await rig.db.prisma.policy.create({
        data: {
          name: 'nights-scheduled',
          type: 'schedule',
          selector: 'app=scheduled',
          spec: {
            timezone: 'UTC',
            offWindows: [{ from: { day: 'mon', time: '00:00' }, to: { day: 'mon', time: '00:01' } }],
          },
        },
      });
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off', {
        policyId: schedule.id,
        policyName: schedule.name,
        reason: 'off: night window',
      });
      const a = await activator();
      const r = await call(`${a.url}/scheduled/x`);
      assert.equal(r.status, 503);
      assert.equal(r.json().error, 'KeptOff');
      assert.match(r.json().message, /kept off by schedule policy nights-scheduled: off: night window/);

      // Switched off for real earlier; its idle policy is now only a dry run.
      const d = await echoWorkload('dry');
      await switchTo(rig.db.prisma, rig.reconciler, d.id, 'on');
      await switchTo(rig.db.prisma, rig.reconciler, d.id, 'off');
      await rig.db.prisma.policy.create({
        data: { name: 'idle-dry', type: 'idle', selector: 'app=dry', spec: { idleMinutes: 5 }, dryRun: true },
      });
      const dry = await call(`${a.url}/dry/x`);
      assert.equal(dry.status, 503);
      assert.equal(dry.json().error, 'DryRun');
      assert.ok(Number(dry.headers.get('retry-after')) >= 1);
      await sleep(1100); // past the second in which a refusal is answered from memory
      assert.equal((await call(`${a.url}/dry/y`)).json().error, 'DryRun');
      const logged = (await decisionsOf(d.id)).filter((x) => x.dryRun);
      assert.equal(logged.length, 1, 'the dry run is logged once');
      assert.equal(logged[0]!.dryRun, true);
      assert.equal(logged[0]!.actuationStatus, 'dry_run');
      assert.equal(logged[0]!.policyName, 'idle-dry');
      assert.equal(await stateOf('dry'), 'off');
    });

    test('the demand timer writes windows on its own', async () => {
      const w = await echoWorkload('ticking');
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'on');
      const a = await activator({ demandWindowSeconds: 1 });
      await call(`${a.url}/ticking/x`);
      let rows: { requests: number }[] = [];
      for (let i = 0; i < 100 && rows.length < 2; i++) {
        await sleep(100);
        rows = await rig.db.prisma.demandSample.findMany({
          where: { workloadId: w.id },
          orderBy: { time: 'asc' },
        });
      }
      assert.ok(rows.length >= 2, `windows written: ${rows.length}`);
      assert.equal(
        rows.reduce((s, r) => s + r.requests, 0),
        1,
      );
      await switchTo(rig.db.prisma, rig.reconciler, w.id, 'off');
    });

    test('a failed demand write loses nothing: counted on, written with the next window', async () => {
      const w = await rig.db.prisma.workload.create({
        data: {
          name: 'flaky-demand',
          kind: 'webhook',
          target: { url: 'http://127.0.0.1:9/hook', upstream: 'http://127.0.0.1:9' },
          zone: 'GB',
        },
      });
      // The real client, except that writing demand fails while `down` is set.
      let down = true;
      const real = rig.db.prisma;
      const prisma = new Proxy(real, {
        get(target, prop) {
          if (prop === 'demandSample')
            return {
              createMany: (args: any) =>
                down
                  ? Promise.reject(new Error('database unavailable'))
                  : target.demandSample.createMany(args),
            };
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const registry = new Registry();
      const a = await startActivator({ prisma, config: CONFIG, registry });
      try {
        await call(`${a.url}/flaky-demand/x`); // 502: nothing listens there, but it is demand all the same
        await call(`${a.url}/flaky-demand/y`);
        assert.equal(await a.flushDemand(), 0);
        assert.match(await registry.metrics(), /lightswitch_activator_demand_flush_failures_total 1/);
        await call(`${a.url}/flaky-demand/z`);
        down = false;
        assert.ok((await a.flushDemand()) >= 1);
        const rows = await real.demandSample.findMany({ where: { workloadId: w.id } });
        assert.deepEqual(
          rows.map((r) => r.requests),
          [3],
        );
      } finally {
        await a.close();
      }
    });

    test('unknown workload, workload not behind the activator, no workload: 404 with a JSON error', async () => {
      await rig.db.prisma.workload.create({
        data: { name: 'plain', kind: 'webhook', target: { url: 'http://127.0.0.1:9/x' }, zone: 'GB' },
      });
      const a = await activator();
      const unknown = await call(`${a.url}/nope/x`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json().error, 'NotFound');
      assert.match(unknown.json().message, /workload "nope" not found/);
      const plain = await call(`${a.url}/plain/x`);
      assert.equal(plain.status, 404);
      assert.equal(plain.json().error, 'NotBehindActivator');
      assert.match(plain.json().message, /plain is not behind the activator: its target has no upstream/);
      assert.equal((await call(`${a.url}/`)).status, 404);
      // Registered after the activator started: found at once. Nothing listens at its upstream: 502.
      const port = await freePort();
      await rig.db.prisma.workload.create({
        data: {
          name: 'fresh',
          kind: 'webhook',
          target: { url: 'http://127.0.0.1:9/hook', upstream: `http://127.0.0.1:${port}/base` },
          zone: 'GB',
        },
      });
      const fresh = await call(`${a.url}/fresh/x`);
      assert.equal(fresh.status, 502);
      assert.equal(fresh.json().error, 'BadGateway');
      assert.match(fresh.json().message, /workload fresh did not answer: ECONNREFUSED/);
    });

    test('close() answers held requests with 503 and stops', async () => {
      const w = await echoWorkload('closing', { HEALTH: 'never' }, 3000);
      await rig.db.prisma.workloadState.create({
        data: { workloadId: w.id, observedState: 'off', desiredState: 'off' },
      });
      const registry = new Registry();
      const a = await startActivator({
        prisma: rig.db.prisma,
        config: CONFIG,
        reconcileNow: () => rig.loop.runNow(),
        registry,
      });
      const pending = call(`${a.url}/closing/x`);
      for (let i = 0; i < 200; i++) {
        if (/lightswitch_activator_queue_length\{workload="closing"\} 1/.test(await registry.metrics()))
          break;
        await sleep(20);
      }
      await a.close();
      const r = await pending;
      assert.equal(r.status, 503);
      assert.equal(r.json().error, 'ShuttingDown');
      assert.ok(r.headers.get('retry-after'));
      await rig.settle(w.id);
    });
  });

  describe(`demand and the idle policy (${kind})`, () => {
    const rig = useRig(kind);

    test('every request is counted, zero windows are written too; a tick right after a wake keeps it on', async () => {
      const { prisma } = rig.db;
      const w = await rig.echoWorkload('idler');
      // No process behind it (a webhook target): only its demand windows matter here.
      const quiet = await prisma.workload.create({
        data: {
          name: 'quiet',
          kind: 'webhook',
          target: { url: 'http://127.0.0.1:9/hook', upstream: 'http://127.0.0.1:9' },
          zone: 'GB',
        },
      });
      await prisma.policy.create({
        data: { name: 'idle-idler', type: 'idle', selector: 'app=idler', spec: { idleMinutes: 1 } },
      });
      await switchTo(prisma, rig.reconciler, w.id, 'on');
      const a = await rig.activator();
      for (let i = 0; i < 3; i++) assert.equal((await call(`${a.url}/idler/d${i}`)).status, 200);
      await a.flushDemand();
      await sleep(10);
      await a.flushDemand();
      const rows = await prisma.demandSample.findMany({ orderBy: { id: 'asc' } });
      const of = (id: string) => rows.filter((r) => r.workloadId === id).map((r) => r.requests);
      assert.deepEqual(of(w.id), [3, 0]);
      assert.deepEqual(of(quiet.id), [0, 0], 'a workload without requests still gets its windows');
      for (const r of rows) {
        assert.equal(r.source, 'activator');
        assert.ok(r.windowSeconds >= 1);
      }
      await a.close();

      // Those requests were five minutes ago and nothing since: the real tick switches it off (idle policy).
      await prisma.demandSample.updateMany({ data: { time: new Date(Date.now() - 5 * 60_000) } });
      await prisma.demandSample.create({
        data: {
          workloadId: w.id,
          time: new Date(Date.now() - 1000),
          windowSeconds: 240,
          requests: 0,
          source: 'activator',
        },
      });
      const deps = {
        prisma,
        signals: createSignalService(
          prisma,
          loadSignalsConfig({ LIGHTSWITCH_CARBON_BUNDLED_MODE: 'dataset' }),
        ),
        energy: loadEnergySettings({}),
      };
      assert.equal((await runTick(deps, new Date())).changed, 1);
      const off = (await rig.decisionsOf(w.id)).at(-1)!;
      assert.equal(off.toState, 'off');
      assert.equal(off.policyName, 'idle-idler');
      await rig.loop.runNow();
      assert.equal(await rig.stateOf('idler'), 'off');

      // A request wakes it; the wake is credited to the idle policy, and the next tick agrees with it.
      const b = await rig.activator();
      const r = await call(`${b.url}/idler/wake`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get(COLD_START_HEADER), 'true');
      const wake = (await rig.decisionsOf(w.id)).at(-1)!;
      assert.equal(wake.toState, 'on');
      assert.equal(wake.policyName, 'idle-idler');
      assert.equal(wake.actuationStatus, 'succeeded');
      assert.equal((await runTick(deps, new Date())).changed, 0);
      assert.equal((await rig.decisionsOf(w.id)).at(-1)!.id, wake.id);
      assert.equal(await rig.stateOf('idler'), 'on');
    });
  });
}
