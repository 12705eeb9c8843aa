import { Type, type Static } from '@sinclair/typebox';
import { Labels, Name } from '../api/schemas/common';
import type { ErrorDetail } from '../api/errors';
import { PolicySpec, policyProblems } from '../policy';
import { schemaProblems } from '../validation';
import { labelProblems } from '../workloads';

const ScenarioWorkload = Type.Object(
  {
    name: Name,
    zone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    labels: Type.Optional(Labels),
    replicasOn: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    replicasOff: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    vcpu: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000 })),
    memoryGb: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    /** Simulate this many identical workloads (name-1, name-2, ...). */
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

/** A what-if: workloads and policies replayed over a stretch of real grid history. */
export const Scenario = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    /** Zone of workloads that name none; a bundled zone (GB, DE, FR, US-CAL-CISO). */
    zone: Type.String({ minLength: 1, maxLength: 64 }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    /**
     * What the policies see as the forecast: "published" (GB's real NESO forecast; elsewhere falls back to
     * perfect), "perfect" (the future actuals), "none", or "points" (forecastPoints, to model forecast error).
     */
    forecast: Type.Optional(
      Type.Union(['published', 'perfect', 'none', 'points'].map((m) => Type.Literal(m))),
    ),
    forecastPoints: Type.Optional(
      Type.Array(
        Type.Object(
          {
            time: Type.String({ format: 'date-time' }),
            intensityGPerKwh: Type.Number({ minimum: 0, maximum: 5000 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 40000 },
      ),
    ),
    workloads: Type.Array(ScenarioWorkload, { minItems: 1, maxItems: 10000 }),
    policies: Type.Array(PolicySpec, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type Scenario = Static<typeof Scenario>;

const MAX_WORKLOADS = 100_000;
const MAX_DAYS = 366;

/** Every problem with a scenario, fields named as in the document (e.g. "policies.1.spec.timezone"). */
export function scenarioProblems(input: unknown, zones: readonly string[]): ErrorDetail[] {
  const shape = schemaProblems(Scenario, input, '');
  if (shape.length) return shape;
  const s = input as Scenario;
  const details: ErrorDetail[] = [];
  const from = Date.parse(s.from);
  const to = Date.parse(s.to);
  if (to <= from) details.push({ field: 'to', problem: 'must be after from' });
  if (to - from > MAX_DAYS * 86_400_000)
    details.push({ field: 'to', problem: `a scenario spans at most ${MAX_DAYS} days` });
  const known = (zone: string) => zones.includes(zone);
  if (!known(s.zone))
    details.push({ field: 'zone', problem: `no data for zone "${s.zone}" (have ${zones.join(', ')})` });
  if (s.forecast === 'points' && !s.forecastPoints?.length) {
    details.push({ field: 'forecastPoints', problem: 'required when forecast is "points"' });
  }
  const names = new Set<string>();
  let total = 0;
  s.workloads.forEach((w, i) => {
    if (names.has(w.name))
      details.push({ field: `workloads.${i}.name`, problem: `duplicate name "${w.name}"` });
    names.add(w.name);
    if (w.zone !== undefined && !known(w.zone)) {
      details.push({ field: `workloads.${i}.zone`, problem: `no data for zone "${w.zone}"` });
    }
    if ((w.replicasOff ?? 0) > (w.replicasOn ?? 1)) {
      details.push({ field: `workloads.${i}.replicasOff`, problem: 'must not exceed replicasOn' });
    }
    for (const d of labelProblems(w.labels, `workloads.${i}.labels`)) details.push(d);
    total += w.count ?? 1;
  });
  if (total > MAX_WORKLOADS)
    details.push({ field: 'workloads', problem: `at most ${MAX_WORKLOADS} workloads in all` });
  const policyNames = new Set<string>();
  s.policies.forEach((p, i) => {
    if (policyNames.has(p.name))
      details.push({ field: `policies.${i}.name`, problem: `duplicate name "${p.name}"` });
    policyNames.add(p.name);
    for (const d of policyProblems(p))
      details.push({ field: `policies.${i}.${d.field}`, problem: d.problem });
  });
  return details;
}
