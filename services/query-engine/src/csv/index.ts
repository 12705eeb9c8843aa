export * from './options.ts';
export { CsvError } from './errors.ts';
export { readLayout, readChunks, type CsvLayout, type CsvChunk } from './reader.ts';
export { parseCsvChunk, type ParseSpec } from './parse.ts';
export { returnChunkBuffer } from './buffers.ts';
