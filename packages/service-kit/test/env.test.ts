import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envInt, ServiceConfigError } from '../src/index.ts';

test('envInt reads an integer in range and leaves unset or blank variables undefined', () => {
  assert.equal(envInt({ PORT: ' 8092 ' }, 'PORT', 0, 65535), 8092);
  assert.equal(envInt({ PORT: '0' }, 'PORT', 0, 65535), 0);
  assert.equal(envInt({}, 'PORT', 0, 65535), undefined);
  assert.equal(envInt({ PORT: '  ' }, 'PORT', 0, 65535), undefined);
});

test('envInt refuses a value out of range, fractional or not a number, naming the variable', () => {
  for (const bad of ['65536', '-1', '1.5', 'eighty', '1e3x']) {
    assert.throws(
      () => envInt({ JIT_SERVICE_PORT: bad }, 'JIT_SERVICE_PORT', 0, 65535),
      (err: unknown) =>
        err instanceof ServiceConfigError &&
        err.message === `JIT_SERVICE_PORT: must be an integer from 0 to 65535, got "${bad}"`,
    );
  }
});
