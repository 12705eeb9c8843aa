import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import {
  PROCESS_DIR_ENV,
  ProcessActuator,
  processDir,
  type ProcessTarget,
} from '../../src/actuators/process';
import { processStartTime } from '../../src/actuators/process-os';
import { ActuationError, type ActuatorWorkload } from '../../src/actuators/types';

const stateDir = mkdtempSync(join(tmpdir(), 'ls-process-'));
/** Every pid a test saw; after all tests none may be alive. */
const seen = new Set<number>();

after(async () => {
  for (const pid of seen) assert.equal(await gone(pid), true, `pid ${pid} left running`);
  rmSync(stateDir, { recursive: true, force: true });
});

function workload(name: string, target: ProcessTarget): ActuatorWorkload {
  return { id: name, name, kind: 'process', target, replicasOn: 1, replicasOff: 0 };
}

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0);
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * kill(pid, 0), except that a zombie counts as dead: a killed grandchild is reparented to PID 1, which in a
 * container may never reap it, so kill(pid, 0) keeps succeeding on its corpse.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
  } catch {
    return false;
  }
}

/** Whether the pid is gone within a second (our own children are reaped asynchronously). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (!alive(pid)) return true;
    await sleep(25);
  }
  return false;
}

function pidOf(name: string): number {
  const rec = JSON.parse(readFileSync(join(processDir(stateDir, name), 'pid'), 'utf8'));
  seen.add(rec.pid);
  return rec.pid;
}

const logOf = (name: string) => readFileSync(join(processDir(stateDir, name), 'output.log'), 'utf8');

const tcpServer = (port: number, extra = '') => ({
  command: process.execPath,
  args: [
    '-e',
    `${extra}; require('net').createServer((c) => c.end()).listen(${port}, () => console.log('listening', process.pid));`,
  ],
  healthCheck: { tcp: port },
});

const httpServer = (port: number, status = 200) => ({
  command: process.execPath,
  args: [
    '-e',
    `require('http').createServer((q, s) => { s.statusCode = ${status}; s.end('ok'); })` +
      `.listen(${port}, () => console.log('http up', process.pid));`,
  ],
  healthCheck: { http: `http://127.0.0.1:${port}/healthz` },
});

test('starts, passes a TCP health check, is on, logs, and stops', async () => {
  const act = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  const w = workload('tcp-svc', { ...tcpServer(await freePort()), stopGraceSeconds: 2 });
  assert.deepEqual(await act.observe(w), { state: 'off', replicas: 0 });
  assert.deepEqual(await act.apply(w, { state: 'on', replicas: 1 }), { state: 'on', replicas: 1 });
  const pid = pidOf('tcp-svc');
  assert.ok(alive(pid));
  assert.deepEqual(await act.observe(w), { state: 'on', replicas: 1 });
  // The port accepts connections a moment before the program's own 'listening' callback logs.
  for (let i = 0; i < 40 && !logOf('tcp-svc').includes(`listening ${pid}`); i++) await sleep(50);
  assert.match(logOf('tcp-svc'), new RegExp(`listening ${pid}`));
  assert.match(logOf('tcp-svc'), /\[lightswitch .*\] starting: /);

  assert.deepEqual(await act.apply(w, { state: 'off', replicas: 0 }), { state: 'off', replicas: 0 });
  assert.equal(await gone(pid), true);
  assert.equal(existsSync(join(processDir(stateDir, 'tcp-svc'), 'pid')), false);
  assert.deepEqual(await act.observe(w), { state: 'off', replicas: 0 });
  // Off again is harmless.
  assert.deepEqual(await act.apply(w, { state: 'off', replicas: 0 }), { state: 'off', replicas: 0 });
});

test('apply(on) twice, even concurrently, starts one process', async () => {
  const act = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  const w = workload('twice', httpServer(await freePort()));
  const results = await Promise.all([
    act.apply(w, { state: 'on', replicas: 1 }),
    act.apply(w, { state: 'on', replicas: 1 }),
  ]);
  assert.deepEqual(results, [
    { state: 'on', replicas: 1 },
    { state: 'on', replicas: 1 },
  ]);
  const pid = pidOf('twice');
  await act.apply(w, { state: 'on', replicas: 1 });
  assert.equal(pidOf('twice'), pid);
  assert.equal(logOf('twice').match(/starting:/g)?.length, 1);
  await act.apply(w, { state: 'off', replicas: 0 });
  assert.equal(await gone(pid), true);
});

test('a restarted control plane adopts the running process and can stop it', async () => {
  const first = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  const w = workload('adopt', httpServer(await freePort()));
  await first.apply(w, { state: 'on', replicas: 1 });
  const pid = pidOf('adopt');

  const second = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  assert.deepEqual(await second.observe(w), { state: 'on', replicas: 1 });
  // No duplicate: on again is a no-op on the adopted process.
  await second.apply(w, { state: 'on', replicas: 1 });
  assert.equal(pidOf('adopt'), pid);
  assert.equal(logOf('adopt').match(/starting:/g)?.length, 1);

  await second.apply(w, { state: 'off', replicas: 0 });
  assert.equal(await gone(pid), true);
  assert.deepEqual(await first.observe(w), { state: 'off', replicas: 0 });
});

test('a start interrupted before its pidfile (control plane killed) leaves no orphan: found and stopped', async () => {
  const w = workload('interrupted', httpServer(await freePort()));
  const dir = processDir(stateDir, 'interrupted');
  mkdirSync(dir, { recursive: true });
  // What a control plane killed between spawn and pidfile leaves: the intent marker and a marked process
  // group (with a child, which must go too), but no pidfile.
  writeFileSync(join(dir, 'starting'), 'x\n');
  const orphan = spawn(
    process.execPath,
    [
      '-e',
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); setInterval(() => {}, 1000)",
    ],
    {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [PROCESS_DIR_ENV]: dir },
    },
  );
  orphan.unref();
  seen.add(orphan.pid!);
  const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, [PROCESS_DIR_ENV]: `${dir}-other` },
  });
  bystander.unref();
  seen.add(bystander.pid!);
  await sleep(300);
  const act = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  const seen1 = await act.observe(w);
  assert.equal(seen1.state, 'off');
  assert.match(seen1.note ?? '', /stopped 1 process\(es\) left by an interrupted start/);
  assert.equal(await gone(orphan.pid!), true);
  assert.equal(existsSync(join(dir, 'starting')), false);
  assert.ok(alive(bystander.pid!), "another workload's marked process is left alone");
  process.kill(-bystander.pid!, 'SIGKILL');
  // And the next start is an ordinary one.
  await act.apply(w, { state: 'on', replicas: 1 });
  const pid = pidOf('interrupted');
  assert.notEqual(pid, orphan.pid);
  assert.equal(existsSync(join(dir, 'starting')), false, 'the marker goes once the pidfile is written');
  await act.apply(w, { state: 'off', replicas: 0 });
  assert.equal(await gone(pid), true);
});

test('a pidfile whose pid was recycled is stale: off, removed, and that process is never signalled', async () => {
  const act = new ProcessActuator({ stateDir });
  const w = workload('recycled', tcpServer(await freePort()));
  const dir = processDir(stateDir, 'recycled');
  mkdirSync(dir, { recursive: true });
  const realStart = processStartTime(process.pid);
  assert.notEqual(realStart, null, 'this test needs /proc');
  const writeStale = () =>
    writeFileSync(
      join(dir, 'pid'),
      JSON.stringify({ pid: process.pid, startTime: realStart! - 1, command: 'x', startedAt: '' }),
    );
  let signalled = false;
  const onTerm = () => (signalled = true);
  process.on('SIGTERM', onTerm);
  try {
    writeStale();
    const obs = await act.observe(w);
    assert.equal(obs.state, 'off');
    assert.match(obs.note ?? '', /stale pidfile/);
    assert.equal(existsSync(join(dir, 'pid')), false);

    writeStale();
    assert.deepEqual(await act.apply(w, { state: 'off', replicas: 0 }), { state: 'off', replicas: 0 });
    assert.equal(existsSync(join(dir, 'pid')), false);
    await sleep(50);
    assert.equal(signalled, false);
  } finally {
    process.off('SIGTERM', onTerm);
  }

  // A dead pid is stale too.
  writeFileSync(
    join(dir, 'pid'),
    JSON.stringify({ pid: 2 ** 22 + 7, startTime: 1, command: 'x', startedAt: '' }),
  );
  assert.equal((await act.observe(w)).state, 'off');
  // Garbage is stale too.
  writeFileSync(join(dir, 'pid'), 'not json');
  assert.equal((await act.observe(w)).state, 'off');
  assert.equal(existsSync(join(dir, 'pid')), false);
});

test('a failing health check throws a retryable error and leaves nothing running', async () => {
  const act = new ProcessActuator({ stateDir, healthTimeoutMs: 800 });
  // Serves 500: never healthy.
  const w = workload('unhealthy', { ...httpServer(await freePort(), 500), stopGraceSeconds: 1 });
  await assert.rejects(act.apply(w, { state: 'on', replicas: 1 }), (err: unknown) => {
    assert.ok(err instanceof ActuationError);
    assert.equal(err.code, 'health_check_failed');
    assert.equal(err.retryable, true);
    assert.match(err.message, /http 500/);
    return true;
  });
  const pid = Number(/http up (\d+)/.exec(logOf('unhealthy'))?.[1]);
  assert.ok(pid > 0, 'the process had started');
  seen.add(pid);
  assert.equal(await gone(pid), true);
  assert.equal(existsSync(join(processDir(stateDir, 'unhealthy'), 'pid')), false);
  assert.deepEqual(await act.observe(w), { state: 'off', replicas: 0 });

  // Nothing listening at all (the process never opens the port), health timeout from the target.
  const port = await freePort();
  const silent = workload('silent', {
    command: process.execPath,
    args: ['-e', 'console.log("silent", process.pid); setInterval(() => {}, 1000)'],
    healthCheck: { tcp: port, timeoutMs: 500 },
  });
  await assert.rejects(act.apply(silent, { state: 'on', replicas: 1 }), /not healthy after 500 ms/);
  const pid2 = Number(/silent (\d+)/.exec(logOf('silent'))?.[1]);
  seen.add(pid2);
  assert.equal(await gone(pid2), true);
});

test('a process that exits at once, or cannot be spawned, is an error', async () => {
  const act = new ProcessActuator({ stateDir, settleMs: 1500 });
  const w = workload('crasher', {
    command: process.execPath,
    args: ['-e', 'console.error("boom"); process.exit(3)'],
  });
  await assert.rejects(act.apply(w, { state: 'on', replicas: 1 }), (err: unknown) => {
    assert.ok(err instanceof ActuationError);
    assert.equal(err.code, 'process_exited');
    assert.match(err.message, /code 3/);
    assert.match(err.message, /boom/);
    return true;
  });
  assert.equal(existsSync(join(processDir(stateDir, 'crasher'), 'pid')), false);

  const missing = workload('missing', { command: join(stateDir, 'no-such-binary') });
  await assert.rejects(act.apply(missing, { state: 'on', replicas: 1 }), (err: unknown) => {
    assert.ok(err instanceof ActuationError);
    assert.equal(err.code, 'spawn_failed');
    assert.equal(err.retryable, false);
    return true;
  });
  await assert.rejects(
    act.apply(workload('bad', { command: '' } as ProcessTarget), { state: 'on', replicas: 1 }),
    /invalid_target|command must be/,
  );
});

test('no health check: on after a short settle', async () => {
  const act = new ProcessActuator({ stateDir, settleMs: 200 });
  const w = workload('plain', {
    command: process.execPath,
    args: ['-e', 'setInterval(() => {}, 1000)'],
    stopGraceSeconds: 1,
  });
  assert.deepEqual(await act.apply(w, { state: 'on', replicas: 1 }), { state: 'on', replicas: 1 });
  const pid = pidOf('plain');
  await act.apply(w, { state: 'off', replicas: 0 });
  assert.equal(await gone(pid), true);
});

test('a process ignoring SIGTERM is SIGKILLed after the grace, with its whole group', async () => {
  const act = new ProcessActuator({ stateDir, healthTimeoutMs: 5000 });
  const port = await freePort();
  // The leader ignores SIGTERM and has a child (same process group) that ignores it too.
  const child = `require('child_process').spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('grandchild', process.pid); setInterval(() => {}, 1000)"], { stdio: 'inherit' })`;
  const w = workload('stubborn', {
    ...tcpServer(port, `process.on('SIGTERM', () => console.log('ignoring TERM')); ${child}`),
    stopGraceSeconds: 0.6,
  });
  await act.apply(w, { state: 'on', replicas: 1 });
  const pid = pidOf('stubborn');
  let grandchild = 0;
  for (let i = 0; i < 40 && !grandchild; i++) {
    grandchild = Number(/grandchild (\d+)/.exec(logOf('stubborn'))?.[1] ?? 0);
    if (!grandchild) await sleep(50);
  }
  assert.ok(grandchild > 0);
  seen.add(grandchild);
  await sleep(100); // let the grandchild install its handler

  const t0 = Date.now();
  await act.apply(w, { state: 'off', replicas: 0 });
  const took = Date.now() - t0;
  assert.ok(took >= 550, `stopped after ${took} ms, before the grace`);
  assert.ok(took < 3000, `stopped after ${took} ms`);
  assert.equal(await gone(pid), true);
  assert.equal(await gone(grandchild), true);
  assert.match(logOf('stubborn'), /ignoring TERM/);
});
