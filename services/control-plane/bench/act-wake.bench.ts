// npx tsx services/control-plane/bench/act-wake.bench.ts — the activator's wake on request, end to end: a real
// echo-server process driven by the real process actuator and reconciler, decisions in a real database.
//   (a) cold wakes: time to first byte of a request to a sleeping workload, p50/p99 over BENCH_WAKES wakes (the
//       workload is put back to sleep through the reconciler between wakes), where that time went, and warm
//       requests' p50/p99 in the same run;
//   (b) BENCH_HELD requests at once to a sleeping workload: all held through one wake, all served.
// BENCH_DB=postgres (default; PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432) or pglite.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processDir } from '../src/actuators';
import { COLD_START_HEADER, WAKE_MS_HEADER, startActivator } from '../src/activator';
import { ReconcileLoop } from '../src/reconciler';
import { openMigrated } from '../test/support/databases';
import {
  actuatorWorkload,
  echoTarget,
  freePort,
  newReconciler,
  percentile,
  processStateDir,
  switchTo,
} from '../test/activator/harness';

const kind = (process.env.BENCH_DB ?? 'postgres') as 'postgres' | 'pglite';
const wakes = Number(process.env.BENCH_WAKES ?? 50);
const warmPerWake = Number(process.env.BENCH_WARM_PER_WAKE ?? 20);
const heldCount = Number(process.env.BENCH_HELD ?? 1000);
/** For (b): the upstream starts listening this late, so that every request is surely held by the one wake. */
const heldStartupDelayMs = Number(process.env.BENCH_HELD_STARTUP_DELAY_MS ?? 500);

const { db, cleanup } = await openMigrated(kind);
const dir = await processStateDir();
const { actuator, reconciler } = newReconciler(db.prisma, dir.stateDir);
const loop = new ReconcileLoop(reconciler, 10_000);
const echo = await db.prisma.workload.create({
  data: { name: 'bench-echo', kind: 'process', target: echoTarget(await freePort()), zone: 'GB' },
});
const held = await db.prisma.workload.create({
  data: {
    name: 'bench-held',
    kind: 'process',
    target: echoTarget(await freePort(), { STARTUP_DELAY_MS: String(heldStartupDelayMs) }),
    zone: 'GB',
  },
});
const activator = await startActivator({
  prisma: db.prisma,
  config: {
    enabled: true,
    host: '127.0.0.1',
    port: 0,
    queueLimit: Math.max(1000, heldCount),
    wakeTimeoutSeconds: 60,
    demandWindowSeconds: 15,
  },
  reconcileNow: () => loop.runNow(),
});
const base = new URL(activator.url);
// Kept-alive connections, so that a measured request pays for no TCP handshake and many can start at once.
const agent = new http.Agent({ keepAlive: true, maxSockets: heldCount + 10, maxFreeSockets: heldCount + 10 });

interface Timed {
  status: number;
  ttfbMs: number;
  doneMs: number;
  cold: boolean;
  wakeMs: number;
}

