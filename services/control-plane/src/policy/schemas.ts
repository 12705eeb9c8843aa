import { Type, type Static } from '@sinclair/typebox';
import { Description, JsonObject, Labels, Name, Timestamp, Version } from '../api/schemas/common';
import { POLICY_TYPES } from './spec-schemas';

const fields = {
  name: Name,
  type: Type.Union(POLICY_TYPES.map((t) => Type.Literal(t))),
  description: Type.Optional(Type.Union([Description, Type.Null()])),
  spec: JsonObject,
  selector: Type.Optional(
    Type.String({
      maxLength: 4096,
      description: 'Kubernetes label selector of the workloads it governs; empty selects all',
    }),
  ),
  labels: Type.Optional(Labels),
  priority: Type.Optional(Type.Integer({ minimum: -1000000, maximum: 1000000 })),
  enabled: Type.Optional(Type.Boolean()),
  dryRun: Type.Optional(Type.Boolean()),
};

export const PolicySpec = Type.Object(fields, { additionalProperties: false });
export type PolicySpec = Static<typeof PolicySpec>;

export const PolicyUpdate = Type.Object(
  { ...fields, name: Type.Optional(Name), version: Type.Optional(Version) },
  { additionalProperties: false },
);
export type PolicyUpdate = Static<typeof PolicyUpdate>;

export const Policy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  spec: JsonObject,
  selector: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  priority: Type.Integer(),
  enabled: Type.Boolean(),
  dryRun: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Policy = Static<typeof Policy>;
