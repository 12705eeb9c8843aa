// npm run bench:api — GET /api/v1/workloads (100 workloads, PostgreSQL, auth and schemas on) with the list
// cache on (the default) and off, against a bare Fastify route serving the same body from memory, all in
// one run on one machine. Prints req/s, p99 and the ratios.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { generateToken, hashToken, tokenPrefix } from '../src/auth';
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

/** 100 workloads and a viewer token, written straight to the database. */
async function seed(url: string): Promise<string> {
  const db = await openDatabase({ databaseUrl: url, dataDir: tmpdir() });
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
  const token = generateToken();
  await db.prisma.apiToken.create({
    data: { name: 'bench', role: 'viewer', hash: hashToken(token), prefix: tokenPrefix(token) },
  });
  await db.close();
  return token;
}

const measure = (url: string, token: string | undefined, duration: number) =>
  autocannon({ url, connections, duration, headers: token ? { authorization: `Bearer ${token}` } : {} });

const target = new URL(base);
target.pathname = `/${dbName}`;
await admin(`CREATE DATABASE "${dbName}"`);
const dataDir = await mkdtemp(join(tmpdir(), 'ls-bench-'));
try {
  const token = await seed(target.toString());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./targets.ts', import.meta.url).pathname],
    {
      env: {
        ...process.env,
        BENCH_DATABASE_URL: target.toString(),
        BENCH_DATA_DIR: dataDir,
        BENCH_TOKEN: token,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`targets exited with ${code}`)));
  });
  const urls = JSON.parse(line) as {
    hello: string;
    bare: string;
    bareSerialized: string;
    cached: string;
    uncached: string;
    items: number;
  };
  if (urls.items !== 100) throw new Error(`expected 100 workloads in the response, got ${urls.items}`);

  const runs = [
    ['bare Fastify route, same body from memory', urls.bare, undefined],
    ['bare Fastify route, same body pre-serialized', urls.bareSerialized, undefined],
    ['bare Fastify route, hello world', urls.hello, undefined],
    ['GET /api/v1/workloads, list cache on', urls.cached, token],
    ['GET /api/v1/workloads, list cache off', urls.uncached, token],
  ] as const;
  const results = [];
  for (const [name, url, auth] of runs) {
    await measure(url, auth, 2); // warm-up: JIT, pools, token cache
    const r = await measure(url, auth, seconds);
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    results.push({
      name,
      rps: r.requests.average,
      p99: r.latency.p99,
      bytes: r.throughput.average / r.requests.average,
    });
  }
  child.kill('SIGTERM');

  console.log(
    `\n${new Date().toISOString()}  ${cpus().length} x ${cpus()[0]?.model}, node ${process.version}`,
  );
  console.log(
    `autocannon: ${connections} connections x ${seconds} s per route, PostgreSQL at ${target.host}\n`,
  );
  const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(0)}%`;
  const [sameBody, preSerialized] = results;
  const row = (cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(46) : c.padStart(i === 4 ? 12 : 10))).join(''));
  row(['route', 'req/s', 'p99 ms', 'bytes/req', 'vs row 1', 'vs row 2']);
  for (const r of results) {
    row([
      r.name,
      r.rps.toFixed(0),
      String(r.p99),
      r.bytes.toFixed(0),
      pct(r.rps, sameBody!.rps),
      pct(r.rps, preSerialized!.rps),
    ]);
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
}
