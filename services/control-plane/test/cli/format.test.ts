import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { defaultUrl, normaliseUrl, resolveConnection } from '../../src/cli/client';
import { ApiError, CliError, formatError, UsageError } from '../../src/cli/errors';
import { formatDuration, relative, renderTable, toYaml } from '../../src/cli/format';
import { parseExpiry } from '../../src/cli/program';
import { policies, tokenColumns, workloads } from '../../src/cli/resources';
import { formatServeBanner } from '../../src/cli/server-commands';
import { ConfigError, loadConfig } from '../../src/config';

const now = new Date('2025-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

test('workload table: aligned columns, labels, replicas, age, no trailing spaces', () => {
  const out = renderTable(
    workloads.columns,
    [
      {
        name: 'query-engine',
        kind: 'process',
        zone: 'GB',
        replicasOn: 1,
        replicasOff: 0,
        labels: { tier: 'batch', team: 'data' },
        createdAt: hoursAgo(72),
      },
      {
        name: 'api',
        kind: 'k8s-deployment',
        zone: 'US-CAL-CISO',
        replicasOn: 3,
        replicasOff: 0,
        labels: {},
        createdAt: hoursAgo(0.5),
      },
    ],
    now,
  );
  assert.equal(
    out,
    [
      'NAME           KIND             ZONE          ON/OFF   LABELS                 AGE',
      'query-engine   process          GB            1/0      tier=batch,team=data   3d',
      'api            k8s-deployment   US-CAL-CISO   3/0      <none>                 30m',
      '',
    ].join('\n'),
  );
});

test('policy table: empty selector reads as <all>', () => {
  const out = renderTable(
    policies.columns,
    [
      {
        name: 'nights',
        type: 'schedule',
        selector: '',
        priority: 10,
        enabled: true,
        dryRun: false,
        createdAt: hoursAgo(1),
      },
    ],
    now,
  );
  assert.equal(
    out,
    'NAME     TYPE       SELECTOR   PRIORITY   ENABLED   DRY-RUN   AGE\nnights   schedule   <all>      10         true      false     60m\n',
  );
});

test('token table: status, never-used, expiry', () => {
  const base = { role: 'operator', prefix: 'lst_ab12', createdBy: 'admin', createdAt: hoursAgo(48) };
  const out = renderTable(
    tokenColumns,
    [
      {
        ...base,
        name: 'ci',
        lastUsedAt: hoursAgo(0.1),
        expiresAt: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
        revokedAt: null,
      },
      { ...base, name: 'old', lastUsedAt: null, expiresAt: hoursAgo(1), revokedAt: null },
      { ...base, name: 'gone', lastUsedAt: null, expiresAt: null, revokedAt: hoursAgo(2) },
    ],
    now,
  );
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0]!, /^NAME\s+ROLE\s+PREFIX\s+STATUS\s+CREATED-BY\s+AGE\s+LAST-USED\s+EXPIRES$/);
  assert.match(lines[1]!, /^ci\s+operator\s+lst_ab12\s+active\s+admin\s+2d\s+6m ago\s+in 90d$/);
  assert.match(lines[2]!, /^old\s+.*expired\s+admin\s+2d\s+never\s+60m ago$/);
  assert.match(lines[3]!, /^gone\s+.*revoked\s+.*never\s+never$/);
});

test('table cells cannot smuggle control characters to the terminal', () => {
  const out = renderTable(workloads.columns, [{ name: 'x\u001b[2Jy\nz', kind: 'process' }], now);
  assert.ok(!out.includes('\u001b'));
  assert.equal(out.split('\n').length, 3);
});

test('durations are short and kubectl-like', () => {
  assert.deepEqual(
    [0, 45e3, 119e3, 120e3, 7199e3, 7200e3, 47 * 3600e3, 48 * 3600e3, 800 * 86400e3, -5].map(formatDuration),
    ['0s', '45s', '119s', '2m', '119m', '2h', '47h', '2d', '2y', '0s'],
  );
  assert.equal(relative(null, now), 'never');
  assert.equal(relative('garbage', now), '-');
});

test('get output is YAML that parses back to the same object', () => {
  const item = {
    name: 'w',
    description: 'a long line '.repeat(20),
    labels: { 'app.kubernetes.io/name': 'x' },
    energySource: null,
  };
  const yaml = toYaml(item);
  assert.deepEqual(parse(yaml), item);
  assert.ok(!yaml.includes('\n  a long'), 'long strings are not folded');
});

test('errors: message, then one indented line per detail', () => {
  assert.equal(
    formatError(
      new ApiError(422, 'ValidationFailed', 'invalid workload "w"', [
        { field: 'zone', problem: 'is required' },
        { field: 'target.command', problem: 'must be a string' },
      ]),
    ),
    'error: invalid workload "w"\n  zone: is required\n  target.command: must be a string\n',
  );
  assert.equal(formatError(new CliError('boom')), 'error: boom\n');
  assert.equal(new UsageError('x').exitCode, 2);
  assert.equal(
    formatError(new ConfigError('LIGHTSWITCH_PORT', 'must be an integer')),
    'error: invalid configuration: LIGHTSWITCH_PORT: must be an integer\n',
  );
});

