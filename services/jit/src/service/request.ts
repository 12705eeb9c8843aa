// What POST /run accepts. Types and unknown fields are checked by the route's JSON schema; the rule the schema
// cannot say plainly (exactly one of program and benchmark) and the limits from the configuration are checked
// here. Every problem names its field.
import type { ServiceConfig } from './config.ts';
import { BadRequest, type Problem } from '@lightswitch/service-kit';

export interface RunBody {
  program?: string;
  benchmark?: string;
  args?: string[];
  jit?: boolean;
  hints?: boolean;
  hotLoopThreshold?: number;
  timeoutMs?: number;
  files?: Record<string, string>;
}

/** Most files a run may be given; the body limit (2 MiB) bounds their size. */
const MAX_FILES = 256;

export const runBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    program: { type: 'string', maxLength: 1_000_000 },
    benchmark: { type: 'string', minLength: 1, maxLength: 100 },
    args: { type: 'array', items: { type: 'string', maxLength: 10_000 }, maxItems: 256 },
    jit: { type: 'boolean' },
    hints: { type: 'boolean' },
    hotLoopThreshold: { type: 'integer', minimum: 1 },
    timeoutMs: { type: 'integer', minimum: 1 },
    files: {
      type: 'object',
      maxProperties: MAX_FILES,
      propertyNames: { minLength: 1, maxLength: 1000 },
      additionalProperties: { type: 'string' },
    },
  },
} as const;

/**
 * Why a name of `files` cannot be a file of the run's directory: absolute, leaving it through "..", or
 * naming the directory itself; undefined for a good name.
 */
function badFileName(name: string): string | undefined {
  if (name.startsWith('/')) return 'must be a relative path (the run has a directory of its own)';
  if (name.includes('\0')) return 'must not contain a NUL character';
  const parts = name.split('/');
  if (parts.includes('..')) return 'must not leave the run\'s directory ("..")';
  if (parts.every((p) => p === '' || p === '.')) return 'must name a file, not the directory';
  return undefined;
}

/** The checks after the schema: one program source, a time limit the service allows. */
export function checkRunBody(body: RunBody, config: ServiceConfig): void {
  if (body.program !== undefined && body.benchmark !== undefined)
    throw new BadRequest([
      { field: 'program', problem: 'give either program (Lua source) or benchmark (a name), not both' },
    ]);
  if (body.program === undefined && body.benchmark === undefined)
    throw new BadRequest([
      {
        field: 'program',
        problem: 'give either program (Lua source) or benchmark (a name from GET /benchmarks)',
      },
    ]);
  for (const name of Object.keys(body.files ?? {})) {
    const problem = badFileName(name);
    if (problem !== undefined) throw new BadRequest([{ field: `files[${JSON.stringify(name)}]`, problem }]);
  }
  if (body.timeoutMs !== undefined && body.timeoutMs > config.maxTimeoutMs)
    throw new BadRequest([
      { field: 'timeoutMs', problem: `must be at most ${config.maxTimeoutMs} (JIT_SERVICE_MAX_TIMEOUT_MS)` },
    ]);
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv's errors as field/problem pairs: "/args/0" becomes "args[0]", an unknown key is named itself. */
export function schemaProblems(errors: SchemaError[]): Problem[] {
  return errors.map((e) => {
    const path = e.instancePath
      .split('/')
      .filter(Boolean)
      .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
      .join('');
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      return { field: path ? `${path}.${key}` : key, problem: 'is not a known field' };
    }
    if (e.keyword === 'required') {
      const key = String(e.params.missingProperty);
      return { field: path ? `${path}.${key}` : key, problem: 'is required' };
    }
    return { field: path || 'body', problem: e.message ?? e.keyword };
  });
}
