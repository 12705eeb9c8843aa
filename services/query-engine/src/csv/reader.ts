// The I/O side of a CSV scan, on the main event loop: reads the file in blocks and cuts it into chunks
// that start and end on row boundaries (quote-aware, so a newline inside quotes never splits a row).
// Each chunk is a fresh buffer, transferred to a worker that parses it.
import { open, type FileHandle } from 'node:fs/promises';
import type { DataType, Field } from '../morsel/types.ts';
import { CsvError } from './errors.ts';
import { inferColumnType } from './infer.ts';
import { resolveCsvOptions, type CsvOptions, type ResolvedCsvOptions } from './options.ts';
import { readRecords } from './records.ts';
import { quoteParity } from './quotes.ts';
import { returnChunkBuffer, takeChunkBuffer } from './buffers.ts';

export interface CsvChunk {
  bytes: Uint8Array;
  /** File offset of bytes[0]. */
  byteOffset: number;
}

export interface CsvLayout {
  path: string;
  options: ResolvedCsvOptions;
  /** Every field of the file, in file order. */
  fields: Field[];
  /** Where the data starts (after the header). */
  dataOffset: number;
  /** Mean bytes per row in the sample, to size chunks for a target row count. */
  bytesPerRow: number;
}

const SAMPLE_BYTES = 1 << 20;

/** Reads the header and a sample: names, types (explicit or inferred), where data starts. */
export async function readLayout(path: string, opts: CsvOptions = {}): Promise<CsvLayout> {
  const options = resolveCsvOptions(opts);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new CsvError(`${path}: cannot open: ${(err as Error).message}`, path, 0, 0);
  }
  // from the chunk pool and back: a freed buffer this large would raise glibc's mmap threshold for the rest
  // of the process, after which freed chunk-sized buffers stay in the heap instead of going back to the OS
  const sampleBuf = takeChunkBuffer(SAMPLE_BYTES);
  try {
    const buf = Buffer.from(sampleBuf.buffer, sampleBuf.byteOffset, SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    const size = (await fh.stat()).size;
    const complete = bytesRead >= size;
    let text = buf.subarray(0, bytesRead).toString('utf8');
    let bom = 0;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      bom = 3;
    }
    const d = String.fromCharCode(options.delimiter);
    const q = String.fromCharCode(options.quote);
    const want = (opts.inferRows ?? 1000) + 1;
    const { records, consumed } = readRecords(text, d, q, want, complete);
    if (records.length === 0) {
      if (options.hasHeader) throw new CsvError(`${path}: line 1: empty file, expected a header`, path, 1, 0);
      return { path, options, fields: [], dataOffset: bom, bytesPerRow: 64 };
    }
    const header = options.hasHeader ? records[0]! : records[0]!.map((_, i) => `column_${i + 1}`);
    const seen = new Set<string>();
    for (const [i, h] of header.entries()) {
      if (seen.has(h))
        throw new CsvError(
          `${path}: line 1, column ${i + 1}: duplicate column name ${JSON.stringify(h)}`,
          path,
          1,
          i + 1,
        );
      seen.add(h);
    }
    const sample = options.hasHeader ? records.slice(1) : records;
    const explicit = opts.schema ?? {};
    for (const name of Object.keys(explicit))
      if (!seen.has(name))
        throw new CsvError(
          `${path}: schema names column ${JSON.stringify(name)}, which the file does not have (columns: ${header.join(', ')})`,
          path,
          1,
          0,
        );
    const fields = header.map((name, i) => ({
      name,
      type:
        explicit[name] ??
        (inferColumnType(
          sample.map((r) => r[i] ?? ''),
          opts.tryParseDates,
        ) as DataType),
    }));
    let dataOffset = bom;
    if (options.hasHeader) {
      const one = readRecords(text, d, q, 1, complete);
      dataOffset += Buffer.byteLength(text.slice(0, one.consumed), 'utf8');
    }
    const sampleBytes = Buffer.byteLength(text.slice(0, consumed), 'utf8') + bom - dataOffset;
    const bytesPerRow = sample.length > 0 ? Math.max(1, sampleBytes / sample.length) : 64;
    return { path, options, fields, dataOffset, bytesPerRow };
  } finally {
    returnChunkBuffer(sampleBuf.buffer as ArrayBuffer);
    await fh.close();
  }
}

/**
 * Chunks of about `targetBytes` each, every one ending just after a row's newline (or at end of file).
 * Each chunk is its own buffer, filled straight from the file (no staging copy), so it can be transferred
 * to a worker; only the few bytes after the cut are copied, into the next chunk. Reading ahead is bounded
 * by the caller pulling: the next chunk is read only when it is asked for.
 */
export async function* readChunks(
  layout: CsvLayout,
  targetBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<CsvChunk> {
  const fh = await open(layout.path, 'r');
  const Q = layout.options.quote;
  // room past the target for the rest of the row the cut falls in; a longer row grows the buffer
  const capacity = targetBytes + Math.min(1 << 16, targetBytes) + 64;
  // the bytes after a cut go straight into the next chunk's buffer: a copy of their own (up to 64 KiB per
  // chunk) would be garbage that only the main thread's GC frees, which is what made peak RSS climb with
  // the input size
  let buf = takeChunkBuffer(capacity);
  try {
    let have = 0;
    let filePos = layout.dataOffset;
    let eof = false;
    while (!signal?.aborted) {
      let scanned = 0; // parity = quote parity of buf[0, scanned)
      let parity = 0;
      let end: number;
      for (;;) {
        while (!eof && have < buf.length) {
          const { bytesRead } = await fh.read(buf, have, buf.length - have, filePos);
          if (bytesRead === 0) eof = true;
          filePos += bytesRead;
          have += bytesRead;
        }
        // the first newline at or after the target that is outside quotes
        let k = buf.indexOf(10, Math.max(scanned, targetBytes - 1));
        while (k !== -1 && k < have) {
          parity ^= quoteParity(buf, scanned, k, Q);
          scanned = k;
          if (parity === 0) break;
          k = buf.indexOf(10, k + 1);
        }
        if (k !== -1 && k < have) {
          end = k + 1;
          break;
        }
        if (eof) {
          end = have;
          break;
        }
        // no row ends in the whole buffer (a huge row or quoted field): grow it and read on
        const bigger = takeChunkBuffer(buf.length * 2);
        bigger.set(buf);
        returnChunkBuffer(buf.buffer as ArrayBuffer);
        buf = bigger;
      }
      if (end === 0) return;
      const rest = have - end;
      const next = takeChunkBuffer(Math.max(capacity, rest + (1 << 16)));
      next.set(buf.subarray(end, have));
      const chunk = { bytes: buf.subarray(0, end), byteOffset: filePos - have };
      buf = next;
      have = rest;
      yield chunk;
      if (eof && rest === 0) return;
    }
  } finally {
    returnChunkBuffer(buf.buffer as ArrayBuffer);
    await fh.close();
  }
}
