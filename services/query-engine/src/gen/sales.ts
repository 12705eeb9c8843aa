// The benchmark data set: date,store,amount,product. Everything comes from one seeded PRNG consumed in a
// fixed order per row, so a seed and a row count fix the file byte for byte, whatever the chunk size.
import { closeSync, openSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { mulberry32 } from '@lightswitch/service-kit/prng';

export interface GenSalesOptions {
  rows: number;
  seed: number;
  /** First date (YYYY-MM-DD); dates increase through the file so "file order" is also date order. */
  startDate?: string;
  /** Number of distinct days the rows are spread over. */
  days?: number;
  /** Share of rows whose amount is null (an empty field). 0 for the benchmark. */
  nullRate?: number;
  /** Include product names that need RFC 4180 quoting (a comma, a double quote). */
  quoting?: boolean;
  /** Bytes per emitted chunk; writes this large keep syscalls off the profile. */
  chunkBytes?: number;
}

export const SALES_HEADER = 'date,store,amount,product';
/** The columns' types, as a scan reads them (date stays text: the queries parse it). */
export const SALES_SCHEMA = { date: 'utf8', store: 'int64', amount: 'float64', product: 'utf8' } as const;
export const STORES = 1000;

// Non-ASCII names keep byte offsets and character offsets apart for whoever parses the file.
const PLAIN_PRODUCTS = [
  'apple',
  'banana',
  'cherry',
  'durian',
  'café crème',
  'naïve tea',
  'Zürich map',
  'plain',
];
const QUOTED_PRODUCTS = ['"Widget, large"', '"6"" ruler"'];

const encoder = new TextEncoder();

function dayBytes(start: string, days: number): Uint8Array[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(t0)) throw new Error(`invalid start date: ${start}`);
  const out: Uint8Array[] = [];
  for (let d = 0; d < days; d++)
    out.push(encoder.encode(new Date(t0 + d * 86_400_000).toISOString().slice(0, 10)));
  return out;
}

/** Yields the CSV (header first) as fresh chunks of about `chunkBytes`, safe to hold on to. */
export function* salesCsvChunks(opts: GenSalesOptions): Generator<Uint8Array> {
  const rows = opts.rows;
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw new Error(`rows must be a non-negative integer: ${rows}`);
  const days = opts.days ?? 4 * 365 + 1;
  const nullRate = opts.nullRate ?? 0;
  const chunkBytes = Math.max(opts.chunkBytes ?? 1 << 22, 1024);
  const dates = dayBytes(opts.startDate ?? '2021-01-01', days);
  const products = ((opts.quoting ?? true) ? [...PLAIN_PRODUCTS, ...QUOTED_PRODUCTS] : PLAIN_PRODUCTS).map(
    (p) => encoder.encode(p),
  );
  const storeBytes = Array.from({ length: STORES + 1 }, (_, i) => encoder.encode(String(i)));
  const nullThreshold = Math.floor(nullRate * 2 ** 32);
  const rand = mulberry32(opts.seed);
  const ROW_MAX = 128; // far above the longest row: 10 + 4 + 9 + the longest product + separators

  let buf = Buffer.allocUnsafe(chunkBytes + ROW_MAX);
  let pos = buf.write(`${SALES_HEADER}\n`, 0, 'latin1');
  for (let i = 0; i < rows; i++) {
    if (pos > chunkBytes) {
      yield buf.subarray(0, pos);
      buf = Buffer.allocUnsafe(chunkBytes + ROW_MAX);
      pos = 0;
    }
    // Four draws per row whatever the options, so nullRate changes only which amounts are null.
    const store = 1 + (rand() % STORES);
    const cents = 1 + (rand() % 99_999);
    const product = rand() % products.length;
    const isNull = rand() < nullThreshold;
    buf.set(dates[Math.floor((i * days) / rows)]!, pos);
    pos += 10;
    buf[pos++] = 44;
    const s = storeBytes[store]!;
    buf.set(s, pos);
    pos += s.length;
    buf[pos++] = 44;
    if (!isNull) pos = writeCents(buf, pos, cents);
    buf[pos++] = 44;
    const p = products[product]!;
    buf.set(p, pos);
    pos += p.length;
    buf[pos++] = 10;
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/** Writes cents as d+.dd: exact decimal text, which every reader parses to the nearest double. */
function writeCents(buf: Buffer, pos: number, cents: number): number {
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  if (whole >= 100) {
    buf[pos++] = 48 + Math.floor(whole / 100);
    buf[pos++] = 48 + (Math.floor(whole / 10) % 10);
    buf[pos++] = 48 + (whole % 10);
  } else if (whole >= 10) {
    buf[pos++] = 48 + Math.floor(whole / 10);
    buf[pos++] = 48 + (whole % 10);
  } else {
    buf[pos++] = 48 + whole;
  }
  buf[pos++] = 46;
  buf[pos++] = 48 + Math.floor(frac / 10);
  buf[pos++] = 48 + (frac % 10);
  return pos;
}

/** Writes the data set to a file with synchronous large writes: the generator is CPU-bound anyway. */
export function writeSalesCsv(path: string, opts: GenSalesOptions): { bytes: number } {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (const chunk of salesCsvChunks(opts)) {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off);
      bytes += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes };
}

/** Streams the data set to a Writable (stdout, a socket), waiting for 'drain' when it pushes back. */
export async function pipeSalesCsv(out: Writable, opts: GenSalesOptions): Promise<{ bytes: number }> {
  let bytes = 0;
  for (const chunk of salesCsvChunks(opts)) {
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return { bytes };
}
