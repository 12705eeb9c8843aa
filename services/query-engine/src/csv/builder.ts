// One output column of the CSV parser while a chunk is parsed: typed arrays sized from an estimate of the
// rows, grown if it falls short, turned into a morsel column at the end.
import type { Column, DataType } from '../morsel/types.ts';
import { bitmapBytes } from '../morsel/validity.ts';

export /** Accumulates one output column; arrays are sized from an estimate of the rows and grown if it falls short. */
class Builder {
  num: Float64Array | undefined;
  i32: Int32Array | undefined;
  u8: Uint8Array | undefined;
  offsets: Int32Array | undefined;
  bytes: Uint8Array | undefined;
  bytePos = 0;
  validity: Uint8Array | undefined;
  big: Map<number, bigint> | undefined;

  constructor(
    readonly type: DataType,
    public cap: number,
    chunkBytes: number,
  ) {
    if (type === 'int64' || type === 'float64') this.num = new Float64Array(cap);
    else if (type === 'date') this.i32 = new Int32Array(cap);
    else if (type === 'bool') this.u8 = new Uint8Array(cap);
    else {
      this.offsets = new Int32Array(cap + 1);
      this.bytes = new Uint8Array(chunkBytes);
    }
  }

  /** More rows than the estimate: double every array (rare, the estimate has slack). */
  grow(cap: number): void {
    const more = <T extends Float64Array | Int32Array | Uint8Array>(
      a: T | undefined,
      n: number,
    ): T | undefined => {
      if (a === undefined) return undefined;
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.num = more(this.num, cap);
    this.i32 = more(this.i32, cap);
    this.u8 = more(this.u8, cap);
    this.offsets = more(this.offsets, cap + 1);
    if (this.validity) {
      const v = new Uint8Array(bitmapBytes(cap)).fill(0xff);
      v.set(this.validity);
      this.validity = v;
    }
    this.cap = cap;
  }

  setNull(row: number): void {
    if (this.validity === undefined) {
      this.validity = new Uint8Array(bitmapBytes(this.cap)).fill(0xff);
    }
    this.validity[row >> 3]! &= ~(1 << (row & 7));
    if (this.offsets) this.offsets[row + 1] = this.bytePos;
  }

  finish(rows: number): Column {
    const validity = this.validity?.subarray(0, bitmapBytes(rows));
    if (validity && rows & 7) validity[validity.length - 1]! &= (1 << (rows & 7)) - 1;
    switch (this.type) {
      case 'int64': {
        let values: Float64Array | BigInt64Array = this.num!.subarray(0, rows);
        if (this.big) {
          const b = BigInt64Array.from(values, (x) => BigInt(x));
          for (const [r, v] of this.big) b[r] = v;
          values = b;
        }
        return { type: 'int64', length: rows, values, validity };
      }
      case 'float64':
        return { type: 'float64', length: rows, values: this.num!.subarray(0, rows), validity };
      case 'date':
        return { type: 'date', length: rows, values: this.i32!.subarray(0, rows), validity };
      case 'bool':
        return { type: 'bool', length: rows, values: this.u8!.subarray(0, rows), validity };
      case 'utf8':
        return {
          type: 'utf8',
          length: rows,
          offsets: this.offsets!.subarray(0, rows + 1),
          // sized for the whole chunk; a morsel that keeps much less should not carry the rest along
          bytes:
            this.bytePos < this.bytes!.length / 2
              ? this.bytes!.slice(0, this.bytePos)
              : this.bytes!.subarray(0, this.bytePos),
          validity,
        };
    }
  }
}
