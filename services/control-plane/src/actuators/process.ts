// The process actuator: starts and stops local processes (kind 'process').
// Each workload owns <stateDir>/processes/<name>/ with `pid` (pid + start time, JSON) and `output.log`.
// The pidfile is what lets a restarted control plane adopt what it started: the pid must be alive AND
// have the recorded start time (field 22 of /proc/<pid>/stat), so a recycled pid is never taken for ours.
// A control plane killed between spawn and pidfile leaves a `starting` file instead: the process it may
// have spawned carries LIGHTSWITCH_PROCESS_DIR=<its dir> in its environment, so it is found and stopped.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
  fstatSync,
  readSync,
  existsSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActuationError,
  type Actuator,
  type ActuatorWorkload,
  type Desired,
  type Observation,
} from './types';
import {
  groupLeadersWithEnv,
  isSameProcessAlive,
  liveGroupMembers,
  processStartTime,
  signalGroup,
} from './process-os';

export type ProcessHealthCheck = { http: string; timeoutMs?: number } | { tcp: number; timeoutMs?: number };

/** `target` of a workload of kind 'process'. */
export interface ProcessTarget {
  command: string;
  args?: string[];
  cwd?: string;
  /** Added to (and overriding) the control plane's own environment. */
  env?: Record<string, string>;
  /** "on" only once this passes (HTTP 2xx / TCP connect on localhost). `timeoutMs` overrides the actuator's. */
  healthCheck?: ProcessHealthCheck;
  /** SIGTERM, then SIGKILL after this many seconds (default 10). */
  stopGraceSeconds?: number;
}

export interface ProcessActuatorOptions {
  /** Pidfiles and logs live in <stateDir>/processes/<workload name>/. */
  stateDir: string;
  /** How long a started process may take to pass its health check (default 30000). */
  healthTimeoutMs?: number;
  /** Without a health check, how long a process must stay alive to count as started (default 500). */
  settleMs?: number;
}

/** What the pidfile holds. */
export interface ProcessRecord {
  pid: number;
  /** Clock ticks since boot (Linux); null where it cannot be read. */
  startTime: number | null;
  command: string;
  startedAt: string;
}

const DEFAULT_GRACE_SECONDS = 10;
/** The environment variable marking a spawned process with its workload's directory. */
export const PROCESS_DIR_ENV = 'LIGHTSWITCH_PROCESS_DIR';
const POLL_MS = 50;

/** The directory of one workload's pidfile and log. */
export function processDir(stateDir: string, workloadName: string): string {
  const safe = workloadName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
  return join(stateDir, 'processes', safe);
}

/** Validates a workload's target; throws a non-retryable ActuationError when it is malformed. */
export function parseProcessTarget(target: unknown): ProcessTarget {
  const bad = (why: string): never => {
    throw new ActuationError('invalid_target', `process target: ${why}`, false);
  };
  if (typeof target !== 'object' || target === null) return bad('must be an object');
  const t = target as Record<string, unknown>;
  if (typeof t.command !== 'string' || t.command === '') bad('command must be a non-empty string');
  if (t.args !== undefined && (!Array.isArray(t.args) || t.args.some((a) => typeof a !== 'string')))
    bad('args must be an array of strings');
  if (t.cwd !== undefined && typeof t.cwd !== 'string') bad('cwd must be a string');
  if (
    t.env !== undefined &&
    (typeof t.env !== 'object' ||
      t.env === null ||
      Object.values(t.env as object).some((v) => typeof v !== 'string'))
  )
    bad('env must map names to strings');
  if (
    t.stopGraceSeconds !== undefined &&
    (typeof t.stopGraceSeconds !== 'number' || !(t.stopGraceSeconds >= 0))
  )
    bad('stopGraceSeconds must be a number >= 0');
  if (t.healthCheck !== undefined) {
    const h = t.healthCheck as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null) return bad('healthCheck must be an object');
    if (h.timeoutMs !== undefined && (typeof h.timeoutMs !== 'number' || !(h.timeoutMs > 0)))
      bad('healthCheck.timeoutMs must be a positive number');
    if ('http' in h) {
      if (typeof h.http !== 'string' || !/^https?:\/\//.test(h.http))
        bad('healthCheck.http must be an http(s) URL');
    } else if ('tcp' in h) {
      if (typeof h.tcp !== 'number' || !Number.isInteger(h.tcp) || h.tcp < 1 || h.tcp > 65535)
        bad('healthCheck.tcp must be a port number');
    } else bad('healthCheck needs http or tcp');
  }
  return t as unknown as ProcessTarget;
}

