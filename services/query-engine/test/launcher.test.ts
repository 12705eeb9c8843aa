// `query-engine` (bin/query-engine.mjs) runs the service from a bundle of the sources kept in
// node_modules/.cache (bin/bundle.mjs): the process the control plane starts when it wakes the workload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpDir } from './support/engine-fixtures.ts';

const bin = fileURLToPath(new URL('../bin/query-engine.mjs', import.meta.url));
const cache = fileURLToPath(new URL('../node_modules/.cache/lightswitch/', import.meta.url));

test(
  'the launcher serves a bundled query from the bundle, and stops cleanly on SIGTERM',
  { timeout: 60_000 },
  async () => {
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        QUERY_ENGINE_PORT: '0',
        QUERY_ENGINE_DATA_DIR: tmpDir(),
        QUERY_ENGINE_DEMO_ROWS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const deadline = Date.now() + 45_000;
    while (!/listening on http:\/\/[^:]+:(\d+)/.test(out) && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    const port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1]);
    assert.ok(port > 0, `no banner: ${out} ${err}`);
    // the service's own sources ran bundled: a main-<hash> bundle is in the package's cache
    assert.ok(
      existsSync(cache) && readdirSync(cache).some((d) => /^main-[0-9a-f]+$/.test(d)),
      'no service bundle',
    );
    const res = await fetch(`http://127.0.0.1:${port}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'q2', source: 'sales.csv' }),
    });
    assert.equal(res.status, 200);
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { store: number; count: number });
    assert.equal(
      rows.reduce((a, r) => a + Number(r.count), 0),
      2000,
    );
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, err);
  },
);
