import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

test('embedded defaults need no environment at all', () => {
  const c = loadConfig({ INIT_CWD: '/srv/app' });
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.dataDir, '/srv/app/.lightswitch/data');
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.migrateOnStart, true);
});

test('bad values name the variable', () => {
  const cases: Record<string, string>[] = [
    { LIGHTSWITCH_PORT: '70000' },
    { LIGHTSWITCH_PORT: 'http' },
    { DATABASE_URL: 'mysql://x' },
    { LIGHTSWITCH_MIGRATE_ON_START: 'maybe' },
    { LIGHTSWITCH_LOG_LEVEL: 'loud' },
  ];
  for (const env of cases) {
    const name = Object.keys(env)[0]!;
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === name,
    );
  }
});

test('a postgres URL selects PostgreSQL', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl, 'postgresql://u@h/db');
});
