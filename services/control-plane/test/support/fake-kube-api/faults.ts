// Fault injection: make chosen requests fail (403, 409, 429, 500, ...) or answer late, so tests can drive the
// client through the error paths a real cluster produces only by accident.
import type { Verb } from './resource';

/** Which requests a fault applies to; every field given must match. */
export interface FaultMatch {
  verb?: Verb;
  /** Plural resource, with "/<subresource>" for one: "deployments", "deployments/scale", "leases". */
  resource?: string;
  namespace?: string;
  name?: string;
  /** The user whose token the request carries ("admin", "alt"). */
  user?: string;
}

export interface RequestFacts {
  verb: Verb;
  resource: string;
  namespace?: string;
  name?: string;
  user?: string;
}

interface FailRule {
  kind: 'fail';
  match: FaultMatch;
  remaining: number;
  status: number;
  reason: string;
  message?: string;
  retryAfterSeconds?: number;
}

interface DelayRule {
  kind: 'delay';
  match: FaultMatch;
  remaining: number;
  delayMs: number;
}

export type Fault = {
  kind: 'fail';
  status: number;
  reason: string;
  message?: string;
  retryAfterSeconds?: number;
};

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function matchesFacts(m: FaultMatch, f: RequestFacts): boolean {
  return (
    (m.verb === undefined || m.verb === f.verb) &&
    (m.resource === undefined || m.resource === f.resource) &&
    (m.namespace === undefined || m.namespace === f.namespace) &&
    (m.name === undefined || m.name === f.name) &&
    (m.user === undefined || m.user === f.user)
  );
}

export class Faults {
  private rules: (FailRule | DelayRule)[] = [];
  /** Resources answered with 404 as if their CRD were not installed ("scaledobjects"). */
  readonly absent = new Set<string>();

  /** 403 Forbidden for this verb on this resource, as RBAC without that rule answers. */
  forbid(
    verb: Verb,
    resource: string,
    options: { namespace?: string; user?: string; times?: number } = {},
  ): this {
    return this.fail(403, {
      match: { verb, resource, namespace: options.namespace, user: options.user },
      times: options.times ?? Infinity,
      message: `${resource} is forbidden: User "system:serviceaccount:lightswitch:control-plane" cannot ${verb} resource "${resource}"`,
    });
  }

  /** 409 Conflict on the next `times` matching requests (default: replacing a Deployment's scale). */
  conflicts(times: number, match: FaultMatch = { verb: 'update', resource: 'deployments/scale' }): this {
    return this.fail(409, { match, times });
  }

  /** Any failure status on the next `times` matching requests (default every request, once). */
  fail(
    status: number,
    options: { match?: FaultMatch; times?: number; message?: string; retryAfterSeconds?: number } = {},
  ): this {
    this.rules.push({
      kind: 'fail',
      match: options.match ?? {},
      remaining: options.times ?? 1,
      status,
      reason: REASONS[status] ?? 'Failure',
      message: options.message,
      retryAfterSeconds: options.retryAfterSeconds,
    });
    return this;
  }

  /** Answers matching requests only after `delayMs` (default: every request, until reset). */
  delay(delayMs: number, options: { match?: FaultMatch; times?: number } = {}): this {
    this.rules.push({
      kind: 'delay',
      match: options.match ?? {},
      remaining: options.times ?? Infinity,
      delayMs,
    });
    return this;
  }

  reset(): void {
    this.rules = [];
    this.absent.clear();
  }

  /** The delay and failure this request gets (each consumes one of its rule's times). */
  take(facts: RequestFacts): { delayMs: number; fail?: Fault } {
    let delayMs = 0;
    let fail: Fault | undefined;
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matchesFacts(rule.match, facts)) continue;
      if (rule.kind === 'delay') {
        if (delayMs === 0) {
          delayMs = rule.delayMs;
          rule.remaining--;
        }
      } else if (!fail) {
        fail = {
          kind: 'fail',
          status: rule.status,
          reason: rule.reason,
          message: rule.message,
          retryAfterSeconds: rule.retryAfterSeconds,
        };
        rule.remaining--;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { delayMs, fail };
  }
}
