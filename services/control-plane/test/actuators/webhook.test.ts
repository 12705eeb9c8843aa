// The webhook actuator against a real local HTTP server: the body and headers it sends, the signature a
// receiver checks (and what it rejects), retries with the same delivery id, Retry-After, timeouts, and
// configuration errors that no retry can fix.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  WEBHOOK_HEADERS,
  WebhookActuator,
  signWebhookPayload,
  verifyWebhookSignature,
} from '../../src/actuators/webhook';
import { ActuationError, type ActuatorWorkload } from '../../src/actuators/types';

const SECRET = 'test-secret-3f9a';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  at: number;
}

/** What the server does with the next request; the last one repeats. */
type Reply = (res: ServerResponse) => void;
const status =
  (code: number, headers: Record<string, string> = {}, body = ''): Reply =>
  (res) => {
    res.writeHead(code, headers);
    res.end(body);
  };
const never: Reply = () => {};

let server: Server;
let base: string;
let seen: Seen[] = [];
let replies: Reply[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        at: Date.now(),
      });
      const reply = replies.length > 1 ? replies.shift()! : (replies[0] ?? status(204));
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  replies = [];
});

function workload(
  target: Record<string, unknown> = {},
  over: Partial<ActuatorWorkload> = {},
): ActuatorWorkload {
  return {
    id: 'wl_123',
    name: 'batch-reports',
    kind: 'webhook',
    target: { url: `${base}/hook`, secretEnv: 'HOOK_SECRET', ...target },
    replicasOn: 3,
    replicasOff: 0,
    ...over,
  };
}