/** Time to the response's headers (first byte) and to its end. */
function timed(path: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: base.hostname, port: base.port, path, agent }, (res) => {
      const ttfbMs = performance.now() - t0;
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ttfbMs,
          doneMs: performance.now() - t0,
          cold: res.headers[COLD_START_HEADER] === 'true',
          wakeMs: Number(res.headers[WAKE_MS_HEADER]),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** When the last start of a workload's process was logged, and how long after its start it listened. */
function lastStart(name: string): { spawnedAt: number; listeningAfterMs: number } {
  const log = readFileSync(join(processDir(dir.stateDir, name), 'output.log'), 'utf8')
    .trim()
    .split('\n');
  const started = log.filter((l) => l.includes('] starting: ')).at(-1)!;
  const listening = log.filter((l) => l.startsWith('echo listening')).at(-1)!;
  return {
    spawnedAt: Date.parse(started.slice('[lightswitch '.length, started.indexOf(']'))),
    listeningAfterMs: Number(/ (\d+) ms after start/.exec(listening)![1]),
  };
}

const cold: number[] = [];
const wakeHeader: number[] = [];
const warm: number[] = [];
const where = {
  started: [] as number[],
  spawned: [] as number[],
  listening: [] as number[],
  healthy: [] as number[],
  released: [] as number[],
};

try {
  await switchTo(db.prisma, reconciler, echo.id, 'on');
  // Connections and JIT warmed up before anything is measured.
  for (let i = 0; i < 50; i++) await timed('/bench-echo/warmup');

  // (a) cold wakes, each followed by warm requests.
  for (let i = 0; i < wakes; i++) {
    await switchTo(db.prisma, reconciler, echo.id, 'off');
    await sleep(1100); // the activator's view reloads every second
    const sentAt = Date.now();
    const r = await timed(`/bench-echo/cold/${i}`);
    if (r.status !== 200 || !r.cold) throw new Error(`wake ${i}: status ${r.status}, cold ${r.cold}`);
    cold.push(r.ttfbMs);
    wakeHeader.push(r.wakeMs);
    const d = await db.prisma.decision.findFirstOrThrow({
      where: { workloadId: echo.id, reason: { startsWith: 'on: wake on request' } },
      orderBy: { decidedAt: 'desc' },
    });
    const { spawnedAt, listeningAfterMs } = lastStart('bench-echo');
    const actuatedAt = d.actuatedAt!.getTime();
    where.started.push(d.decidedAt.getTime() - sentAt);
    where.spawned.push(spawnedAt - d.decidedAt.getTime());
    where.listening.push(listeningAfterMs);
    where.healthy.push(actuatedAt - spawnedAt - listeningAfterMs);
    where.released.push(sentAt + r.ttfbMs - actuatedAt);
    for (let j = 0; j < warmPerWake; j++) {
      const x = await timed(`/bench-echo/warm/${j}`);
      if (x.status !== 200 || x.cold) throw new Error(`warm request: status ${x.status}, cold ${x.cold}`);
      warm.push(x.ttfbMs);
    }
  }

  // (b) many requests held through one wake.
  await switchTo(db.prisma, reconciler, held.id, 'on');
  await switchTo(db.prisma, reconciler, held.id, 'off');
  // Open every connection first (the activator answers 404 at once), so the requests below start together.
  await Promise.all(Array.from({ length: heldCount }, () => timed('/')));
  await sleep(1100);
  const decisionsBefore = await db.prisma.decision.count({ where: { workloadId: held.id } });
  const t0 = Date.now();
  const replies = await Promise.all(
    Array.from({ length: heldCount }, (_, i) => timed(`/bench-held/held/${i}`)),
  );
  const allServedMs = Math.max(...replies.map((r) => r.doneMs));
  const served = replies.filter((r) => r.status === 200).length;
  const servedCold = replies.filter((r) => r.status === 200 && r.cold).length;
  const wakeDecisions =
    (await db.prisma.decision.count({ where: { workloadId: held.id } })) - decisionsBefore;
  const wake = await db.prisma.decision.findFirstOrThrow({
    where: { workloadId: held.id },
    orderBy: { decidedAt: 'desc' },
  });
  const actuatedAfterMs = wake.actuatedAt!.getTime() - t0;

  const header = (title: string) =>
    `${title.padEnd(52)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`;
  const row = (name: string, values: number[]) =>
    `${name.padEnd(52)} ${String(values.length).padStart(5)} ${percentile(values, 50).toFixed(1).padStart(8)} ` +
    `${percentile(values, 99).toFixed(1).padStart(8)}`;
  console.log(
    `\nactivator wake on request — ${kind}, ${process.platform} ${process.arch}, node ${process.version}\n`,
  );
  console.log(header('(a) time to first byte through the activator'));
  console.log(row('cold: a request to a sleeping workload', cold));
  console.log(row(`  ${WAKE_MS_HEADER} (time held)`, wakeHeader));
  console.log(row('  request -> wake started', where.started));
  console.log(row('  wake started -> spawned (intent tx, reconcile round)', where.spawned));
  console.log(row('  spawned -> upstream listening (node start-up)', where.listening));
  console.log(row('  listening -> actuated (health-check poll, db write)', where.healthy));
  console.log(row('  actuated -> first byte (wake seen, forwarded)', where.released));
  console.log(row('warm: a request to a running workload', warm));
  console.log(
    `\n(b) ${heldCount} requests at once to a sleeping workload (upstream listens ${heldStartupDelayMs} ms late)`,
  );
  console.log(`  served: ${served}/${heldCount}, ${servedCold} of them with ${COLD_START_HEADER}: true`);
  console.log(`  wake decisions written: ${wakeDecisions}`);
  console.log(`  time to serve all: ${allServedMs.toFixed(0)} ms (actuated after ${actuatedAfterMs} ms)`);
} finally {
  await activator.close();
  await loop.stop();
  agent.destroy();
  for (const w of [echo, held]) await actuator.apply(actuatorWorkload(w), { state: 'off', replicas: 0 });
  await dir.remove();
  await cleanup();
}
