// Whether an upstream accepts connections. An actuator's "on" does not always mean "serving": a webhook
// target acknowledges the switch, a Deployment may still be starting pods. Held requests are released only
// once the upstream's port accepts a connection, so they do not all turn into 502s.
import net from 'node:net';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Resolves to true once a TCP connection to the upstream's host and port succeeds, else to why not. */
export function acceptsConnections(upstream: string, timeoutMs: number): Promise<true | string> {
  const url = new URL(upstream);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || DEFAULT_PORTS[url.protocol]);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(`connecting to ${url.host} timed out`);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(`${url.host}: ${e.code ?? e.message}`));
  });
}
