// Child process of api.bench.ts: serves the routes being compared, so the load generator has the parent
// process to itself. Prints one JSON line with the URLs, then waits for SIGTERM.
import Fastify from 'fastify';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');

const start = (listCache: boolean) =>
  startServer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      LIGHTSWITCH_LIST_CACHE: String(listCache),
      LIGHTSWITCH_PORT: '0',
      LIGHTSWITCH_LOG_LEVEL: 'warn',
      LIGHTSWITCH_DATA_DIR: process.env.BENCH_DATA_DIR,
    }),
  );

// Two replicas of the control plane on one database: the default (list cache on) and one with it off.
const cached = await start(true);
const uncached = await start(false);
const token = process.env.BENCH_TOKEN!;
const path = '/api/v1/workloads?limit=100';

// The peers: bare Fastify routes with no database, no auth and no schema — a hello-world, the same 100
// workloads serialized on every request, and the same body pre-serialized (the cost of sending 40 kB).
const payload = (await (
  await fetch(cached.url + path, { headers: { authorization: `Bearer ${token}` } })
).json()) as {
  items: unknown[];
};
const serialized = JSON.stringify(payload);
const bare = Fastify({ logger: false });
bare.get('/hello', async () => ({ hello: 'world' }));
bare.get('/workloads', async () => payload);
bare.get('/workloads-serialized', async (_request, reply) => reply.type('application/json').send(serialized));
await bare.listen({ host: '127.0.0.1', port: 0 });
const address = bare.server.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

console.log(
  JSON.stringify({
    hello: `${bareUrl}/hello`,
    bare: `${bareUrl}/workloads`,
    bareSerialized: `${bareUrl}/workloads-serialized`,
    cached: cached.url + path,
    uncached: uncached.url + path,
    items: payload.items.length,
  }),
);
process.on('SIGTERM', async () => {
  await bare.close();
  await cached.close();
  await uncached.close();
  process.exit(0);
});
