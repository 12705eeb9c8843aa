import { parseAllDocuments } from 'yaml';
import { isRecord } from './client';
import { CliError, type ErrorDetail } from './errors';

/** Fields the server owns; present in `get` output, so a fetched-and-edited file applies cleanly. */
export const SERVER_FIELDS = ['id', 'version', 'createdAt', 'updatedAt'] as const;

/** One resource to apply: a WorkloadSpec or PolicySpec exactly as the API body, and where it came from. */
export interface SpecDocument {
  /** The file name (or "<stdin>"). */
  source: string;
  /** Where in the file, e.g. "document 2" or "item 3" (1-based). */
  position: string;
  name: string;
  /** The body with server-owned fields removed. */
  body: Record<string, unknown>;
}

export interface DocumentProblem {
  source: string;
  position: string;
  problem: string;
}

/** Every problem found in the input; nothing is sent when there is one. */
export class DocumentError extends CliError {
  constructor(readonly problems: DocumentProblem[]) {
    const where = (p: DocumentProblem) => (p.position ? `${p.source}: ${p.position}` : p.source);
    const single = problems.length === 1 ? problems[0] : undefined;
    const details: ErrorDetail[] = single
      ? []
      : problems.map((p) => ({ field: where(p), problem: firstLine(p.problem) }));
    super(
      single
        ? `${where(single)}: ${single.problem}`
        : `${problems.length} problems in the input; nothing was applied`,
      1,
      details,
    );
    this.name = 'DocumentError';
  }
}

/**
 * Splits one input into resource documents: multi-document YAML (`---`), a top-level array, or JSON.
 * Empty documents are skipped. Problems are collected, not thrown, so all of them can be reported at once.
 */
export function parseDocuments(
  text: string,
  source: string,
): { documents: SpecDocument[]; problems: DocumentProblem[] } {
  const documents: SpecDocument[] = [];
  const problems: DocumentProblem[] = [];

  const values: { position: string; value: unknown }[] = [];
  if (/\.json$/i.test(source)) {
    try {
      values.push({ position: 'document 1', value: JSON.parse(text) });
    } catch (error) {
      problems.push({ source, position: '', problem: `not valid JSON: ${jsonErrorMessage(error, text)}` });
    }
  } else {
    const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
    // An empty input yields an empty stream, which is not an array of documents.
    const list = Array.isArray(docs) ? docs : [];
    list.forEach((doc, i) => {
      const position = `document ${i + 1}`;
      const error = doc.errors[0];
      if (error) {
        problems.push({ source, position, problem: `not valid YAML: ${error.message.trimEnd()}` });
        return;
      }
      try {
        values.push({ position, value: doc.toJS({ maxAliasCount: 100 }) });
      } catch (e) {
        problems.push({ source, position, problem: `not valid YAML: ${(e as Error).message}` });
      }
    });
  }

  const multiple = values.length > 1;
  for (const { position, value } of values) {
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing ---
    if (Array.isArray(value)) {
      value.forEach((item, j) => {
        const itemPosition = multiple ? `${position}, item ${j + 1}` : `item ${j + 1}`;
        addDocument(item, itemPosition);
      });
    } else {
      addDocument(value, position);
    }
  }
  return { documents, problems };

  function addDocument(value: unknown, position: string) {
    if (!isRecord(value)) {
      problems.push({ source, position, problem: `must be a mapping (object), got ${describeType(value)}` });
      return;
    }
    const name = value.name;
    if (name === undefined || name === null || name === '') {
      problems.push({ source, position, problem: 'has no "name"' });
      return;
    }
    if (typeof name !== 'string') {
      problems.push({ source, position, problem: `"name" must be a string, got ${describeType(name)}` });
      return;
    }
    const body = { ...value };
    for (const field of SERVER_FIELDS) delete body[field];
    documents.push({ source, position, name, body });
  }
}

/**
 * Parses every input before anything is sent; throws a DocumentError naming each bad file and document,
 * a document whose name appears twice, or input without any document.
 */
export function parseInputs(inputs: { source: string; text: string }[]): SpecDocument[] {
  const documents: SpecDocument[] = [];
  const problems: DocumentProblem[] = [];
  for (const input of inputs) {
    const parsed = parseDocuments(input.text, input.source);
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  const seen = new Map<string, SpecDocument>();
  for (const doc of documents) {
    const first = seen.get(doc.name);
    if (first) {
      problems.push({
        source: doc.source,
        position: doc.position,
        problem: `name "${doc.name}" appears twice (also in ${first.source}: ${first.position})`,
      });
    } else {
      seen.set(doc.name, doc);
    }
  }
  if (problems.length === 0 && documents.length === 0) {
    problems.push({
      source: inputs.map((i) => i.source).join(', '),
      position: '',
      problem: 'no documents found',
    });
  }
  if (problems.length) throw new DocumentError(problems);
  return documents;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

/**
 * JSON.parse's message, with where: V8 gives a character position for some errors (turned into a line and
 * column) and a quoted snippet for others (located by re-reading the text with YAML's JSON schema).
 */
function jsonErrorMessage(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  const position = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[2]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `${position[1]} at line ${line}, column ${column}`;
  }
  const docs = parseAllDocuments(text, { schema: 'json' });
  const where = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors)[0]?.linePos?.[0];
  return where ? `${message} at line ${where.line}, column ${where.col}` : message;
}
