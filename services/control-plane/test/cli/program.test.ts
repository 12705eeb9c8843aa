// The whole CLI in-process against an in-memory API: parsing, output, exit statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run } from '../../src/cli/program';
import { FakeApi } from './fake-api';

const env = { LIGHTSWITCH_URL: 'http://api.test', LIGHTSWITCH_TOKEN: 'secret-admin' };

async function cli(
  args: string[],
  options: { api?: FakeApi; stdin?: string; env?: Record<string, string> } = {},
) {
  const api = options.api ?? new FakeApi();
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) },
    env: options.env ?? env,
    fetch: api.fetch,
    now: () => new Date(),
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr, api };
}

const workloadsYaml = ['a', 'b', 'c', 'd', 'e']
  .map(
    (n, i) =>
      `name: ${n}\nkind: process\nzone: GB\nlabels: { tier: ${i % 2 ? 'web' : 'batch'} }\ntarget: { command: sleep }\n`,
  )
  .join('---\n');

test('apply from stdin, then again: created, then unchanged, then configured', async () => {
  const api = new FakeApi();
  const first = await cli(['workload', 'apply', '-f', '-'], { api, stdin: workloadsYaml });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, ['a', 'b', 'c', 'd', 'e'].map((n) => `workload/${n} created\n`).join(''));
  const again = await cli(['workload', 'apply', '-f', '-'], {
    api,
    stdin: workloadsYaml.replace('name: c\nkind: process\nzone: GB', 'name: c\nkind: process\nzone: DE'),
  });
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stdout,
    /^workload\/a unchanged\nworkload\/b unchanged\nworkload\/c configured\nworkload\/d unchanged\n/,
  );
  assert.equal(api.store.get('workloads')!.get('c')!.zone, 'DE');
});

test('apply: a document that fails to parse stops everything before any request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-cli-'));
  const file = join(dir, 'w.yaml');
  writeFileSync(file, `${workloadsYaml}---\nkind: process\n`);
  const { code, stdout, stderr, api } = await cli(['workload', 'apply', '-f', file]);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.equal(stderr, `error: ${file}: document 6: has no "name"\n`);
  assert.equal(api.calls.length, 0);
});

test('apply: a missing file is named', async () => {
  const { code, stderr } = await cli(['policy', 'apply', '-f', '/nonexistent/p.yaml']);
  assert.equal(code, 1);
  assert.equal(stderr, 'error: cannot read /nonexistent/p.yaml: no such file\n');
});

test('apply: a rejected document prints the API error with details, the rest still apply, exit 1', async () => {
  const stdin =
    'name: bad\nkind: process\ntarget: {}\n---\nname: good\nkind: process\nzone: GB\ntarget: {}\n';
  const { code, stdout, stderr } = await cli(['workload', 'apply', '-f', '-'], { stdin });
  assert.equal(code, 1);
  assert.equal(stdout, 'workload/good created\n');
  assert.equal(
    stderr,
    'error: workload/bad (<stdin>: document 1): invalid workload "bad"\n  zone: is required\n',
  );
});

test('apply --json and --dry-run', async () => {
  const { code, stdout, api } = await cli(['--json', 'policy', 'apply', '--dry-run', '-f', '-'], {
    stdin: '[{"name": "p1", "type": "always-on", "spec": {}}]',
  });
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), { items: [{ name: 'p1', action: 'created', dryRun: true }] });
  assert.ok(api.calls.every((c) => c.method === 'GET'));
});

test('list follows nextCursor until the end and prints a table', async () => {
  const api = new FakeApi();
  await cli(['workload', 'apply', '-f', '-'], { api, stdin: workloadsYaml });
  api.calls.length = 0;
  const { code, stdout } = await cli(['workload', 'list'], { api });
  assert.equal(code, 0);
  assert.deepEqual(
    api.calls.map((c) => c.path),
    ['/api/v1/workloads', '/api/v1/workloads?cursor=2', '/api/v1/workloads?cursor=4'],
  );
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^NAME\s+KIND\s+ZONE\s+ON\/OFF\s+LABELS\s+AGE$/);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(/\s+/)[0]),
    ['a', 'b', 'c', 'd', 'e'],
  );
  assert.match(lines[2]!, /^b\s+process\s+GB\s+1\/0\s+tier=web\s+\d+s$/);
});

