// The engine's unit of data: a morsel is a batch of rows held as columns of typed arrays, with a sequence
// number that says where it sits in its stream. Nothing here is a per-row object, so a morsel crosses
// between threads by transferring (or sharing) its buffers.

export type DataType = 'int64' | 'float64' | 'bool' | 'date' | 'utf8';

export interface Field {
  name: string;
  type: DataType;
}

export type Schema = readonly Field[];

/**
 * Validity: Arrow's layout, one bit per row, least significant bit first, 1 = valid. Absent: no nulls.
 * Values under a null bit are unspecified (usually 0).
 */
export type Validity = Uint8Array | undefined;

/**
 * int64 is held in a Float64Array while every value of the column is within ±(2^53 − 1) — exact, and what
 * V8 computes fastest — and in a BigInt64Array otherwise. Kernels accept both; producers pick the first
 * whenever they can.
 */
export interface Int64Column {
  type: 'int64';
  length: number;
  values: Float64Array | BigInt64Array;
  validity: Validity;
}

export interface Float64Column {
  type: 'float64';
  length: number;
  values: Float64Array;
  validity: Validity;
}

/** One byte per value (0 or 1): simpler and faster to compute on than bits; validity stays a bitmap. */
export interface BoolColumn {
  type: 'bool';
  length: number;
  values: Uint8Array;
  validity: Validity;
}

/** Days since 1970-01-01 (Arrow's date32). */
export interface DateColumn {
  type: 'date';
  length: number;
  values: Int32Array;
  validity: Validity;
}

/** UTF-8: value i is bytes[offsets[i] .. offsets[i+1]) (Arrow's utf8 layout, length + 1 offsets). */
export interface Utf8Column {
  type: 'utf8';
  length: number;
  offsets: Int32Array;
  bytes: Uint8Array;
  validity: Validity;
}

export type Column = Int64Column | Float64Column | BoolColumn | DateColumn | Utf8Column;

export interface Morsel {
  /** Position in its stream: 0, 1, 2, … as read; a linearizer restores this order. */
  seq: number;
  length: number;
  schema: Schema;
  /** One per schema field, in schema order. */
  columns: Column[];
}

/** Rows per morsel unless configured: big enough to amortise per-morsel work, small enough for cache. */
export const DEFAULT_MORSEL_ROWS = 100_000;
