// A worker only knows byte offsets; turning one into a line number means reading the file up to it, which
// is done only on the error path, on the main thread.
import { open } from 'node:fs/promises';

export interface CsvErrorInfo {
  byteOffset: number;
  /** 0-based field index in the file, -1 when the problem is the row as a whole. */
  field: number;
  column?: string;
  message: string;
}

export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    message: string,
    readonly path: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** The raw error a parser throws (inside a worker): positions as bytes, resolved by `resolveCsvError`. */
export class CsvParseFailure extends Error {
  override name = 'CsvParseFailure';
  constructor(readonly info: CsvErrorInfo) {
    super(info.message);
  }
}

export async function lineOfOffset(path: string, offset: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    let pos = 0;
    while (pos < offset) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, offset - pos), pos);
      if (bytesRead === 0) break;
      for (let k = buf.indexOf(10, 0); k !== -1 && k < bytesRead; k = buf.indexOf(10, k + 1)) line++;
      pos += bytesRead;
    }
    return line;
  } finally {
    await fh.close();
  }
}

export async function resolveCsvError(path: string, info: CsvErrorInfo): Promise<CsvError> {
  const line = await lineOfOffset(path, info.byteOffset);
  const col =
    info.field >= 0
      ? `, column ${info.field + 1}${info.column ? ` (${JSON.stringify(info.column)})` : ''}`
      : '';
  return new CsvError(`${path}: line ${line}${col}: ${info.message}`, path, line, info.field + 1);
}
