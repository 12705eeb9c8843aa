// What POST /query accepts: a serialised plan, or the name of a bundled query and the CSV it reads; and the
// result format. Checked by hand so each problem names its field.
import { BUNDLED_QUERIES } from '../queries/index.ts';
import { BadRequest } from '@lightswitch/service-kit';
import type { PlanNode } from '../plan/logical.ts';

export type ResultFormat = 'ndjson' | 'arrow' | 'csv';

export const CONTENT_TYPES: Record<ResultFormat, string> = {
  ndjson: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.stream',
  csv: 'text/csv; charset=utf-8',
};

export type QueryRequest =
  | { kind: 'plan'; plan: { version: number; plan: PlanNode }; format: ResultFormat }
  | { kind: 'bundled'; query: string; source: string; format: ResultFormat };

function formatFrom(body: Record<string, unknown>, accept: string | undefined): ResultFormat {
  if (body.format !== undefined) {
    if (body.format === 'ndjson' || body.format === 'arrow' || body.format === 'csv') return body.format;
    throw new BadRequest([{ field: 'format', problem: 'must be ndjson, arrow or csv' }]);
  }
  if (accept?.includes(CONTENT_TYPES.arrow)) return 'arrow';
  if (accept?.includes('text/csv')) return 'csv';
  return 'ndjson';
}

export function parseQueryRequest(body: unknown, accept: string | undefined): QueryRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequest([{ field: 'body', problem: 'must be a JSON object' }]);
  const b = body as Record<string, unknown>;
  const known = new Set(['plan', 'query', 'source', 'format']);
  const unknown = Object.keys(b).filter((k) => !known.has(k));
  if (unknown.length)
    throw new BadRequest(unknown.map((k) => ({ field: k, problem: 'is not a known field' })));
  const format = formatFrom(b, accept);
  if ((b.plan === undefined) === (b.query === undefined))
    throw new BadRequest([
      { field: 'plan', problem: 'give either plan or query (a bundled query), not both' },
    ]);
  if (b.plan !== undefined) {
    const p = b.plan as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null)
      throw new BadRequest([{ field: 'plan', problem: 'must be an object' }]);
    if (typeof p.version !== 'number')
      throw new BadRequest([
        { field: 'plan.version', problem: 'must be a number (LazyFrame.toJSON() gives it)' },
      ]);
    if (typeof p.plan !== 'object' || p.plan === null || typeof (p.plan as { op?: unknown }).op !== 'string')
      throw new BadRequest([{ field: 'plan.plan', problem: 'must be a plan node with an op' }]);
    return { kind: 'plan', plan: p as { version: number; plan: PlanNode }, format };
  }
  if (typeof b.query !== 'string' || !(b.query in BUNDLED_QUERIES))
    throw new BadRequest([
      { field: 'query', problem: `must be one of ${Object.keys(BUNDLED_QUERIES).join(', ')}` },
    ]);
  if (typeof b.source !== 'string' || b.source === '')
    throw new BadRequest([{ field: 'source', problem: 'must name the CSV file the query reads' }]);
  return { kind: 'bundled', query: b.query, source: b.source, format };
}
