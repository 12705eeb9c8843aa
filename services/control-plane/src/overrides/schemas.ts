import { Type, type Static } from '@sinclair/typebox';
import { Name, Timestamp, Version } from '../api/schemas/common';

const State = Type.Union([Type.Literal('on'), Type.Literal('off')]);
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const Replicas = Type.Integer({ minimum: 0, maximum: 10000 });

export const OverrideCreate = Type.Object(
  {
    workload: Name,
    state: State,
    replicas: Type.Optional(Replicas),
    startsAt: Type.Optional(Timestamp),
    until: Timestamp,
    reason: Reason,
  },
  { additionalProperties: false },
);
export type OverrideCreate = Static<typeof OverrideCreate>;

export const OverrideUpdate = Type.Object(
  {
    state: Type.Optional(State),
    replicas: Type.Optional(Type.Union([Replicas, Type.Null()])),
    until: Type.Optional(Timestamp),
    reason: Type.Optional(Reason),
    version: Type.Optional(Version),
  },
  { additionalProperties: false },
);
export type OverrideUpdate = Static<typeof OverrideUpdate>;

export const OverrideListQuery = Type.Object(
  {
    workload: Type.Optional(Name),
    selector: Type.Optional(
      Type.String({ maxLength: 4096, description: "label selector on the overrides' workloads" }),
    ),
    active: Type.Optional(Type.Boolean({ description: 'only overrides in force now (true) or not (false)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);

export const Override = Type.Object({
  id: Type.String(),
  workload: Type.String(),
  workloadId: Type.String(),
  state: Type.String(),
  replicas: Type.Union([Type.Integer(), Type.Null()]),
  startsAt: Timestamp,
  until: Timestamp,
  createdBy: Type.String(),
  reason: Type.String(),
  cancelledAt: Type.Union([Timestamp, Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Override = Static<typeof Override>;
