// A real control plane in its own OS process (bin/lightswitch.mjs serve), for tests that kill -9 it,
// restart it, or run two of them on one database.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const BIN = fileURLToPath(new URL('../../bin/lightswitch.mjs', import.meta.url));

export async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The environment without the test run's own LIGHTSWITCH_* / DATABASE_URL settings. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('LIGHTSWITCH_') || k === 'DATABASE_URL' || k === 'INIT_CWD') continue;
    out[k] = v;
  }
  return out;
}

export interface ControlPlaneProcess {
  readonly url: string;
  readonly pid: number;
  /** kill -9: no shutdown code runs. */
  kill9(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  readyz(): Promise<{ status: string; role?: string } | undefined>;
}

export interface ControlPlaneOptions {
  databaseUrl: string;
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  /** Appended to; one file per control plane keeps the story of every restart. */
  logFile: string;
}

/** Starts a control plane and resolves once /readyz answers 200. */
export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlaneProcess> {
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...cleanEnv(),
      DATABASE_URL: o.databaseUrl,
      LIGHTSWITCH_DATA_DIR: o.dataDir,
      LIGHTSWITCH_HOST: '127.0.0.1',
      LIGHTSWITCH_PORT: String(o.port),
      LIGHTSWITCH_LOG_LEVEL: 'info',
      LIGHTSWITCH_DEMO: 'false',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });
  const url = `http://127.0.0.1:${o.port}`;
  const readyz = async () => {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      return (await res.json()) as { status: string; role?: string };
    } catch {
      return undefined;
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`control plane exited before it was ready; see ${o.logFile}`);
    if ((await readyz())?.status === 'ready') break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`control plane not ready after 60 s; see ${o.logFile}`);
    }
    await sleep(50);
  }
  return {
    url,
    pid: child.pid!,
    readyz,
    async kill9() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** The admin token the first start wrote into the data directory. */
export const adminToken = (dataDir: string) => readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();

/** A tiny JSON client for one control plane's API. */
export function apiClient(baseUrl: () => string, token: string) {
  return async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
