// Connection reuse for the Kubernetes client. @kubernetes/client-node 1.x builds a fresh http(s).Agent for
// every request (KubeConfig.createAgent), so each call would open a new TCP connection and, against a real
// API server, do a new TLS handshake. A request middleware swaps that agent for a keep-alive one built from
// the same TLS options; a change of those options (a rotated client certificate) gets a new agent.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

export class KeepAliveAgents {
  private current: { key: string; agent: http.Agent } | undefined;
  private readonly retired = new Set<http.Agent>();

  constructor(private readonly maxSockets = 32) {}

  /** A keep-alive agent equivalent to `agent`; any other kind of agent (a proxy) is returned unchanged. */
  reuse(agent: http.Agent | https.Agent | undefined): http.Agent | https.Agent | undefined {
    if (agent === undefined) return undefined;
    const ctor = agent.constructor;
    if (ctor !== http.Agent && ctor !== https.Agent) return agent;
    const options = (agent as unknown as { options?: Record<string, unknown> }).options ?? {};
    const key = fingerprint(ctor === https.Agent ? 'https' : 'http', options);
    if (this.current?.key === key) return this.current.agent;
    if (this.current) this.retire(this.current.agent);
    const picked: Record<string, unknown> = {};
    for (const k of TLS_KEYS) if (options[k] !== undefined) picked[k] = options[k];
    const fresh =
      ctor === https.Agent
        ? new https.Agent({ ...picked, keepAlive: true, maxSockets: this.maxSockets })
        : new http.Agent({ keepAlive: true, maxSockets: this.maxSockets });
    this.current = { key, agent: fresh };
    return fresh;
  }

  /** Closes every pooled connection. */
  destroy(): void {
    this.current?.agent.destroy();
    this.current = undefined;
    for (const agent of this.retired) agent.destroy();
    this.retired.clear();
  }

  private retire(agent: http.Agent): void {
    // Requests may still be running on it: let them finish before its sockets go.
    this.retired.add(agent);
    setTimeout(() => {
      agent.destroy();
      this.retired.delete(agent);
    }, 60_000).unref();
  }
}

function fingerprint(scheme: string, options: Record<string, unknown>): string {
  const hash = createHash('sha256').update(scheme);
  for (const k of TLS_KEYS) {
    const v = options[k];
    hash.update(`\0${k}=`);
    if (v === undefined) continue;
    for (const part of Array.isArray(v) ? v : [v]) hash.update(Buffer.isBuffer(part) ? part : String(part));
  }
  return hash.digest('hex');
}
