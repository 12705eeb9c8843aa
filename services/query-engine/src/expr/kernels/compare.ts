// Arithmetic and comparison kernels. The loops are generated once per (operator, shape) with new Function:
// one tight monomorphic loop each, instead of a switch per row or a closure call per row.
import type { BoolColumn, Column, Utf8Column, Validity } from '../../morsel/types.ts';
import { andValidity, bitmapBytes, normalizeValidity } from '../../morsel/validity.ts';
import type { ArithOp, CmpOp } from '../ast.ts';
import { isScalar, numericArray, type Scalar, type Val } from './values.ts';

type Loop = (out: Float64Array | Uint8Array, a: unknown, b: unknown, n: number) => void;
const loops = new Map<string, Loop>();

function loop(expr: string, aScalar: boolean, bScalar: boolean): Loop {
  const key = `${expr}|${aScalar}|${bScalar}`;
  let f = loops.get(key);
  if (!f) {
    const body = `for (let i = 0; i < n; i++) { const x = ${aScalar ? 'a' : 'a[i]'}; const y = ${bScalar ? 'b' : 'b[i]'}; out[i] = ${expr}; }`;
    f = new Function('out', 'a', 'b', 'n', body) as Loop;
    loops.set(key, f);
  }
  return f;
}

const ARITH: Record<ArithOp, string> = {
  '+': 'x + y',
  '-': 'x - y',
  '*': 'x * y',
  '/': 'x / y',
  '%': 'x % y',
};
const CMP: Record<CmpOp, string> = {
  '==': 'x === y ? 1 : 0',
  '!=': 'x !== y ? 1 : 0',
  '<': 'x < y ? 1 : 0',
  '<=': 'x <= y ? 1 : 0',
  '>': 'x > y ? 1 : 0',
  '>=': 'x >= y ? 1 : 0',
};

function operand(v: Val): { arr: unknown; scalar: boolean; validity: Validity; isNull: boolean } {
  if (isScalar(v)) {
    const x = v.value;
    const num = typeof x === 'boolean' ? (x ? 1 : 0) : typeof x === 'bigint' ? Number(x) : x;
    return { arr: num, scalar: true, validity: undefined, isNull: x === null };
  }
  return { arr: numericArray(v), scalar: false, validity: v.validity, isNull: false };
}

function nullResult(n: number): Validity {
  return new Uint8Array(bitmapBytes(n));
}

/** Integer results: int op int (not '/'). x % 0 is null, as in SQL. */
export function arith(op: ArithOp, a: Val, b: Val, n: number, intResult: boolean): Column {
  const A = operand(a);
  const B = operand(b);
  const out = new Float64Array(n);
  let validity = A.isNull || B.isNull ? nullResult(n) : andValidity(A.validity, B.validity, n);
  if (!(A.isNull || B.isNull)) loop(ARITH[op], A.scalar, B.scalar)(out, A.arr, B.arr, n);
  if (op === '%') {
    // modulo by zero: null (DuckDB), not NaN
    const bz = B.arr;
    for (let i = 0; i < n; i++) {
      const y = B.scalar ? (bz as number) : (bz as Float64Array)[i]!;
      if (y === 0) {
        validity ??= new Uint8Array(bitmapBytes(n)).fill(0xff);
        validity[i >> 3]! &= ~(1 << (i & 7));
      }
    }
  }
  if (intResult) return { type: 'int64', length: n, values: out, validity };
  return { type: 'float64', length: n, values: out, validity };
}

export function compareNumeric(op: CmpOp, a: Val, b: Val, n: number): BoolColumn {
  const A = operand(a);
  const B = operand(b);
  const out = new Uint8Array(n);
  if (A.isNull || B.isNull) return { type: 'bool', length: n, values: out, validity: nullResult(n) };
  loop(CMP[op], A.scalar, B.scalar)(out, A.arr, B.arr, n);
  return { type: 'bool', length: n, values: out, validity: andValidity(A.validity, B.validity, n) };
}

function cmpBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  const m = la < lb ? la : lb;
  for (let k = 0; k < m; k++) {
    const d = a[as + k]! - b[bs + k]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

const encoder = new TextEncoder();

/** Byte-wise comparison of UTF-8, which orders like code points (and like DuckDB without a collation). */
export function compareUtf8(
  op: CmpOp,
  a: Utf8Column | Scalar,
  b: Utf8Column | Scalar,
  n: number,
): BoolColumn {
  const out = new Uint8Array(n);
  const aS = isScalar(a);
  const bS = isScalar(b);
  if ((aS && a.value === null) || (bS && b.value === null))
    return { type: 'bool', length: n, values: out, validity: nullResult(n) };
  const ab = aS ? encoder.encode(String(a.value)) : a.bytes;
  const bb = bS ? encoder.encode(String(b.value)) : b.bytes;
  const ao = aS ? undefined : a.offsets;
  const bo = bS ? undefined : b.offsets;
  for (let i = 0; i < n; i++) {
    const c = cmpBytes(
      ab,
      ao ? ao[i]! : 0,
      ao ? ao[i + 1]! : ab.length,
      bb,
      bo ? bo[i]! : 0,
      bo ? bo[i + 1]! : bb.length,
    );
    out[i] =
      op === '=='
        ? +(c === 0)
        : op === '!='
          ? +(c !== 0)
          : op === '<'
            ? +(c < 0)
            : op === '<='
              ? +(c <= 0)
              : op === '>'
                ? +(c > 0)
                : +(c >= 0);
  }
  const validity = andValidity(aS ? undefined : a.validity, bS ? undefined : b.validity, n);
  return { type: 'bool', length: n, values: out, validity: normalizeValidity(validity, n) };
}
