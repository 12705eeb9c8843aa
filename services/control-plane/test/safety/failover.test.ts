// Safety: two real control-plane processes on one PostgreSQL. Exactly one leads; kill -9 the leader and the
// other leads within 15 s and carries on; no decision is delivered twice; never two leaders at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '../../src/db';
import { createTestPostgres } from '../support/databases';
import {
  adminToken,
  apiClient,
  freePort,
  startControlPlane,
  type ControlPlaneProcess,
} from '../support/control-plane-process';

let dataDirs: string[] = [];
let drop: () => Promise<void>;
let databaseUrl: string;
let db: Database;
const planes: ControlPlaneProcess[] = [];
/** Decision ids the webhook receiver got, in order. */
const deliveries: { decision: string; action: string; workload: string }[] = [];
let receiver: Server;
let receiverUrl: string;

before(async () => {
  const pg = await createTestPostgres();
  databaseUrl = pg.url;
  drop = pg.drop;
  dataDirs = [await mkdtemp(join(tmpdir(), 'ls-ha-a-')), await mkdtemp(join(tmpdir(), 'ls-ha-b-'))];
  db = await openDatabase({ databaseUrl, dataDir: dataDirs[0]! });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const p = JSON.parse(body);
      deliveries.push({ decision: p.decision, action: p.action, workload: p.workload });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/switch`;
});

after(async () => {
  for (const p of planes) await p.kill9();
  await new Promise((r) => receiver.close(r));
  await db?.close();
  await drop?.();
  if (!process.exitCode) for (const d of dataDirs) await rm(d, { recursive: true, force: true });
});

const env = {
  LIGHTSWITCH_TICK_CRON: '* * * * * *',
  LIGHTSWITCH_RECONCILE_INTERVAL_SECONDS: '1',
  LIGHTSWITCH_ACTIVATOR: 'false',
};

test('two control planes: one leads, the other takes over within 15 s of a kill -9, no decision twice', async () => {
  const a = await startControlPlane({
    databaseUrl,
    dataDir: dataDirs[0]!,
    port: await freePort(),
    logFile: join(dataDirs[0]!, 'a.log'),
    env,
  });
  planes.push(a);
  const b = await startControlPlane({
    databaseUrl,
    dataDir: dataDirs[1]!,
    port: await freePort(),
    logFile: join(dataDirs[1]!, 'b.log'),
    env,
  });
  planes.push(b);
  // The admin token was bootstrapped by the first start; the second shares its database.
  const token = adminToken(dataDirs[0]!);
  const viaA = apiClient(() => a.url, token);
  const viaB = apiClient(() => b.url, token);
  assert.equal((await a.readyz())?.role, 'leader');
  assert.equal((await b.readyz())?.role, 'standby');

  // Never two leaders: watched for the whole test.
  let bothLeading = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const [ra, rb] = await Promise.all([a.readyz(), b.readyz()]);
      if (ra?.role === 'leader' && rb?.role === 'leader') bothLeading++;
      await sleep(100);
    }
  })();

  // The standby serves the API (writes included); the leader acts.
  for (const name of ['ha-1', 'ha-2']) {
    await viaB('POST', '/api/v1/workloads', {
      name,
      kind: 'webhook',
      zone: 'GB',
      target: { url: receiverUrl },
    });
  }
  const flip = async (api: typeof viaA, state: 'on' | 'off') => {
    for (const workload of ['ha-1', 'ha-2']) {
      await api('POST', '/api/v1/overrides', {
        workload,
        state,
        until: new Date(Date.now() + 3600_000).toISOString(),
        reason: 'fail-over test',
      });
    }
  };
  const settled = async (n: number) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const open = await db.prisma.decision.count({
        where: { actuationStatus: { in: ['pending', 'in_progress'] } },
      });
      if (open === 0 && deliveries.length >= n) return;
      await sleep(100);
    }
    assert.fail(`decisions did not settle: ${deliveries.length} deliveries, wanted ${n}`);
  };
  await flip(viaA, 'off');
  await settled(2);

  const killedAt = Date.now();
  await a.kill9();
  let tookOverMs = -1;
  while (Date.now() - killedAt < 20_000) {
    if ((await b.readyz())?.role === 'leader') {
      tookOverMs = Date.now() - killedAt;
      break;
    }
    await sleep(100);
  }
  assert.ok(tookOverMs >= 0 && tookOverMs < 15_000, `the standby took over in ${tookOverMs} ms`);
  console.log(`standby took over ${tookOverMs} ms after the leader was killed`);

  await flip(viaB, 'on');
  await settled(4);
  watching = false;
  await watch;

  assert.equal(bothLeading, 0, 'never two leaders at once');
  const decisions = await db.prisma.decision.findMany({ where: { dryRun: false } });
  assert.equal(decisions.length, 4);
  for (const d of decisions) assert.equal(d.actuationStatus, 'succeeded', `${d.id}: ${d.error}`);
  const ids = deliveries.map((d) => d.decision);
  assert.equal(new Set(ids).size, ids.length, `no decision delivered twice: ${JSON.stringify(deliveries)}`);
  assert.deepEqual(new Set(ids), new Set(decisions.map((d) => d.id)));
  assert.deepEqual(
    deliveries.map((d) => d.action),
    ['off', 'off', 'on', 'on'],
  );
});