test('list --limit fetches one page and says how to continue; -l passes the selector', async () => {
  const api = new FakeApi();
  await cli(['workload', 'apply', '-f', '-'], { api, stdin: workloadsYaml });
  api.calls.length = 0;
  const limited = await cli(['workload', 'list', '--limit', '3'], { api });
  assert.equal(api.calls.length, 1);
  assert.equal(limited.stdout.trimEnd().split('\n').length, 4);
  assert.equal(limited.stderr, 'more workloads: run again with --cursor 3 (and the same --selector)\n');
  const rest = await cli(['--json', 'workload', 'list', '--limit', '3', '--cursor', '3'], { api });
  assert.deepEqual(
    JSON.parse(rest.stdout).items.map((w: { name: string }) => w.name),
    ['d', 'e'],
  );
  api.calls.length = 0;
  const selected = await cli(['workload', 'list', '-l', 'tier=web', '--json'], { api });
  assert.equal(api.calls[0]!.path, '/api/v1/workloads?selector=tier%3Dweb');
  assert.deepEqual(JSON.parse(selected.stdout), {
    items: [api.store.get('workloads')!.get('b'), api.store.get('workloads')!.get('d')],
    nextCursor: null,
  });
});

test('an empty list says so on stderr and prints nothing on stdout', async () => {
  const { code, stdout, stderr } = await cli(['policy', 'list']);
  assert.equal(code, 0);
  assert.equal(stdout, '');
  assert.equal(stderr, 'No policies found.\n');
});

test('get prints YAML (or JSON); a missing one is an error with exit 1', async () => {
  const api = new FakeApi();
  await cli(['policy', 'apply', '-f', '-'], {
    api,
    stdin: 'name: nights\ntype: schedule\nspec: { off: "0 20 * * *" }\n',
  });
  const got = await cli(['policy', 'get', 'nights'], { api });
  assert.equal(got.code, 0);
  const parsed = parse(got.stdout);
  assert.equal(parsed.name, 'nights');
  assert.deepEqual(parsed.spec, { off: '0 20 * * *' });
  assert.equal(parsed.version, 1);
  const json = await cli(['--json', 'policy', 'get', 'nights'], { api });
  assert.deepEqual(JSON.parse(json.stdout), parsed);
  const missing = await cli(['policy', 'get', 'nope'], { api });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'error: policy "nope" not found\n  name: no such resource\n');
});

test('get output applies back unchanged', async () => {
  const api = new FakeApi();
  await cli(['workload', 'apply', '-f', '-'], { api, stdin: workloadsYaml });
  const got = await cli(['workload', 'get', 'c'], { api });
  const applied = await cli(['workload', 'apply', '-f', '-'], { api, stdin: got.stdout });
  assert.equal(applied.stdout, 'workload/c unchanged\n');
});

test('delete: each name, errors reported and the rest carried on', async () => {
  const api = new FakeApi();
  await cli(['workload', 'apply', '-f', '-'], { api, stdin: workloadsYaml });
  const { code, stdout, stderr } = await cli(['workload', 'delete', 'a', 'zzz', 'b'], { api });
  assert.equal(code, 1);
  assert.equal(stdout, 'workload/a deleted\nworkload/b deleted\n');
  assert.equal(stderr, 'error: workload/zzz: workload "zzz" not found\n  name: no such resource\n');
  assert.deepEqual([...api.store.get('workloads')!.keys()], ['c', 'd', 'e']);
});

