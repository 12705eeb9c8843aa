import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from '../api/errors';

// ajv-formats is CommonJS; under ESM its function sits on .default.
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are rejected, never silently dropped (Fastify's default would remove them).
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** For bodies: a string where a number belongs is an error, not something to coerce. */
export const strictAjv = makeAjv(false);
/** For query strings and path parameters, which only ever arrive as text. */
export const coercingAjv = makeAjv(true);

function join(prefix: string, path: string): string {
  return [prefix, path].filter(Boolean).join('.');
}

/** Turns ajv's errors into { field, problem } pairs, with the field as a dotted path (e.g. "target.namespace"). */
export function ajvDetails(errors: ErrorObject[] | null | undefined, prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const e of errors ?? []) {
    const path = e.instancePath
      .split('/')
      .filter(Boolean)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    const params = e.params as Record<string, unknown>;
    let field = join(prefix, path);
    let problem = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field = join(field, String(params.missingProperty));
      problem = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      field = join(field, String(params.additionalProperty));
      problem = 'is not a known field';
    } else if (e.keyword === 'enum') {
      problem = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'type') {
      problem = `must be ${String(params.type)}`;
    }
    if (!details.some((d) => d.field === (field || '(body)') && d.problem === problem)) {
      details.push({ field: field || '(body)', problem });
    }
  }
  return details;
}

const cache = new WeakMap<object, ValidateFunction>();

/** Validates a value against a JSON schema; returns the problems, empty when valid. */
export function schemaProblems(schema: object, value: unknown, prefix: string): ErrorDetail[] {
  let validate = cache.get(schema);
  if (!validate) {
    validate = strictAjv.compile(schema);
    cache.set(schema, validate);
  }
  return validate(value) ? [] : ajvDetails(validate.errors, prefix);
}
