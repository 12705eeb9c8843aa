// Headers the activator adds, and the hop-by-hop ones it never passes on (RFC 9110 section 7.6.1).
import type { IncomingHttpHeaders } from 'node:http';

/** On a response that waited for its workload to wake: "true". */
export const COLD_START_HEADER = 'x-lightswitch-cold-start';
/** On the same responses: how long the request was held, in whole milliseconds. */
export const WAKE_MS_HEADER = 'x-lightswitch-wake-ms';

// Also what undici refuses to send (keep-alive, upgrade, expect): a client's copy would fail the forward.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
];

type Headers = IncomingHttpHeaders | Record<string, string | string[] | undefined>;

/** A copy without the hop-by-hop headers, including those the Connection header names. */
export function withoutHopByHop<T extends Headers>(headers: T): T {
  const out = { ...headers } as Record<string, unknown>;
  const connection = headers.connection;
  if (typeof connection === 'string') {
    for (const token of connection.split(',')) delete out[token.trim().toLowerCase()];
  }
  for (const name of HOP_BY_HOP) delete out[name];
  return out as T;
}

export interface ForwardedFrom {
  /** The client's address as this hop saw it. */
  ip: string;
  /** The Host the client asked for. */
  host: string | undefined;
  protocol: 'http' | 'https';
  /** The path prefix the activator removed: /{workload}. */
  prefix: string;
}

/** The request headers for the upstream: hop-by-hop removed, X-Forwarded-* describing this hop. */
export function upstreamRequestHeaders<T extends Headers>(headers: T, from: ForwardedFrom): T {
  const out = withoutHopByHop(headers) as Record<string, string | string[] | undefined>;
  const prior = headers['x-forwarded-for'];
  const chain = Array.isArray(prior) ? prior.join(', ') : prior;
  out['x-forwarded-for'] = chain ? `${chain}, ${from.ip}` : from.ip;
  if (from.host !== undefined) out['x-forwarded-host'] = from.host;
  out['x-forwarded-proto'] = from.protocol;
  out['x-forwarded-prefix'] = from.prefix;
  return out as T;
}
