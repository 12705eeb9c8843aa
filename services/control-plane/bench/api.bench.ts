// npm run bench:api — GET /api/v1/workloads (100 workloads, PostgreSQL, auth, schemas) against a bare
// Fastify route serving the same body from memory, in one run on one machine. Prints req/s, p99 and ratio.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { migrate, openDatabase } from '../src/db';

const base = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const dbName = `ls_bench_${Date.now()}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function seed(url: string) {
  const db = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
  await migrate(db);
  for (let i = 0; i < 100; i++) {
    await db.prisma.workload.create({
      data: {
        name: `bench-${String(i).padStart(3, '0')}`,
        kind: 'k8s_deployment',
        target: { namespace: 'bench', name: `svc-${i}` },
        zone: ['GB', 'DE', 'FR'][i % 3]!,
        labels: { app: `svc-${i}`, team: i % 2 ? 'red' : 'blue', tier: 'web' },
        replicasOn: 3,
        description: 'benchmark workload',
      },
    });
  }
  await db.close();
}

function run(url: string, token?: string) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

const target = new URL(base);
target.pathname = `/${dbName}`;
await admin(`CREATE DATABASE "${dbName}"`);
const dataDir = await mkdtemp(join(tmpdir(), 'ls-bench-'));
try {
  await seed(target.toString());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./targets.ts', import.meta.url).pathname],
    {
      env: { ...process.env, BENCH_DATABASE_URL: target.toString(), BENCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`targets exited with ${code}`)));
  });
  const urls = JSON.parse(line) as { real: string; bare: string; token: string; items: number };
  if (urls.items !== 100) throw new Error(`expected 100 workloads in the response, got ${urls.items}`);

  // Warm both (JIT, connection pool, token cache) before measuring.
  await autocannon({
    url: urls.real,
    connections,
    duration: 2,
    headers: { authorization: `Bearer ${urls.token}` },
  });
  await autocannon({ url: urls.bare, connections, duration: 2 });
  const real = await run(urls.real, urls.token);
  const bare = await run(urls.bare);
  child.kill('SIGTERM');

  for (const [name, r] of [
    ['bare', bare],
    ['real', real],
  ] as const) {
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  }
  const config = loadConfig({});
  const rows = [
    ['route', 'req/s (mean)', 'p99 ms', 'bytes/req'],
    [
      'bare Fastify, same body from memory',
      bare.requests.average.toFixed(0),
      String(bare.latency.p99),
      (bare.throughput.average / bare.requests.average).toFixed(0),
    ],
    [
      'GET /api/v1/workloads (PostgreSQL)',
      real.requests.average.toFixed(0),
      String(real.latency.p99),
      (real.throughput.average / real.requests.average).toFixed(0),
    ],
  ];
  console.log(
    `\n${new Date().toISOString()}  ${connections} connections x ${seconds} s, node ${process.version}, body limit ${config.bodyLimitBytes}`,
  );
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(14))).join(''));
  console.log(
    `ratio real/bare throughput: ${((real.requests.average / bare.requests.average) * 100).toFixed(1)}% (goal >= 40%)`,
  );
} finally {
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
}