test('environment failures print their message; bugs keep their stack', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  assert.equal(formatError(refused), 'error: connect ECONNREFUSED 127.0.0.1:5432\n');
  const migration = Object.assign(new Error('migration 1_init changed since it was applied'), {
    name: 'MigrationError',
  });
  assert.equal(formatError(migration), 'error: migration 1_init changed since it was applied\n');
  assert.match(formatError(new TypeError('x is undefined')), /^error: TypeError: x is undefined\n {4}at /);
});

test('serve banner: endpoints, and the bootstrap token only when one was created', () => {
  const plain = formatServeBanner({ url: 'http://127.0.0.1:8080', adminTokenFile: '/data/admin-token' });
  assert.match(plain, /API: +http:\/\/127\.0\.0\.1:8080\/api\/v1\n/);
  assert.match(plain, /http:\/\/127\.0\.0\.1:8080\/api\/docs/);
  assert.match(plain, /http:\/\/127\.0\.0\.1:8080\/api\/openapi\.json/);
  assert.match(plain, /Metrics: +http:\/\/127\.0\.0\.1:8080\/metrics\n/);
  assert.ok(!plain.includes('token'));
  const first = formatServeBanner({
    url: 'http://127.0.0.1:8080/',
    adminToken: 'lst_secret',
    adminTokenFile: '/data/admin-token',
  });
  assert.match(first, /^ {2}lst_secret$/m);
  assert.match(first, /shown only this once/);
  assert.match(first, /saved to \/data\/admin-token \(mode 0600\)/);
  assert.ok(!first.includes('8080//'));
  const withDb = formatServeBanner({
    url: 'http://127.0.0.1:8080',
    adminTokenFile: '/data/admin-token',
    db: { describe: 'PGlite /data/pglite' },
  });
  assert.match(withDb, /Database: PGlite \/data\/pglite\n/);
});

test('connection: flags beat environment beat configuration', () => {
  const env = { LIGHTSWITCH_URL: 'http://env:1', LIGHTSWITCH_TOKEN: 'env-token', LIGHTSWITCH_PORT: '9' };
  assert.deepEqual(resolveConnection({ url: 'http://flag:2/', token: 'flag-token' }, env), {
    baseUrl: 'http://flag:2',
    token: 'flag-token',
    tokenSource: '--token',
  });
  assert.deepEqual(resolveConnection({}, env), {
    baseUrl: 'http://env:1',
    token: 'env-token',
    tokenSource: 'LIGHTSWITCH_TOKEN',
  });
  const fromConfig = resolveConnection(
    {},
    { LIGHTSWITCH_HOST: '0.0.0.0', LIGHTSWITCH_PORT: '9000', LIGHTSWITCH_TOKEN: 't' },
  );
  assert.equal(fromConfig.baseUrl, 'http://127.0.0.1:9000');
});

test('connection: the admin token file in the data directory, else a clear error', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ls-cli-'));
  const env = { LIGHTSWITCH_DATA_DIR: dataDir, LIGHTSWITCH_URL: 'http://x:1' };
  assert.throws(() => resolveConnection({}, env), {
    message: 'no token: pass --token or set LIGHTSWITCH_TOKEN',
  });
  writeFileSync(join(dataDir, 'admin-token'), 'lst_from_file\n', { mode: 0o600 });
  assert.deepEqual(resolveConnection({}, env), {
    baseUrl: 'http://x:1',
    token: 'lst_from_file',
    tokenSource: join(dataDir, 'admin-token'),
  });
  // Configuration is only read when needed: a broken LIGHTSWITCH_PORT does not matter with --url and --token.
  assert.doesNotThrow(() =>
    resolveConnection({ url: 'http://x:1', token: 't' }, { LIGHTSWITCH_PORT: 'nope' }),
  );
  assert.throws(() => resolveConnection({ token: 't' }, { LIGHTSWITCH_PORT: 'nope' }), ConfigError);
});

test('URLs: hosts bound to every interface are reached on loopback; the API root is accepted', () => {
  const config = loadConfig({ LIGHTSWITCH_HOST: '::', LIGHTSWITCH_PORT: '8080' });
  assert.equal(defaultUrl(config), 'http://[::1]:8080');
  assert.equal(defaultUrl({ host: 'fe80::1', port: 1 }), 'http://[fe80::1]:1');
  assert.throws(() => defaultUrl({ host: '127.0.0.1', port: 0 }), /ephemeral/);
  assert.equal(normaliseUrl('http://h:8080/api/v1/'), 'http://h:8080');
  assert.equal(normaliseUrl('https://h/prefix/'), 'https://h/prefix');
  assert.throws(() => normaliseUrl('h:8080'), /must start with http/);
  assert.throws(() => normaliseUrl('not a url'), /invalid URL/);
});

test('--expires: ISO times and durations', () => {
  assert.equal(parseExpiry('2030-01-31T00:00:00Z', now), '2030-01-31T00:00:00.000Z');
  assert.equal(parseExpiry('2030-01-31', now), '2030-01-31T00:00:00.000Z');
  assert.equal(parseExpiry('90d', now), '2025-08-30T12:00:00.000Z');
  assert.equal(parseExpiry('12h', now), '2025-06-02T00:00:00.000Z');
  assert.equal(parseExpiry('2w', now), '2025-06-15T12:00:00.000Z');
  assert.throws(() => parseExpiry('tomorrow', now), /ISO 8601/);
  assert.throws(() => parseExpiry('0d', now), /more than zero/);
  assert.throws(() => parseExpiry('2030-13-45', now), /ISO 8601/);
});