function actuator(options: ConstructorParameters<typeof WebhookActuator>[0] = {}) {
  return new WebhookActuator({ env: { HOOK_SECRET: SECRET }, backoffMs: 5, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<ActuationError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ActuationError, `expected an ActuationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('WebhookActuator: what it sends', () => {
  test('POSTs the JSON body with timestamp, signature and delivery headers', async () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    const obs = await actuator({ now: () => now }).apply(workload(), { state: 'on', replicas: 3 });
    assert.deepEqual(obs, { state: 'on', replicas: 3 });

    assert.equal(seen.length, 1);
    const [req] = seen;
    assert.equal(req!.path, '/hook');
    assert.equal(req!.headers['content-type'], 'application/json');
    assert.equal(req!.headers[WEBHOOK_HEADERS.timestamp], String(now.getTime() / 1000));
    assert.match(String(req!.headers[WEBHOOK_HEADERS.delivery]), /^[0-9a-f-]{36}$/);
    assert.match(String(req!.headers[WEBHOOK_HEADERS.signature]), /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(req!.rawBody.toString('utf8')), {
      workload: 'batch-reports',
      id: 'wl_123',
      action: 'on',
      replicas: 3,
      desired: { state: 'on', replicas: 3 },
      sentAt: now.toISOString(),
    });
  });

  test('off and scale actions, and the observation after each', async () => {
    const a = actuator();
    assert.deepEqual(await a.apply(workload(), { state: 'off', replicas: 0 }), { state: 'off', replicas: 0 });
    assert.deepEqual(await a.apply(workload(), { state: 'on', replicas: 1 }), {
      state: 'scaled',
      replicas: 1,
    });
    assert.deepEqual(await a.apply(workload(), { state: 'on', replicas: 5 }), { state: 'on', replicas: 5 });
    const actions = seen.map((s) => JSON.parse(s.rawBody.toString('utf8')));
    assert.deepEqual(
      actions.map((b) => [b.action, b.replicas]),
      [
        ['off', 0],
        ['scale', 1],
        ['scale', 5],
      ],
    );
  });

  test('without secretEnv the request is sent unsigned', async () => {
    await actuator().apply(workload({ secretEnv: undefined }), { state: 'on', replicas: 3 });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.headers[WEBHOOK_HEADERS.signature], undefined);
    assert.ok(seen[0]!.headers[WEBHOOK_HEADERS.timestamp]);
  });

  test('observe cannot ask a webhook', async () => {
    const obs = await actuator().observe(workload());
    assert.equal(obs.state, 'unknown');
    assert.equal(obs.replicas, null);
    assert.ok(obs.note);
    assert.equal(seen.length, 0);
  });
});

describe('verifyWebhookSignature on the real request', () => {
  let req: Seen;
  let at: Date;

  beforeEach(async () => {
    await actuator().apply(workload(), { state: 'off', replicas: 0 });
    req = seen[0]!;
    at = new Date(Number(req.headers[WEBHOOK_HEADERS.timestamp]) * 1000);
  });

  const input = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) => ({
    secret: SECRET,
    timestampHeader: req.headers[WEBHOOK_HEADERS.timestamp],
    signatureHeader: req.headers[WEBHOOK_HEADERS.signature],
    rawBody: req.rawBody,
    now: at,
    ...over,
  });

  test('accepts the request as received', () => {
    assert.deepEqual(verifyWebhookSignature(input()), { ok: true });
    assert.deepEqual(
      verifyWebhookSignature(input({ rawBody: req.rawBody.toString('utf8'), now: () => at })),
      {
        ok: true,
      },
    );
    // Within the tolerance, either way.
    assert.equal(verifyWebhookSignature(input({ now: new Date(at.getTime() + 299_000) })).ok, true);
    assert.equal(verifyWebhookSignature(input({ now: new Date(at.getTime() - 299_000) })).ok, true);
  });

  test('rejects a tampered body', () => {
    const tampered = req.rawBody.toString('utf8').replace('"off"', '"on"');
    assert.notEqual(tampered, req.rawBody.toString('utf8'));
    const r = verifyWebhookSignature(input({ rawBody: tampered }));
    assert.equal(r.ok, false);
    assert.match((r as { problem: string }).problem, /does not match/);
  });

  test('rejects a wrong secret', () => {
    const r = verifyWebhookSignature(input({ secret: 'not-the-secret' }));
    assert.equal(r.ok, false);
    assert.match((r as { problem: string }).problem, /does not match/);
  });

  test('rejects an old timestamp (replay), even with a valid signature', () => {
    const later = new Date(at.getTime() + 301_000);
    const r = verifyWebhookSignature(input({ now: later }));
    assert.equal(r.ok, false);
    assert.match((r as { problem: string }).problem, /replay/);
    assert.equal(verifyWebhookSignature(input({ now: later, toleranceSeconds: 600 })).ok, true);
    // Re-signing an old body with a fresh timestamp needs the secret: a changed timestamp alone fails.
    const fresh = String(Number(req.headers[WEBHOOK_HEADERS.timestamp]) + 301);
    assert.equal(verifyWebhookSignature(input({ now: later, timestampHeader: fresh })).ok, false);
  });

  test('rejects malformed or missing headers', () => {
    const sig = String(req.headers[WEBHOOK_HEADERS.signature]);
    for (const signatureHeader of [
      undefined,
      '',
      sig.slice('sha256='.length),
      sig.replace('sha256=', 'sha1='),
      sig.slice(0, -2),
      `${sig}00`,
      sig.replace(/.$/, 'z'),
      [sig, sig],
    ]) {
      const r = verifyWebhookSignature(input({ signatureHeader }));
      assert.equal(r.ok, false, `accepted signature header ${JSON.stringify(signatureHeader)}`);
      assert.match((r as { problem: string }).problem, /malformed|does not match/);
    }
    for (const timestampHeader of [undefined, '', 'yesterday', '-5', '1.5e9', ['1', '2']]) {
      const r = verifyWebhookSignature(input({ timestampHeader }));
      assert.equal(r.ok, false, `accepted timestamp header ${JSON.stringify(timestampHeader)}`);
      assert.match((r as { problem: string }).problem, /malformed/);
    }
  });

  test('signWebhookPayload matches what was sent', () => {
    const ts = String(req.headers[WEBHOOK_HEADERS.timestamp]);
    assert.equal(signWebhookPayload(SECRET, ts, req.rawBody), req.headers[WEBHOOK_HEADERS.signature]);
  });
});

describe('WebhookActuator: failures and retries', () => {
  test('retries a 500 and succeeds, with the same delivery id each time', async () => {
    replies = [status(500, {}, 'boom'), status(502), status(200, {}, 'ok')];
    const obs = await actuator({ retries: 3 }).apply(workload(), { state: 'on', replicas: 3 });
    assert.deepEqual(obs, { state: 'on', replicas: 3 });
    assert.equal(seen.length, 3);
    const ids = new Set(seen.map((s) => s.headers[WEBHOOK_HEADERS.delivery]));
    assert.equal(ids.size, 1);
    const bodies = new Set(seen.map((s) => s.rawBody.toString('utf8')));
    assert.equal(bodies.size, 1);
    // Every attempt is signed on its own and verifies.
    for (const s of seen) {
      const r = verifyWebhookSignature({
        secret: SECRET,
        timestampHeader: s.headers[WEBHOOK_HEADERS.timestamp],
        signatureHeader: s.headers[WEBHOOK_HEADERS.signature],
        rawBody: s.rawBody,
      });
      assert.deepEqual(r, { ok: true });
    }
  });

  test('gives up after the retries with a retryable error', async () => {
    replies = [status(503, {}, 'down for maintenance')];
    const err = await rejection(actuator({ retries: 2 }).apply(workload(), { state: 'off', replicas: 0 }));
    assert.equal(err.retryable, true);
    assert.equal(err.code, 'unavailable');
    assert.match(err.message, /HTTP 503/);
    assert.match(err.message, /3 attempts/);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen.map((s) => s.headers[WEBHOOK_HEADERS.delivery])).size, 1);
  });

  test('a 400 is not retried', async () => {
    replies = [status(400, {}, 'unknown workload')];
    const err = await rejection(actuator({ retries: 3 }).apply(workload(), { state: 'off', replicas: 0 }));
    assert.equal(err.retryable, false);
    assert.equal(err.code, 'rejected');
    assert.match(err.message, /HTTP 400/);
    assert.equal(seen.length, 1);
  });

  test('a redirect is a failure, not followed', async () => {
    replies = [status(302, { location: `${base}/elsewhere` })];
    const err = await rejection(actuator().apply(workload(), { state: 'off', replicas: 0 }));
    assert.equal(err.retryable, false);
    assert.deepEqual(
      seen.map((s) => s.path),
      ['/hook'],
    );
  });

  test('a 408 is retried', async () => {
    replies = [status(408), status(204)];
    await actuator().apply(workload(), { state: 'off', replicas: 0 });
    assert.equal(seen.length, 2);
  });

  test('Retry-After on a 429 is honoured', async () => {
    replies = [status(429, { 'retry-after': '1' }), status(204)];
    const obs = await actuator({ backoffMs: 1 }).apply(workload(), { state: 'off', replicas: 0 });
    assert.deepEqual(obs, { state: 'off', replicas: 0 });
    assert.equal(seen.length, 2);
    const waited = seen[1]!.at - seen[0]!.at;
    assert.ok(waited >= 950, `waited only ${waited} ms`);
  });

  test('a 429 with a Retry-After too long to wait out goes back to the caller, retryable', async () => {
    replies = [status(429, { 'retry-after': '3600' })];
    const started = Date.now();
    const err = await rejection(actuator().apply(workload(), { state: 'off', replicas: 0 }));
    assert.ok(Date.now() - started < 1000);
    assert.equal(err.retryable, true);
    assert.equal(err.code, 'rate-limited');
    assert.match(err.message, /Retry-After/);
    assert.equal(seen.length, 1);
  });

  test('a server that never answers times out, retryable', async () => {
    replies = [never];
    const started = Date.now();
    const err = await rejection(
      actuator({ retries: 1 }).apply(workload({ timeoutMs: 100 }), { state: 'on', replicas: 3 }),
    );
    assert.equal(err.code, 'timeout');
    assert.equal(err.retryable, true);
    assert.equal(seen.length, 2);
    assert.ok(Date.now() - started < 2000);
  });

  test('a refused connection is a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await rejection(
      actuator({ retries: 1 }).apply(workload({ url: `http://127.0.0.1:${port}/hook` }), {
        state: 'on',
        replicas: 3,
      }),
    );
    assert.equal(err.code, 'network');
    assert.equal(err.retryable, true);
  });
});

describe('WebhookActuator: configuration errors', () => {
  test('a missing secret environment variable is a config error, not retried', async () => {
    const a = new WebhookActuator({ env: {}, backoffMs: 1 });
    const err = await rejection(a.apply(workload(), { state: 'on', replicas: 3 }));
    assert.equal(err.code, 'config');
    assert.equal(err.retryable, false);
    assert.match(err.message, /HOOK_SECRET/);
    assert.equal(seen.length, 0);
  });

  test('bad targets are config errors', async () => {
    for (const target of [
      { url: 'ftp://example.com/hook' },
      { url: 'not a url' },
      { url: 42 },
      { timeoutMs: -1 },
      { secretEnv: '' },
    ]) {
      const err = await rejection(actuator().apply(workload(target), { state: 'on', replicas: 3 }));
      assert.equal(err.code, 'config', JSON.stringify(target));
      assert.equal(err.retryable, false);
    }
    const err = await rejection(
      actuator().apply(workload({}, { kind: 'process' }), { state: 'on', replicas: 3 }),
    );
    assert.equal(err.code, 'config');
    assert.equal(seen.length, 0);
  });

  test('kinds', () => {
    assert.deepEqual([...actuator().kinds], ['webhook']);
  });
});
