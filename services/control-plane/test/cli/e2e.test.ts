// The real `lightswitch` command, as a subprocess, against a real server on a real PostgreSQL database.
import { after, before, describe, test } from 'node:test';
import { samplePolicy } from '../support/api';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { createTestPostgres } from '../support/databases';

const BIN = new URL('../../bin/lightswitch.mjs', import.meta.url).pathname;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing from the test run's own LIGHTSWITCH_* or DATABASE_URL leaks in. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('LIGHTSWITCH_') || k === 'DATABASE_URL' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function lightswitch(args: string[], env: Record<string, string>, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const workload = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'k8s-deployment',
  target: { namespace: 'shop', name },
  zone: 'GB',
  labels: { app: name, tier: name.startsWith('batch') ? 'batch' : 'web' },
  replicasOn: 3,
  ...extra,
});

describe('lightswitch CLI against a running control plane', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof createTestPostgres>>;
  let env: Record<string, string>;
  const cli = (args: string[], stdin?: string, extraEnv: Record<string, string> = {}) =>
    lightswitch(args, { ...env, ...extraEnv }, stdin);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightswitch-cli-e2e-'));
    database = await createTestPostgres();
    const config = loadConfig({
      LIGHTSWITCH_HOST: '127.0.0.1',
      LIGHTSWITCH_PORT: '0',
      LIGHTSWITCH_ACTIVATOR_PORT: '0',
      LIGHTSWITCH_DATA_DIR: dataDir,
      LIGHTSWITCH_LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
    });
    server = await startServer(config);
    // The CLI finds the server by URL and the token in the data directory's admin-token file.
    env = { LIGHTSWITCH_URL: server.url, LIGHTSWITCH_DATA_DIR: dataDir };
  });

  after(async () => {
    await server?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the bootstrap admin token is in the data directory, readable only by its owner', () => {
    assert.ok(server.adminToken, 'a fresh database gets a bootstrap admin token');
    assert.equal(server.adminTokenFile, join(dataDir, 'admin-token'));
    assert.equal(readFileSync(server.adminTokenFile, 'utf8').trim(), server.adminToken);
    assert.equal(statSync(server.adminTokenFile).mode & 0o777, 0o600);
  });

  test('workload apply: created, unchanged, configured; get shows the stored object', async () => {
    const file = join(dataDir, 'workloads.yaml');
    const docs = [workload('web-a'), workload('web-b'), workload('batch-c', { replicasOn: 1 })];
    writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n---\n'));

    const created = await cli(['workload', 'apply', '-f', file]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      created.stdout,
      'workload/web-a created\nworkload/web-b created\nworkload/batch-c created\n',
    );

    const again = await cli(['workload', 'apply', '-f', file]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(
      again.stdout,
      'workload/web-a unchanged\nworkload/web-b unchanged\nworkload/batch-c unchanged\n',
    );

    // Changed through stdin, as a JSON array this time.
    const changed = await cli(
      ['workload', 'apply', '-f', '-'],
      JSON.stringify([workload('web-a', { zone: 'DE' }), workload('web-b')]),
    );
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(changed.stdout, 'workload/web-a configured\nworkload/web-b unchanged\n');

    const got = await cli(['workload', 'get', 'web-a']);
    assert.equal(got.code, 0, got.stderr);
    const stored = parse(got.stdout);
    assert.equal(stored.zone, 'DE');
    assert.equal(stored.version, 2);
    assert.deepEqual(stored.target, { namespace: 'shop', name: 'web-a' });
    for (const field of ['id', 'createdAt', 'updatedAt', 'replicasOff', 'vcpu', 'memoryGb']) {
      assert.ok(field in stored, `get shows ${field}`);
    }

    // What get printed applies back as it is.
    const roundTrip = await cli(['workload', 'apply', '-f', '-'], got.stdout);
    assert.equal(roundTrip.stdout, 'workload/web-a unchanged\n', roundTrip.stderr);

    const json = await cli(['--json', 'workload', 'get', 'web-a']);
    assert.deepEqual(JSON.parse(json.stdout), stored);
  });

  test('workload list: table, selector, limit with a cursor to continue, JSON', async () => {
    const all = await cli(['workload', 'list']);
    assert.equal(all.code, 0, all.stderr);
    const lines = all.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+KIND\s+ZONE\s+ON\/OFF\s+LABELS\s+AGE$/);
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
      ['batch-c', 'web-a', 'web-b'],
    );
    assert.match(all.stdout, /\nweb-a\s+k8s-deployment\s+DE\s+3\/0\s+app=web-a,tier=web\s+\d+s\n/);

    const web = await cli(['workload', 'list', '-l', 'tier=web', '--json']);
    assert.equal(web.code, 0, web.stderr);
    assert.deepEqual(
      JSON.parse(web.stdout)
        .items.map((w: { name: string }) => w.name)
        .sort(),
      ['web-a', 'web-b'],
    );

    const first = await cli(['workload', 'list', '--limit', '2']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trimEnd().split('\n').length, 3);
    const cursor = /with --cursor (\S+)/.exec(first.stderr)?.[1];
    assert.ok(cursor, first.stderr);
    const rest = await cli(['--json', 'workload', 'list', '--limit', '2', '--cursor', cursor]);
    assert.equal(JSON.parse(rest.stdout).items.length, 1);
    assert.equal(JSON.parse(rest.stdout).nextCursor, null);
  });

  test('list follows nextCursor past the server page size', async () => {
    const many = Array.from({ length: 105 }, (_, i) => workload(`batch-many-${String(i).padStart(3, '0')}`));
    const applied = await cli(['workload', 'apply', '-f', '-'], JSON.stringify(many));
    assert.equal(applied.code, 0, applied.stderr);
    const listed = await cli(['--json', 'workload', 'list', '-l', 'tier=batch']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).items.length, 106);
    const deleted = await cli(['workload', 'delete', ...many.map((w) => w.name)]);
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  test('apply: the server rejecting a document prints its message and details, exit 1', async () => {
    const bad = { ...workload('bad-one'), kind: 'vm', replicasOn: -1 };
    const result = await cli(['workload', 'apply', '-f', '-'], JSON.stringify([bad, workload('web-d')]));
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'workload/web-d created\n');
    assert.match(result.stderr, /^error: workload\/bad-one \(<stdin>: item 1\): .+\n/);
    assert.match(result.stderr, /\n {2}kind: .+\n/);
  });

  test('apply: unparseable input names the file and document, and sends nothing', async () => {
    const file = join(dataDir, 'broken.yaml');
    writeFileSync(file, `${JSON.stringify(workload('never-sent'))}\n---\nname: [unclosed\n`);
    const result = await cli(['workload', 'apply', '-f', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^error: ${file}: document 2: not valid YAML: `));
    const get = await cli(['workload', 'get', 'never-sent']);
    assert.equal(get.code, 1);
    assert.match(get.stderr, /^error: .*not found/);
  });

  test('policies: apply, list, get, delete', async () => {
    const policy = samplePolicy('weekends-off');
    const created = await cli(['policy', 'apply', '-f', '-'], `# policies\n---\n${JSON.stringify(policy)}\n`);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'policy/weekends-off created\n');
    const updated = await cli(['policy', 'apply', '-f', '-'], JSON.stringify({ ...policy, enabled: false }));
    assert.equal(updated.stdout, 'policy/weekends-off configured\n', updated.stderr);

    const list = await cli(['policy', 'list']);
    assert.match(list.stdout, /^NAME\s+TYPE\s+SELECTOR\s+PRIORITY\s+ENABLED\s+DRY-RUN\s+AGE\n/);
    assert.match(list.stdout, /\nweekends-off\s+schedule\s+tier=web\s+10\s+false\s+false\s+\d+s\n/);

    const got = parse((await cli(['policy', 'get', 'weekends-off'])).stdout);
    assert.equal(got.enabled, false);
    assert.deepEqual(got.spec.offWindows, policy.spec.offWindows);

    const deleted = await cli(['policy', 'delete', 'weekends-off']);
    assert.equal(deleted.stdout, 'policy/weekends-off deleted\n', deleted.stderr);
    const missing = await cli(['policy', 'delete', 'weekends-off']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: policy\/weekends-off: .*not found/);
  });

  test('tokens: create once, roles enforced, list, revoke', async () => {
    const created = await cli(['token', 'create', 'ci-viewer', '--role', 'viewer', '--expires', '30d']);
    assert.equal(created.code, 0, created.stderr);
    const viewerToken = created.stdout.trim();
    assert.equal(created.stdout, `${viewerToken}\n`, 'stdout holds exactly the token');
    assert.ok(viewerToken.length >= 20);
    assert.match(created.stderr, /token\/ci-viewer created \(role viewer, expires 20\d\d-/);
    assert.match(created.stderr, /warning: this token is shown only once/);

    const asViewer = { LIGHTSWITCH_TOKEN: viewerToken };
    const read = await cli(['workload', 'list'], undefined, asViewer);
    assert.equal(read.code, 0, read.stderr);
    const write = await cli(['workload', 'apply', '-f', '-'], JSON.stringify(workload('web-z')), asViewer);
    assert.equal(write.code, 1);
    assert.match(write.stderr, /^error: /);
    const admin = await cli(['token', 'list'], undefined, asViewer);
    assert.equal(admin.code, 1);

    const list = await cli(['token', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^NAME\s+ROLE\s+PREFIX\s+STATUS\s+CREATED-BY\s+AGE\s+LAST-USED\s+EXPIRES\n/);
    assert.match(list.stdout, /\nci-viewer\s+viewer\s+\S+\s+active\s+.*\s+in 29d\n/);
    assert.ok(!list.stdout.includes(viewerToken), 'list never shows a secret');

    const revoked = await cli(['token', 'revoke', 'ci-viewer']);
    assert.equal(revoked.stdout, 'token/ci-viewer revoked\n', revoked.stderr);
    const after = await cli(['workload', 'list'], undefined, asViewer);
    assert.equal(after.code, 1);
    assert.match(after.stderr, /^error: .*\(token from LIGHTSWITCH_TOKEN\)\n/);
    assert.match((await cli(['token', 'list'])).stdout, /\nci-viewer\s+viewer\s+\S+\s+revoked\s/);
  });

  test('no token anywhere is a clear error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lightswitch-cli-notoken-'));
    const result = await lightswitch(['workload', 'list'], {
      LIGHTSWITCH_URL: server.url,
      LIGHTSWITCH_DATA_DIR: empty,
    });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'error: no token: pass --token or set LIGHTSWITCH_TOKEN\n');
    rmSync(empty, { recursive: true, force: true });
  });

  test('usage errors exit 2', async () => {
    const result = await cli(['workload', 'frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });
});

describe('lightswitch serve and migrate', () => {
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createTestPostgres>>;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightswitch-cli-serve-'));
    database = await createTestPostgres();
  });

  after(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('migrate applies the migrations once, then is up to date', async () => {
    const env = { DATABASE_URL: database.url, LIGHTSWITCH_DATA_DIR: dataDir };
    const first = await lightswitch(['migrate'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^database: .+\n/);
    assert.match(first.stdout, /\napplied \S+ \(\d+ ms\)\n/);
    const second = await lightswitch(['migrate'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /\nup to date/);
    const json = await lightswitch(['--json', 'migrate'], env);
    assert.deepEqual(JSON.parse(json.stdout).applied, []);
  });

  test('serve prints where everything is and the bootstrap token once, and stops on SIGTERM', async () => {
    const env = baseEnv({
      DATABASE_URL: database.url,
      LIGHTSWITCH_DATA_DIR: dataDir,
      LIGHTSWITCH_HOST: '127.0.0.1',
      LIGHTSWITCH_PORT: '0',
      LIGHTSWITCH_ACTIVATOR_PORT: '0',
      LIGHTSWITCH_LOG_LEVEL: 'silent',
    });
    const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}${stderr}`)), 60_000);
        child.stdout.setEncoding('utf8').on('data', (s: string) => {
          stdout += s;
          if (/Create tokens for people/.test(stdout)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('close', () => reject(new Error(`serve exited: ${stdout}${stderr}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      assert.ok(url, stdout);
      assert.match(stdout, new RegExp(`API: +${url}/api/v1\\n`));
      assert.match(stdout, new RegExp(`${url}/api/docs`));
      assert.match(stdout, new RegExp(`${url}/api/openapi\\.json`));
      assert.match(stdout, new RegExp(`Metrics: +${url}/metrics\\n`));
      const activator = /Wake on request: (http:\/\/127\.0\.0\.1:\d+)\/<workload>\/\.\.\. /.exec(stdout)?.[1];
      assert.ok(activator, stdout);
      const unknown = await fetch(`${activator}/no-such-workload/`);
      assert.equal(unknown.status, 404, 'the activator answers for the workloads it knows');
      await unknown.arrayBuffer();
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      assert.match(stdout, new RegExp(`\\n {2}${token}\\n`));
      assert.match(stdout, new RegExp(`saved to ${join(dataDir, 'admin-token')} \\(mode 0600\\)`));

      for (const path of ['/api/docs', '/api/openapi.json', '/metrics']) {
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(response.status, 200, path);
        await response.arrayBuffer();
      }
      const list = await lightswitch(['policy', 'list'], {
        LIGHTSWITCH_URL: url,
        LIGHTSWITCH_DATA_DIR: dataDir,
      });
      assert.equal(list.code, 0, list.stderr);
      assert.equal(list.stderr, 'No policies found.\n');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /received SIGTERM; shutting down/);
    assert.match(stderr, /stopped\n$/);
  });
});
