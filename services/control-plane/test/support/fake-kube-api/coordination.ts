// coordination.k8s.io/v1: Leases. Their times are MicroTime, which the real API server parses strictly as
// RFC 3339 with exactly six fractional digits; the fake rejects anything else the same way (400).
import type { ApiGroup } from './group';
import { StatusError, type KubeObject, type ResourceType } from './store';

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

export const LEASES: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  plural: 'leases',
  kind: 'Lease',
  namespaced: true,
  generation: false,
  admit(obj: KubeObject) {
    for (const field of ['acquireTime', 'renewTime'] as const) {
      const v = obj.spec?.[field];
      if (v !== undefined && v !== null && (typeof v !== 'string' || !MICRO_TIME.test(v))) {
        throw new StatusError(
          400,
          'BadRequest',
          `Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(v)} as ` +
            `"2006-01-02T15:04:05.000000Z07:00": cannot parse (spec.${field})`,
        );
      }
    }
    const d = obj.spec?.leaseDurationSeconds;
    if (d !== undefined && (!Number.isInteger(d) || d <= 0)) {
      throw new StatusError(
        422,
        'Invalid',
        `Lease.coordination.k8s.io "${obj.metadata?.name}" is invalid: spec.leaseDurationSeconds: must be greater than 0`,
      );
    }
  },
};

export const coordination: ApiGroup = { group: 'coordination.k8s.io', version: 'v1', resources: [LEASES] };
