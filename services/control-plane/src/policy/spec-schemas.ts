import { Type } from '@sinclair/typebox';

// The spec of each policy type. decide() (issue 3) reads exactly these shapes.

export const POLICY_TYPES = ['schedule', 'idle', 'carbon-threshold', 'carbon-window', 'always-on'] as const;
export type PolicyTypeName = (typeof POLICY_TYPES)[number];

const Day = Type.Union(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => Type.Literal(d)));
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour' });
const WeekInstant = Type.Object({ day: Day, time: ClockTime }, { additionalProperties: false });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in the policy time zone' });
const Instant = Type.String({ format: 'date-time' });
const Cron = Type.String({ minLength: 1, maxLength: 256, description: 'node-cron expression' });

export const ScheduleSpec = Type.Object(
  {
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/London' }),
    /** Weekly off windows; "from" and "to" may fall on different days (fri 19:00 -> mon 07:00). */
    offWindows: Type.Optional(
      Type.Array(
        Type.Object(
          {
            from: WeekInstant,
            to: WeekInstant,
            /** Shown in decision reasons ("off: weekend window Fri 19:00–Mon 07:00 Europe/London"). */
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 64 },
      ),
    ),
    /** Alternative to offWindows: switch off at sleepCron, on at wakeCron. */
    sleepCron: Type.Optional(Cron),
    wakeCron: Type.Optional(Cron),
    /** Whole days (holidays) that are off all day. */
    offDates: Type.Optional(Type.Array(IsoDate, { maxItems: 1000 })),
    /** Days on which the schedule does not apply (the workload stays on). */
    exceptDates: Type.Optional(Type.Array(IsoDate, { maxItems: 1000 })),
    /** Absolute off ranges. */
    offRanges: Type.Optional(
      Type.Array(Type.Object({ from: Instant, to: Instant }, { additionalProperties: false }), {
        maxItems: 1000,
      }),
    ),
    /** A workload created less than this long ago is left on. */
    graceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const IdleSpec = Type.Object(
  {
    idleMinutes: Type.Integer({ minimum: 1, maximum: 100000 }),
    thresholdRps: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const CarbonThresholdSpec = Type.Object(
  {
    /** Replica caps by intensity band: above aboveGPerKwh, at most maxReplicas. */
    bands: Type.Optional(
      Type.Array(
        Type.Object(
          { aboveGPerKwh: Type.Number({ minimum: 0 }), maxReplicas: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 32 },
      ),
    ),
    offAboveGPerKwh: Type.Optional(Type.Number({ minimum: 0 })),
    /** Off while the intensity is above this percentile of the next 24 h forecast. */
    offAbovePercentile: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    hysteresisGPerKwh: Type.Optional(Type.Number({ minimum: 0 })),
    minOnMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    minOffMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const CarbonWindowSpec = Type.Object(
  {
    durationMinutes: Type.Integer({ minimum: 1, maximum: 100000 }),
    earliestStart: Type.Optional(Instant),
    deadline: Instant,
    maxInterruptions: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const AlwaysOnSpec = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const SPEC_SCHEMAS: Record<PolicyTypeName, object> = {
  schedule: ScheduleSpec,
  idle: IdleSpec,
  'carbon-threshold': CarbonThresholdSpec,
  'carbon-window': CarbonWindowSpec,
  'always-on': AlwaysOnSpec,
};
