// The main every workload service runs: exercised in a child process, as the services start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const kit = fileURLToPath(new URL('../src/index.ts', import.meta.url));

function start(env: Record<string, string>) {
  const main = `
    import Fastify from 'fastify';
    import { envInt, serveUntilSignal } from ${JSON.stringify(kit)};
    await serveUntilSignal(async () => {
      const config = { host: '127.0.0.1', port: envInt(process.env, 'KIT_PORT', 0, 65535) ?? 0 };
      const app = Fastify();
      app.get('/healthz', async () => ({ ok: true }));
      return { app, config };
    }, (config, port) => 'listening on ' + port);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (err += c));
  return { child, out: () => out, err: () => err };
}

test('serveUntilSignal listens, reports the bound port, and exits 0 on SIGTERM', async () => {
  const s = start({});
  const deadline = Date.now() + 20_000;
  while (!/listening on (\d+)/.test(s.out()) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const port = Number(/listening on (\d+)/.exec(s.out())?.[1]);
  assert.ok(port > 0, `no banner: ${s.out()} ${s.err()}`);
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.deepEqual(await res.json(), { ok: true });
  s.child.kill('SIGTERM');
  const [code] = await once(s.child, 'exit');
  assert.equal(code, 0);
});

test('a bad configuration exits 2 naming the variable, before listening', async () => {
  const s = start({ KIT_PORT: 'http' });
  const [code] = await once(s.child, 'exit');
  assert.equal(code, 2);
  assert.equal(
    s.err(),
    'error: invalid configuration: KIT_PORT: must be an integer from 0 to 65535, got "http"\n',
  );
  assert.equal(s.out(), '');
});
