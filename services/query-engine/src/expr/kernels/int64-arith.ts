// int64 arithmetic in BigInt, for when the double kernels cannot be exact: an operand beyond 2^53 or a
// result that may be. Overflow of int64 is an error naming the operation, as in DuckDB.
import type { Int64Column, Validity } from '../../morsel/types.ts';
import { bitmapBytes, normalizeValidity } from '../../morsel/validity.ts';
import { INT64_MIN, inInt64, int64Column, overflow } from './int64.ts';
import { isScalar, type Val } from './values.ts';

export type IntArithOp = '+' | '-' | '*' | '%';

const NAME: Record<IntArithOp, string> = {
  '+': 'addition',
  '-': 'subtraction',
  '*': 'multiplication',
  '%': 'modulo',
};

function reader(v: Val): (i: number) => bigint {
  if (isScalar(v)) {
    const x = BigInt(v.value as number | bigint);
    return () => x;
  }
  const vals = (v as Int64Column).values;
  if (vals instanceof BigInt64Array) return (i) => vals[i]!;
  return (i) => BigInt(vals[i]!);
}

/** Both operands int64 and non-null literals; `validity` is the rows where both are valid. */
export function exactArith(op: IntArithOp, a: Val, b: Val, n: number, validity: Validity): Int64Column {
  const x = reader(a);
  const y = reader(b);
  const out = new Array<bigint>(n).fill(0n);
  let valid = validity;
  for (let i = 0; i < n; i++) {
    if (valid !== undefined && ((valid[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const p = x(i);
    const q = y(i);
    let r: bigint;
    if (op === '+') r = p + q;
    else if (op === '-') r = p - q;
    else if (op === '*') r = p * q;
    else if (q === 0n) {
      // modulo by zero: null, as in DuckDB (copied first: `valid` may be an input's bitmap)
      if (valid === validity) valid = validity ? validity.slice() : new Uint8Array(bitmapBytes(n)).fill(0xff);
      valid![i >> 3]! &= ~(1 << (i & 7));
      continue;
    } else if (p === INT64_MIN && q === -1n) overflow(`${NAME[op]}: ${p} % ${q}`);
    else r = p % q;
    if (!inInt64(r!)) overflow(`${NAME[op]}: ${p} ${op} ${q}`);
    out[i] = r!;
  }
  return int64Column(out, normalizeValidity(valid, n));
}
