// `npm start` on the embedded defaults: the demo set is seeded on a first start and its local processes
// really switch on and off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { demoWorkloads } from '../../src/demo';
import { freePort } from '../support/control-plane-process';

let dataDir: string;
let server: RunningServer;
let portBase: number;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** 'gone' when the pid no longer exists or is a zombie awaiting its parent. */
function runningState(pid: number): 'running' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2)) ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

/** Rows of bundled Q2 (one per store) from the demo query engine; throws while it is not serving. */
const queryStores = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'q2', source: 'sales.csv' }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return (await res.text()).split('\n').filter(Boolean).length;
};

const pidOf = (name: string): number =>
  JSON.parse(readFileSync(join(dataDir, 'actuators', 'processes', name, 'pid'), 'utf8')).pid;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ls-demo-'));
  // Three consecutive free ports are likely enough above a random free one; the test fails loudly if not.
  portBase = await freePort();
  server = await startServer(
    loadConfig({
      LIGHTSWITCH_DATA_DIR: dataDir,
      LIGHTSWITCH_PORT: '0',
      LIGHTSWITCH_LOG_LEVEL: 'silent',
      LIGHTSWITCH_TICK_CRON: '* * * * * *',
      LIGHTSWITCH_RECONCILE_INTERVAL_SECONDS: '1',
      LIGHTSWITCH_ACTIVATOR: 'false',
      LIGHTSWITCH_DEMO_PORT_BASE: String(portBase),
    }),
  );
});

after(async () => {
  // Switch every demo process off before leaving, through the platform itself.
  const token = server.adminToken!;
  for (const w of demoWorkloads(portBase)) {
    await fetch(`${server.url}/api/v1/overrides`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workload: w.name,
        state: 'off',
        until: '2099-01-01T00:00:00Z',
        reason: 'test end',
      }),
    });
  }
  await until('every demo process to stop', async () => {
    const rows = await server.db.prisma.workloadState.findMany();
    return rows.length && rows.every((r) => r.observedState === 'off') ? true : undefined;
  });
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('a first embedded start seeds the demo set, and its processes really switch', async () => {
  assert.equal(server.db.kind, 'pglite');
  const workloads = await server.db.prisma.workload.findMany({ orderBy: { name: 'asc' } });
  assert.deepEqual(
    workloads.map((w) => w.name),
    ['demo-batch', 'demo-cron', 'demo-query'],
  );
  assert.equal(await server.db.prisma.policy.count(), 3);

  // demo-query has no demand data yet, so the idle policy holds and it runs: the real query engine
  // answers a bundled query over the data set it generated for itself.
  const stores = await until('the demo query engine to answer', () => queryStores(portBase));
  assert.equal(stores, 1000, 'Q2 over the generated sales: one row per store');
  const web = { pid: pidOf('demo-query') };
  const decision = await server.db.prisma.decision.findFirstOrThrow({
    where: { workload: { name: 'demo-query' } },
    orderBy: { decidedAt: 'desc' },
  });
  assert.equal(decision.toState, 'on');
  assert.match(decision.reason, /^on:/);

  // Off through an override: the process stops and the port closes.
  const res = await fetch(`${server.url}/api/v1/overrides`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken!}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      workload: 'demo-query',
      state: 'off',
      until: '2099-01-01T00:00:00Z',
      reason: 'demo off',
    }),
  });
  assert.equal(res.status, 201);
  await until('demo-query to stop answering', async () =>
    (await queryStores(portBase).then(
      () => false,
      () => true,
    ))
      ? true
      : undefined,
  );
  // Gone, not just closed: the actuator waited for the process to exit (a zombie not yet reaped by this
  // test process, its parent, counts as exited).
  await until('demo-query observed off', async () => {
    const w = await server.db.prisma.workload.findUniqueOrThrow({
      where: { name: 'demo-query' },
      include: { state: true },
    });
    return w.state?.observedState === 'off' ? true : undefined;
  });
  assert.equal(runningState(web.pid), 'gone', `demo-query pid ${web.pid} is still running`);
});

test('a second start on the same data seeds nothing more', async () => {
  const { seedDemo } = await import('../../src/demo');
  assert.deepEqual(await seedDemo(server.db.prisma, portBase), []);
  assert.equal(await server.db.prisma.workload.count(), 3);
});