test('token create prints only the token on stdout, with a once-only warning on stderr', async () => {
  const { code, stdout, stderr, api } = await cli([
    'token',
    'create',
    'ci',
    '--role',
    'operator',
    '--expires',
    '30d',
  ]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'lst_abcd_the_secret\n');
  assert.match(stderr, /^token\/ci created \(role operator, expires \d{4}-.*Z\)\n/);
  assert.match(stderr, /warning: this token is shown only once/);
  const body = api.calls[0]!.body as { name: string; role: string; expiresAt: string };
  assert.equal(body.role, 'operator');
  assert.ok(Math.abs(Date.parse(body.expiresAt) - Date.now() - 30 * 86_400_000) < 60_000);
  const json = await cli(['token', 'create', 'x', '--role', 'viewer', '--json']);
  assert.equal(JSON.parse(json.stdout).token, 'lst_abcd_the_secret');
});

test('token list and revoke', async () => {
  const api = new FakeApi();
  await cli(['token', 'create', 'ci', '--role', 'admin'], { api });
  const revoked = await cli(['token', 'revoke', 'ci'], { api });
  assert.equal(revoked.stdout, 'token/ci revoked\n');
  const list = await cli(['token', 'list'], { api });
  assert.match(list.stdout, /^NAME\s+ROLE\s+PREFIX\s+STATUS/);
  assert.match(list.stdout, /\nci\s+admin\s+lst_abcd\s+revoked\s+admin\s+\d+s\s+never\s+never\n$/);
});

test('usage errors exit 2 and say what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['token', 'create', 'x'], /required option '--role <role>' not specified/],
    [['token', 'create', 'x', '--role', 'root'], /Allowed choices are viewer, operator, admin/],
    [['token', 'create', 'x', '--role', 'viewer', '--expires', 'soon'], /ISO 8601/],
    [['workload', 'list', '--limit', '0'], /at least 1/],
    [['workload', 'apply'], /pass the file to apply with -f/],
    [['workload', 'get'], /missing required argument 'name'/],
    [['--url', 'ftp://x', 'workload', 'list'], /must start with http/],
    [['workload'], /Usage: lightswitch workload/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr, api } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message, args.join(' '));
    assert.equal(api.calls.length, 0);
  }
});

test('--help and --version exit 0 and list the commands', async () => {
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['serve', 'migrate', 'token', 'workload', 'policy'])
    assert.match(help.stdout, new RegExp(`\\n  ${command}`));
  const sub = await cli(['workload', 'apply', '--help']);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /-f, --filename <file>/);
  assert.match(sub.stdout, /--json/, 'global options are shown');
  assert.equal((await cli(['--version'])).code, 0);
});

test('authentication problems name where the token came from', async () => {
  const { code, stderr } = await cli(['workload', 'list'], { env: { ...env, LIGHTSWITCH_TOKEN: 'wrong' } });
  assert.equal(code, 1);
  assert.match(stderr, /^error: invalid token \(token from LIGHTSWITCH_TOKEN\)\n/);
  const none = await cli(['workload', 'list'], {
    env: { LIGHTSWITCH_URL: 'http://api.test', LIGHTSWITCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'ls-cli-')) },
  });
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'error: no token: pass --token or set LIGHTSWITCH_TOKEN\n');
});

test('an unreachable server is a one-line error naming the URL', async () => {
  // A port that was just free: nothing listens there.
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  let stderr = '';
  const code = await run(['workload', 'list'], {
    io: { stdout: () => {}, stderr: (s) => void (stderr += s) },
    env: { LIGHTSWITCH_URL: `http://127.0.0.1:${port}`, LIGHTSWITCH_TOKEN: 't' },
  });
  assert.equal(code, 1);
  assert.equal(stderr.split('\n').length, 2);
  assert.ok(
    stderr.startsWith(`error: cannot reach the LightSwitch API at http://127.0.0.1:${port} (ECONNREFUSED)`),
    stderr,
  );
});
