// Deterministic test data for the engine's tests, and row comparison with a float tolerance (the engine
// and DuckDB add floats in different orders).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface SalesRow {
  id: number;
  date: string | null;
  store: number | null;
  amount: number | null;
  note: string | null;
}

const NOTES = [
  'plain',
  'with,comma',
  'with "quote"',
  'multi\nline',
  'ünïcödé €',
  'x',
  'a,b\r\nc',
  'trailing ',
];

export function salesRows(n: number, seed: number, nulls = true): SalesRow[] {
  const r = rng(seed);
  const rows: SalesRow[] = [];
  for (let id = 0; id < n; id++) {
    const day = 1 + Math.floor(r() * 365);
    const d = new Date(Date.UTC(2024, 0, day));
    rows.push({
      id,
      date: nulls && r() < 0.05 ? null : d.toISOString().slice(0, 10),
      store: nulls && r() < 0.05 ? null : Math.floor(r() * 10),
      amount: nulls && r() < 0.05 ? null : Math.round(r() * 100000 - 20000) / 100,
      note: nulls && r() < 0.1 ? null : NOTES[Math.floor(r() * NOTES.length)]!,
    });
  }
  return rows;
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'qe-test-'));
}

export function writeSalesCsv(
  dir: string,
  name: string,
  rows: SalesRow[],
  opts: { crlf?: boolean } = {},
): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  const lines = ['id,date,store,amount,note'];
  for (const r of rows) lines.push([r.id, r.date, r.store, r.amount, r.note].map(csvField).join(','));
  const path = join(dir, name);
  writeFileSync(path, lines.join(nl) + (rows.length ? nl : ''));
  return path;
}

export const SALES_DUCK_COLUMNS = `{'id': 'BIGINT', 'date': 'VARCHAR', 'store': 'BIGINT', 'amount': 'DOUBLE', 'note': 'VARCHAR'}`;

export function duckCsv(path: string, columns = SALES_DUCK_COLUMNS): string {
  return `read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', columns = ${columns})`;
}

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  return a === b;
}

export function assertRowsEqual(
  actual: Record<string, unknown>[],
  expected: Record<string, unknown>[],
  what = '',
): void {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.deepEqual(Object.keys(a), Object.keys(e), `${what}: columns of row ${i}`);
    for (const k of Object.keys(e))
      if (!close(a[k], e[k]))
        assert.fail(
          `${what}: row ${i} column ${k}: got ${String(a[k])}, expected ${String(e[k])}\n${JSON.stringify(a)}\n${JSON.stringify(e)}`,
        );
  }
}

/** Sorts rows by every column (as JSON) so unordered results compare. */
export function sortRows<T extends Record<string, unknown>>(rows: T[]): T[] {
  const key = (r: T) => JSON.stringify(Object.values(r), (_, v) => (typeof v === 'bigint' ? String(v) : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export const CONFIGS: { workers: number; morselRows: number }[] = [
  { workers: 0, morselRows: 100_000 },
  { workers: 1, morselRows: 1 },
  { workers: 1, morselRows: 1_000_000 },
  { workers: 2, morselRows: 7 },
  { workers: 3, morselRows: 64 },
];
