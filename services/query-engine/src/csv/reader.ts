// The I/O side of a CSV scan, on the main event loop: reads the file in blocks and cuts it into chunks
// that start and end on row boundaries (quote-aware, so a newline inside quotes never splits a row).
// Each chunk is a fresh buffer, transferred to a worker that parses it.
import { open, type FileHandle } from 'node:fs/promises';
import type { DataType, Field } from '../morsel/types.ts';
import { CsvError } from './errors.ts';
import { inferColumnType } from './infer.ts';
import { resolveCsvOptions, type CsvOptions, type ResolvedCsvOptions } from './options.ts';
import { readRecords } from './records.ts';

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
  try {
    const buf = Buffer.allocUnsafe(SAMPLE_BYTES);
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
    await fh.close();
  }
}

/**
 * Chunks of about `targetBytes` each, every one ending just after a row's newline (or at end of file).
 * Reading ahead is bounded by the caller pulling: the next block is read only when a chunk is asked for.
 */
export async function* readChunks(
  layout: CsvLayout,
  targetBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<CsvChunk> {
  const fh = await open(layout.path, 'r');
  const Q = layout.options.quote;
  const blockBytes = Math.max(1 << 16, Math.min(targetBytes * 2, 1 << 24));
  try {
    let buf = new Uint8Array(0);
    let bufStart = layout.dataOffset;
    let filePos = layout.dataOffset;
    let eof = false;
    const fill = async () => {
      const block = Buffer.allocUnsafe(blockBytes);
      const { bytesRead } = await fh.read(block, 0, blockBytes, filePos);
      if (bytesRead === 0) {
        eof = true;
        return;
      }
      filePos += bytesRead;
      const next = new Uint8Array(buf.length + bytesRead);
      next.set(buf);
      next.set(block.subarray(0, bytesRead), buf.length);
      buf = next;
    };
    let scanned = 0; // bytes of buf already known to hold no row end past the target
    let quoteParity = 0;
    while (true) {
      if (signal?.aborted) return;
      // find the first row end at or after targetBytes (quote-aware)
      let end = -1;
      for (;;) {
        const from = Math.max(scanned, 0);
        const hasQuote = buf.indexOf(Q, from) !== -1 || quoteParity === 1;
        if (!hasQuote) {
          const k = buf.indexOf(10, Math.max(from, targetBytes - 1));
          if (k !== -1) {
            end = k + 1;
            break;
          }
          scanned = Math.max(from, buf.length);
        } else {
          let k = from;
          for (; k < buf.length; k++) {
            const c = buf[k]!;
            if (c === Q) quoteParity ^= 1;
            else if (c === 10 && quoteParity === 0 && k >= targetBytes - 1) break;
          }
          scanned = k;
          if (k < buf.length) {
            end = k + 1;
            break;
          }
        }
        if (eof) break;
        await fill();
      }
      if (end === -1) end = buf.length;
      if (end === 0) return;
      const chunk = buf.slice(0, end);
      yield { bytes: chunk, byteOffset: bufStart };
      bufStart += end;
      buf = buf.subarray(end);
      scanned = 0;
      quoteParity = 0;
      if (buf.length === 0 && eof) return;
    }
  } finally {
    await fh.close();
  }
}
