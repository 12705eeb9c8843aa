// Child process of api.bench.ts: serves the two routes being compared, so the load generator has the
// parent process (and its own core) to itself. Prints one JSON line with the URLs, then waits.
import Fastify from 'fastify';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');

const server = await startServer(
  loadConfig({
    DATABASE_URL: databaseUrl,
    LIGHTSWITCH_PORT: '0',
    LIGHTSWITCH_LOG_LEVEL: 'warn',
    LIGHTSWITCH_DATA_DIR: process.env.BENCH_DATA_DIR,
  }),
);

// The peer: a bare Fastify route answering the same 100 workloads from memory: no database, no auth, no schema.
const payload = (await (
  await fetch(`${server.url}/api/v1/workloads?limit=100`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
  })
).json()) as { items: unknown[] };
const bare = Fastify({ logger: false });
bare.get('/workloads', async () => payload);
await bare.listen({ host: '127.0.0.1', port: 0 });
const address = bare.server.address();

console.log(
  JSON.stringify({
    real: `${server.url}/api/v1/workloads?limit=100`,
    bare: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/workloads`,
    token: server.adminToken,
    items: payload.items.length,
  }),
);
process.on('SIGTERM', async () => {
  await bare.close();
  await server.close();
  process.exit(0);
});