export class ProcessActuator implements Actuator {
  readonly kinds = ['process'] as const;
  readonly restoresDrift = true;
  private readonly stateDir: string;
  private readonly healthTimeoutMs: number;
  private readonly settleMs: number;
  /** One operation at a time per workload: the tail of each workload's chain. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(options: ProcessActuatorOptions) {
    this.stateDir = options.stateDir;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 30_000;
    this.settleMs = options.settleMs ?? 500;
  }

  observe(workload: ActuatorWorkload): Promise<Observation> {
    return this.serial(workload.name, () => this.observeNow(processDir(this.stateDir, workload.name)));
  }

  apply(workload: ActuatorWorkload, desired: Desired): Promise<Observation> {
    return this.serial(workload.name, async () => {
      const dir = processDir(this.stateDir, workload.name);
      if (desired.state === 'on') {
        const target = parseProcessTarget(workload.target);
        const now = await this.observeNow(dir);
        if (now.state === 'on') return now;
        return this.start(dir, target);
      }
      let grace = DEFAULT_GRACE_SECONDS;
      try {
        grace = parseProcessTarget(workload.target).stopGraceSeconds ?? DEFAULT_GRACE_SECONDS;
      } catch {
        // A malformed target must not keep a running process alive: stop it with the default grace.
      }
      const rec = readRecord(dir);
      if (rec && isSameProcessAlive(rec.pid, rec.startTime)) await stopGroup(rec, grace * 1000);
      removePidfile(dir);
      await stopInterruptedStart(dir);
      return { state: 'off', replicas: 0 };
    });
  }

  private serial<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(name) ?? Promise.resolve();
    const run = prev.then(fn);
    const tail = run.catch(() => undefined);
    this.chains.set(name, tail);
    void tail.then(() => {
      if (this.chains.get(name) === tail) this.chains.delete(name);
    });
    return run;
  }

  private async observeNow(dir: string): Promise<Observation> {
    const rec = readRecord(dir);
    if (rec === undefined) {
      const killed = await stopInterruptedStart(dir);
      return killed
        ? { state: 'off', replicas: 0, note: `stopped ${killed} process(es) left by an interrupted start` }
        : { state: 'off', replicas: 0 };
    }
    if (rec && isSameProcessAlive(rec.pid, rec.startTime)) {
      rmSync(join(dir, STARTING_FILE), { force: true }); // died after the pidfile: the process is adopted
      return { state: 'on', replicas: 1 };
    }
    removePidfile(dir);
    return {
      state: 'off',
      replicas: 0,
      note: rec
        ? `stale pidfile removed: pid ${rec.pid} is gone or now belongs to another process`
        : 'unreadable pidfile removed',
    };
  }

  private async start(dir: string, target: ProcessTarget): Promise<Observation> {
    mkdirSync(dir, { recursive: true });
    const logPath = join(dir, 'output.log');
    const fd = openSync(logPath, 'a');
    const commandLine = [target.command, ...(target.args ?? [])].join(' ');
    let child;
    try {
      writeSync(fd, `[lightswitch ${new Date().toISOString()}] starting: ${commandLine}\n`);
      // Intent before the spawn: should we die before the pidfile is written, the next observe finds it.
      writeFileSync(join(dir, STARTING_FILE), `${new Date().toISOString()}\n`);
      child = spawn(target.command, target.args ?? [], {
        cwd: target.cwd,
        env: { ...process.env, ...target.env, [PROCESS_DIR_ENV]: resolve(dir) },
        detached: true, // its own process group (setsid), so stopping reaches its children too
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    if (child.pid === undefined) {
      const [err] = (await once(child, 'error').catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
      const code = err?.code ?? 'unknown';
      throw new ActuationError(
        'spawn_failed',
        `could not start ${target.command}: ${err?.message ?? code}`,
        !['ENOENT', 'EACCES', 'ENOTDIR'].includes(code),
      );
    }
    const pid = child.pid;
    let exited: string | null = null;
    child.on('error', () => undefined);
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
    });
    child.unref();
    const rec: ProcessRecord = {
      pid,
      startTime: processStartTime(pid),
      command: commandLine,
      startedAt: new Date().toISOString(),
    };
    writeRecord(dir, rec);
    rmSync(join(dir, STARTING_FILE), { force: true });

    const check = target.healthCheck;
    const timeoutMs = check?.timeoutMs ?? this.healthTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    try {
      if (!check) await sleep(this.settleMs);
      for (;;) {
        if (exited || !isSameProcessAlive(pid, rec.startTime)) {
          // A zombie is seen before node reaps it; give the exit status a moment to arrive.
          if (!exited) await Promise.race([once(child, 'exit'), sleep(200)]);
          throw new ActuationError(
            'process_exited',
            `${target.command} (pid ${pid}) ${exited ?? 'exited'} before it was healthy; log: ${tail(logPath)}`,
            true,
          );
        }
        if (!check) break;
        const remaining = deadline - Date.now();
        const probe = await probeHealth(check, Math.max(100, Math.min(2000, remaining)));
        if (probe === true) break;
        if (Date.now() >= deadline)
          throw new ActuationError(
            'health_check_failed',
            `${target.command} (pid ${pid}) not healthy after ${timeoutMs} ms (${probe}); log: ${tail(logPath)}`,
            true,
          );
        await sleep(Math.min(25, Math.max(0, deadline - Date.now())));
      }
    } catch (err) {
      // Leave nothing behind: the failed process (and its group) goes, and so does its pidfile.
      // Should even SIGKILL fail, the pidfile stays so that the next observe/apply still sees (and stops) it.
      const graceMs = Math.min(2000, (target.stopGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000);
      const stopped = await stopGroup(rec, graceMs).then(
        () => true,
        () => false,
      );
      if (stopped) removePidfile(dir);
      throw err;
    }
    return { state: 'on', replicas: 1 };
  }
}

const STARTING_FILE = 'starting';

/**
 * After a start was interrupted before its pidfile (the control plane died), kills whatever that start
 * spawned: it never passed its health check, so nothing depends on it, and the next apply starts afresh.
 * Returns how many process groups were stopped.
 */
async function stopInterruptedStart(dir: string): Promise<number> {
  const marker = join(dir, STARTING_FILE);
  if (!existsSync(marker)) return 0;
  const leaders = groupLeadersWithEnv(PROCESS_DIR_ENV, resolve(dir));
  for (const pid of leaders) {
    await stopGroup({ pid, startTime: processStartTime(pid), command: '', startedAt: '' }, 0);
  }
  rmSync(marker, { force: true });
  return leaders.length;
}

/** SIGTERM to the group, SIGKILL after the grace; resolves once no member of the group is alive. */
async function stopGroup(rec: ProcessRecord, graceMs: number): Promise<void> {
  const pgid = rec.pid;
  const gone = () => !isSameProcessAlive(rec.pid, rec.startTime) && liveGroupMembers(pgid).length === 0;
  // Never signal a group unless its leader is provably ours (a recycled pid could lead someone else's group).
  if (!isSameProcessAlive(rec.pid, rec.startTime)) return;
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const termDeadline = Date.now() + graceMs;
  while (Date.now() < termDeadline) {
    if (gone()) return;
    await sleep(POLL_MS);
  }
  if (gone()) return;
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (Date.now() < killDeadline) {
    if (gone()) return;
    await sleep(POLL_MS);
  }
  throw new ActuationError('stop_failed', `pid ${rec.pid} still alive after SIGKILL`, true);
}

function probeHealth(check: ProcessHealthCheck, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    if ('tcp' in check) {
      const socket = net.connect({ port: check.tcp, host: 'localhost' });
      socket.setTimeout(timeoutMs, () => {
        socket.destroy();
        resolve(`tcp ${check.tcp}: timed out`);
      });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', (e) => resolve(`tcp ${check.tcp}: ${e.message}`));
      return;
    }
    const get = check.http.startsWith('https:') ? https.get : http.get;
    const req = get(check.http, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? true : `http ${status}`);
    });
    req.once('timeout', () => {
      req.destroy();
      resolve(`${check.http}: timed out`);
    });
    req.once('error', (e) => resolve(`${check.http}: ${e.message}`));
  });
}

/** The pidfile: a record, null when present but unreadable, undefined when absent. */
function readRecord(dir: string): ProcessRecord | null | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'pid'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const rec = JSON.parse(text) as ProcessRecord;
    if (!Number.isInteger(rec.pid) || rec.pid <= 0) return null;
    if (rec.startTime !== null && typeof rec.startTime !== 'number') return null;
    return rec;
  } catch {
    return null;
  }
}

function writeRecord(dir: string, rec: ProcessRecord): void {
  const tmp = join(dir, `pid.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(rec) + '\n');
  renameSync(tmp, join(dir, 'pid'));
}

function removePidfile(dir: string): void {
  rmSync(join(dir, 'pid'), { force: true });
}

/** The last few hundred bytes of a log, on one line, for error messages. */
function tail(path: string, bytes = 400): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.min(bytes, size));
      readSync(fd, buf, 0, buf.length, size - buf.length);
      return JSON.stringify(buf.toString('utf8').trim());
    } finally {
      closeSync(fd);
    }
  } catch {
    return '(no log)';
  }
}
