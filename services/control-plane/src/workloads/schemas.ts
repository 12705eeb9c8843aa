import { Type, type Static } from '@sinclair/typebox';
import { Description, JsonObject, Labels, Name, Timestamp, Version } from '../api/schemas/common';
import { WORKLOAD_KINDS } from './kinds';

const fields = {
  name: Name,
  kind: Type.Union(WORKLOAD_KINDS.map((k) => Type.Literal(k))),
  description: Type.Optional(Type.Union([Description, Type.Null()])),
  target: JsonObject,
  zone: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9][-A-Za-z0-9_]*$',
    description: 'grid zone, e.g. GB or DE',
  }),
  labels: Type.Optional(Labels),
  replicasOn: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  replicasOff: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  vcpu: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000 })),
  memoryGb: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  energySource: Type.Optional(Type.Union([JsonObject, Type.Null()])),
};

export const WorkloadSpec = Type.Object(fields, { additionalProperties: false });
export type WorkloadSpec = Static<typeof WorkloadSpec>;

/** PUT body: the whole spec plus the version read (or an If-Match header instead). */
export const WorkloadUpdate = Type.Object(
  { ...fields, name: Type.Optional(Name), version: Type.Optional(Version) },
  { additionalProperties: false },
);
export type WorkloadUpdate = Static<typeof WorkloadUpdate>;

export const Workload = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  target: JsonObject,
  zone: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  replicasOn: Type.Integer(),
  replicasOff: Type.Integer(),
  vcpu: Type.Number(),
  memoryGb: Type.Number(),
  energySource: Type.Union([JsonObject, Type.Null()]),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Workload = Static<typeof Workload>;
