import { Type, type TSchema } from '@sinclair/typebox';

/** A DNS-subdomain-style name, as Kubernetes names objects. */
export const Name = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
  description: 'lower-case letters, digits, "-" and "."; starts and ends alphanumeric',
});

export const Description = Type.String({ maxLength: 2000 });

/** Label map; keys and values are checked against Kubernetes' label rules after the schema. */
export const Labels = Type.Record(Type.String({ maxLength: 317 }), Type.String({ maxLength: 63 }), {
  maxProperties: 64,
});

/** A free-form JSON object (target, spec); its shape is checked by kind or type after the schema. */
export const JsonObject = Type.Object({}, { additionalProperties: true });

/** A field that may be null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Timestamp = Type.String({ format: 'date-time' });

export const Version = Type.Integer({
  minimum: 1,
  description: 'the version you read; a stale one gets 409',
});

export const NameParams = Type.Object({ name: Name }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    selector: Type.Optional(Type.String({ maxLength: 4096, description: 'Kubernetes label selector' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({ field: Type.String(), problem: Type.String() })),
});

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** Every error status a route can answer, so the OpenAPI document lists them. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
};
