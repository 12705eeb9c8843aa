// Safety: kill -9 the control plane at random moments during 50 switching rounds of real local processes,
// restart it each time, and check that everything converges: every workload in its desired state, no
// orphaned or duplicated process, every decision with a final status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '../../src/db';
import { PROCESS_DIR_ENV, processDir } from '../../src/actuators/process';
import { createTestPostgres } from '../support/databases';
import {
  adminToken,
  apiClient,
  freePort,
  startControlPlane,
  type ControlPlaneProcess,
} from '../support/control-plane-process';

const ROUNDS = Number(process.env.LIGHTSWITCH_CRASH_ROUNDS ?? 50);
const SERVICE = fileURLToPath(new URL('../../demo/demo-service.mjs', import.meta.url));
const NAMES = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];

let dataDir: string;
let drop: () => Promise<void>;
let databaseUrl: string;
let db: Database;
let cp: ControlPlaneProcess | undefined;
let port: number;
const ports = new Map<string, number>();

/** Every live process whose environment has all of these entries (not only group leaders). */
function pidsWithEnv(...entries: string[]): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      if (entries.every((e) => env.includes(e))) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const stateDir = () => join(dataDir, 'actuators');
const markerOf = (name: string) => `${PROCESS_DIR_ENV}=${resolve(processDir(stateDir(), name))}`;
/** Processes of one workload, found both by the actuator's marker and by the service's own NAME. */
const processesOf = (name: string) => ({
  marked: pidsWithEnv(markerOf(name)),
  named: pidsWithEnv(`NAME=${name}`, `PORT=${ports.get(name)}`),
});

const start = () =>
  startControlPlane({
    databaseUrl,
    dataDir,
    port,
    logFile: join(dataDir, 'control-plane.log'),
    env: {
      LIGHTSWITCH_TICK_CRON: '* * * * * *',
      LIGHTSWITCH_RECONCILE_INTERVAL_SECONDS: '1',
      LIGHTSWITCH_RECONCILE_LEASE_SECONDS: '3',
      LIGHTSWITCH_ACTIVATOR: 'false',
    },
  });

before(async () => {
  const pg = await createTestPostgres();
  databaseUrl = pg.url;
  drop = pg.drop;
  dataDir = await mkdtemp(join(tmpdir(), 'ls-crash-'));
  port = await freePort();
  db = await openDatabase({ databaseUrl, dataDir });
});

after(async () => {
  await cp?.kill9();
  // Whatever the outcome, leave no process behind.
  for (const name of NAMES) for (const pid of processesOf(name).named) process.kill(pid, 'SIGKILL');
  await db?.close();
  await drop?.();
  if (!process.exitCode) await rm(dataDir, { recursive: true, force: true });
});

test(`${ROUNDS} switching rounds with kill -9 at random moments converge with no orphan or duplicate`, async () => {
  cp = await start();
  const api = apiClient(() => cp!.url, adminToken(dataDir));
  for (const name of NAMES) {
    ports.set(name, await freePort());
    await api('POST', '/api/v1/workloads', {
      name,
      kind: 'process',
      zone: 'GB',
      target: {
        command: process.execPath,
        args: [SERVICE],
        // Slow to start and to stop, so kills land mid-actuation too.
        env: {
          PORT: String(ports.get(name)),
          NAME: name,
          START_DELAY_MS: String(300 + Math.floor(Math.random() * 700)),
          STOP_DELAY_MS: String(Math.floor(Math.random() * 700)),
        },
        healthCheck: { http: `http://127.0.0.1:${ports.get(name)}/healthz`, timeoutMs: 10_000 },
        stopGraceSeconds: 2,
      },
    });
  }
  const desired = new Map<string, 'on' | 'off'>();
  const setDesired = async (name: string, state: 'on' | 'off') => {
    desired.set(name, state);
    await api('POST', '/api/v1/overrides', {
      workload: name,
      state,
      until: new Date(Date.now() + 3600_000).toISOString(),
      reason: 'crash test',
    });
  };

  let midActuation = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of NAMES) await setDesired(name, Math.random() < 0.5 ? 'on' : 'off');
    // Anywhere from before the tick has seen the overrides to well into starting and stopping processes.
    await sleep(Math.random() * 2500);
    await cp.kill9();
    if ((await db.prisma.decision.count({ where: { actuationStatus: 'in_progress' } })) > 0) midActuation++;
    cp = await start();
  }

  // The last round runs to the end: everything must converge.
  const deadline = Date.now() + 60_000;
  let unfinished: number;
  for (;;) {
    unfinished = await db.prisma.decision.count({
      where: { actuationStatus: { in: ['pending', 'in_progress'] } },
    });
    const states = await Promise.all(NAMES.map((n) => api('GET', `/api/v1/workloads/${n}/status`)));
    const converged = states.every((s: any, i) => s.observed?.state === desired.get(NAMES[i]!));
    if (unfinished === 0 && converged) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  assert.equal(unfinished, 0, 'every decision has a final status');

  for (const name of NAMES) {
    const { marked, named } = processesOf(name);
    const want = desired.get(name) === 'on' ? 1 : 0;
    assert.equal(
      named.length,
      want,
      `${name}: ${named.length} processes running, desired ${desired.get(name)}`,
    );
    assert.deepEqual(marked, named, `${name}: every running process is the actuator's own`);
    const status: any = await api('GET', `/api/v1/workloads/${name}/status`);
    assert.equal(status.observed.state, desired.get(name), `${name} observed as desired`);
  }
  const byStatus = await db.prisma.decision.groupBy({ by: ['actuationStatus'], _count: true });
  const counts = Object.fromEntries(byStatus.map((r) => [r.actuationStatus, r._count]));
  assert.equal(counts.failed ?? 0, 0, `no decision failed: ${JSON.stringify(counts)}`);
  assert.ok((counts.succeeded ?? 0) >= ROUNDS / 2, `the rounds really switched: ${JSON.stringify(counts)}`);
  console.log(
    `${ROUNDS} kill -9 rounds, ${midActuation} of them mid-actuation; decisions: ${JSON.stringify(counts)}`,
  );
});
