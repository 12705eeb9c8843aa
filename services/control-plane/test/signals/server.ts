// A real HTTP server on 127.0.0.1 (port 0) that answers provider requests the way a test scripts it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  /** An object is sent as JSON; a string as it is (to send malformed JSON). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Requests whose path starts with `prefix`. */
  count(prefix: string): number;
  /** Replaces the handler. */
  handle(fn: (req: SeenRequest) => Reply): void;
  close(): Promise<void>;
}

export async function startServer(
  fn: (req: SeenRequest) => Reply = () => ({ status: 404 }),
): Promise<TestServer> {
  let handler = fn;
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
    };
    requests.push(seen);
    let reply: Reply;
    try {
      reply = handler(seen);
    } catch (error) {
      reply = { status: 599, body: String(error) };
    }
    if (reply.hang) return; // the client's timeout has to end it
    const body =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, {
      ...(typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (prefix) => requests.filter((r) => r.path.startsWith(prefix)).length,
    handle(fn2) {
      handler = fn2;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Half-hour (or other step) instants as the APIs write them. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export const HOUR = 3600_000;
export const HALF_HOUR = 1_800_000;
