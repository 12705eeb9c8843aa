// DuckDB as the test oracle: run SQL in an in-memory database and get rows back as plain JS values that
// compare directly with the engine's (BIGINT → number when exact, DATE → 'YYYY-MM-DD', DECIMAL → number).
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';

export type OracleValue = number | bigint | string | boolean | null;
export type OracleRow = Record<string, OracleValue>;

export interface Oracle {
  query(sql: string): Promise<OracleRow[]>;
  close(): void;
}

export function normalise(v: DuckDBValue): OracleValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBTimestampValue) return v.toString();
  return String(v);
}

export async function openOracle(): Promise<Oracle> {
  const instance = await DuckDBInstance.create(':memory:');
  let conn: DuckDBConnection;
  try {
    conn = await instance.connect();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  return {
    async query(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowObjects().map((row) => {
        const out: OracleRow = {};
        for (const [k, v] of Object.entries(row)) out[k] = normalise(v);
        return out;
      });
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Opens an oracle, runs `fn`, and always closes it. */
export async function withOracle<T>(fn: (db: Oracle) => Promise<T>): Promise<T> {
  const db = await openOracle();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * `read_csv(...)` over a file with a header and explicit column types (no sniffing: the test says what
 * the file is), RFC 4180 quoting, empty fields as NULL and "" as the empty string.
 */
export function readCsv(path: string, columns: Record<string, string>): string {
  const cols = Object.entries(columns)
    .map(([k, t]) => `${sqlString(k)}: ${sqlString(t)}`)
    .join(', ');
  return `read_csv(${sqlString(path)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false, columns = {${cols}})`;
}

export function readNdjson(path: string, columns: Record<string, string>): string {
  const cols = Object.entries(columns)
    .map(([k, t]) => `${sqlString(k)}: ${sqlString(t)}`)
    .join(', ');
  return `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {${cols}})`;
}

/** Float-tolerant deep equality for oracle comparisons: |a − b| ≤ tol · max(1, |a|, |b|). */
export function approxEqual(a: unknown, b: unknown, tol = 1e-9): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => approxEqual(x, b[i], tol));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => approxEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol))
    );
  }
  return a === b;
}
