import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DemandCounter, loadActivatorConfig } from '../../src/activator';
import { upstreamRequestHeaders, withoutHopByHop } from '../../src/activator/headers';
import { splitPath } from '../../src/activator/proxy';
import { isAwake, upstreamOf } from '../../src/activator/view';
import { ConfigError } from '../../src/config';

describe('loadActivatorConfig', () => {
  test('defaults', () => {
    assert.deepEqual(loadActivatorConfig({}), {
      enabled: true,
      host: '127.0.0.1',
      port: 8090,
      queueLimit: 1000,
      wakeTimeoutSeconds: 30,
      demandWindowSeconds: 15,
    });
  });

  test('reads every variable', () => {
    assert.deepEqual(
      loadActivatorConfig({
        LIGHTSWITCH_ACTIVATOR: 'false',
        LIGHTSWITCH_ACTIVATOR_HOST: '0.0.0.0',
        LIGHTSWITCH_ACTIVATOR_PORT: '9000',
        LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT: '50',
        LIGHTSWITCH_ACTIVATOR_WAKE_TIMEOUT_SECONDS: '90',
        LIGHTSWITCH_DEMAND_WINDOW_SECONDS: '60',
      }),
      {
        enabled: false,
        host: '0.0.0.0',
        port: 9000,
        queueLimit: 50,
        wakeTimeoutSeconds: 90,
        demandWindowSeconds: 60,
      },
    );
  });

  test('malformed values fail naming the variable', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ LIGHTSWITCH_ACTIVATOR: 'maybe' }, 'LIGHTSWITCH_ACTIVATOR', /true or false/],
      [{ LIGHTSWITCH_ACTIVATOR_PORT: '70000' }, 'LIGHTSWITCH_ACTIVATOR_PORT', /0 to 65535/],
      [{ LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT: '0' }, 'LIGHTSWITCH_ACTIVATOR_QUEUE_LIMIT', /1 to/],
      [
        { LIGHTSWITCH_ACTIVATOR_WAKE_TIMEOUT_SECONDS: '1.5' },
        'LIGHTSWITCH_ACTIVATOR_WAKE_TIMEOUT_SECONDS',
        /integer/,
      ],
      [{ LIGHTSWITCH_DEMAND_WINDOW_SECONDS: 'soon' }, 'LIGHTSWITCH_DEMAND_WINDOW_SECONDS', /integer/],
      [{ LIGHTSWITCH_ACTIVATOR_HOST: 'a host' }, 'LIGHTSWITCH_ACTIVATOR_HOST', /host name or IP/],
      [
        { LIGHTSWITCH_ACTIVATOR_PORT: '8080' },
        'LIGHTSWITCH_ACTIVATOR_PORT',
        /must differ from the API's port/,
      ],
    ];
    for (const [env, variable, problem] of cases) {
      assert.throws(
        () => loadActivatorConfig(env),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.variable === variable &&
          err.message.startsWith(`${variable}: `) &&
          problem.test(err.message),
        JSON.stringify(env),
      );
    }
    // The same port is fine once the API is elsewhere, or the activator is off.
    assert.equal(
      loadActivatorConfig({ LIGHTSWITCH_ACTIVATOR_PORT: '8080', LIGHTSWITCH_PORT: '3000' }).port,
      8080,
    );
    assert.equal(
      loadActivatorConfig({ LIGHTSWITCH_ACTIVATOR_PORT: '8080', LIGHTSWITCH_ACTIVATOR: 'off' }).port,
      8080,
    );
  });
});

describe('DemandCounter', () => {
  test('windows close with their counts and real length; an empty window is written as zero', () => {
    let now = 1_000_000;
    const c = new DemandCounter('activator', () => now);
    c.track(['a', 'b']);
    c.count('a');
    c.count('a');
    now += 15_000;
    const first = c.takeAll(['a', 'b'], now);
    assert.deepEqual(
      first.rows.map((r) => [r.workloadId, r.requests, r.windowSeconds, r.time.getTime(), r.source]),
      [
        ['a', 2, 15, now, 'activator'],
        ['b', 0, 15, now, 'activator'],
      ],
    );
    // A wake cuts a window short: it says how short.
    now += 4_000;
    c.count('b');
    const wake = c.take('b', now);
    assert.deepEqual(
      wake.rows.map((r) => [r.requests, r.windowSeconds]),
      [[1, 4]],
    );
    now += 11_000;
    const next = c.takeAll(['a', 'b'], now);
    assert.deepEqual(
      next.rows.map((r) => [r.workloadId, r.requests, r.windowSeconds]),
      [
        ['a', 0, 15],
        ['b', 0, 11],
      ],
    );
  });

  test('a failed write is put back: the next window spans both and loses no request', () => {
    let now = 0;
    const c = new DemandCounter('activator', () => now);
    c.track(['a']);
    c.count('a', 5);
    now = 15_000;
    const failed = c.takeAll(['a'], now);
    c.count('a', 2);
    c.restore(failed);
    now = 30_000;
    const rows = c.takeAll(['a'], now).rows;
    assert.deepEqual(
      rows.map((r) => [r.requests, r.windowSeconds]),
      [[7, 30]],
    );
  });

  test('workloads no longer behind the activator get their last counts written, then are forgotten', () => {
    let now = 0;
    const c = new DemandCounter('activator', () => now);
    c.count('gone', 3);
    now = 1000;
    assert.deepEqual(
      c.takeAll([], now).rows.map((r) => [r.workloadId, r.requests]),
      [['gone', 3]],
    );
    now = 2000;
    assert.deepEqual(c.takeAll([], now).rows, []);
  });
});

describe('routing and headers', () => {
  test('splitPath', () => {
    assert.deepEqual(splitPath('/shop/a/b?x=1'), { name: 'shop', rawName: 'shop', rest: '/a/b' });
    assert.deepEqual(splitPath('/shop'), { name: 'shop', rawName: 'shop', rest: '' });
    assert.deepEqual(splitPath('/shop?x=1'), { name: 'shop', rawName: 'shop', rest: '' });
    assert.deepEqual(splitPath('/shop/'), { name: 'shop', rawName: 'shop', rest: '/' });
    assert.deepEqual(splitPath('/sh%6Fp/a%2Fb'), { name: 'shop', rawName: 'sh%6Fp', rest: '/a%2Fb' });
    assert.equal(splitPath('/'), undefined);
    assert.equal(splitPath('/?x'), undefined);
    assert.equal(splitPath('http://elsewhere/x'), undefined);
    assert.equal(splitPath('/%E0%A4%A/x'), 'bad');
  });

  test('upstreamOf normalises the base URL or says why there is none', () => {
    assert.equal(upstreamOf({ upstream: 'http://svc:8080/' }), 'http://svc:8080');
    assert.equal(upstreamOf({ upstream: 'https://svc/api/?q=1#f' }), 'https://svc/api');
    assert.deepEqual(upstreamOf({ command: 'x' }), { why: 'its target has no upstream' });
    assert.match((upstreamOf({ upstream: 'ftp://svc' }) as { why: string }).why, /not an http\(s\) URL/);
  });

  test('isAwake', () => {
    assert.equal(isAwake({ observedState: 'on', desiredState: 'off' }), true);
    assert.equal(isAwake({ observedState: 'scaled', desiredState: 'on' }), true);
    assert.equal(isAwake({ observedState: 'unknown', desiredState: null }), true);
    assert.equal(isAwake({ observedState: 'unknown', desiredState: 'off' }), false);
    assert.equal(isAwake({ observedState: 'off', desiredState: 'on' }), false);
  });

  test('hop-by-hop headers are dropped both ways, X-Forwarded-* describe this hop', () => {
    assert.deepEqual(
      withoutHopByHop({
        connection: 'close, x-a',
        'x-a': '1',
        'keep-alive': 'timeout=5',
        'x-b': '2',
        te: 'trailers',
      }),
      { 'x-b': '2' },
    );
    assert.deepEqual(
      upstreamRequestHeaders(
        { host: 'upstream:1', 'x-forwarded-for': '10.0.0.1', expect: '100-continue', upgrade: 'h2c' },
        { ip: '127.0.0.1', host: 'activator:8090', protocol: 'http', prefix: '/shop' },
      ),
      {
        host: 'upstream:1',
        'x-forwarded-for': '10.0.0.1, 127.0.0.1',
        'x-forwarded-host': 'activator:8090',
        'x-forwarded-proto': 'http',
        'x-forwarded-prefix': '/shop',
      },
    );
  });
});
