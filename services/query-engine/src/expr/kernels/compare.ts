// Arithmetic and comparison kernels. The loops are generated once per (operator, shape) with new Function:
// one tight monomorphic loop each, instead of a switch per row or a closure call per row. int64 runs on
// doubles while that is provably exact and falls back to BigInt (./int64-arith.ts) when it is not.
import type { BoolColumn, Column, Utf8Column, Validity } from '../../morsel/types.ts';
import { andValidity, bitmapBytes, normalizeValidity } from '../../morsel/validity.ts';
import type { ArithOp, CmpOp } from '../ast.ts';
import { isScalar, isSmallInt, numericArray, type Scalar, type Val } from './values.ts';
import { exactArith, type IntArithOp } from './int64-arith.ts';
import { MAX_SAFE } from './int64.ts';

/** Returns 1 when a checked loop saw a result beyond ±(2^53 − 1) (then possibly rounded). */
type Loop = (out: Float64Array | Uint8Array, a: unknown, b: unknown, n: number) => number;
const loops = new Map<string, Loop>();

function loop(expr: string, aScalar: boolean, bScalar: boolean, checked = false): Loop {
  const key = `${expr}|${aScalar}|${bScalar}|${checked}`;
  let f = loops.get(key);
  if (!f) {
    const x = aScalar ? 'a' : 'a[i]';
    const y = bScalar ? 'b' : 'b[i]';
    const body = checked
      ? `let big = 0; for (let i = 0; i < n; i++) { const x = ${x}; const y = ${y}; const r = ${expr}; out[i] = r; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) big = 1; } return big;`
      : `for (let i = 0; i < n; i++) { const x = ${x}; const y = ${y}; out[i] = ${expr}; } return 0;`;
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
/**
 * For int64 with bigints involved: == between a bigint and a number compares values, < and > are exact.
 * Spelled apart from CMP so these loops are separate functions and the double ones stay monomorphic.
 */
const CMP_EXACT: Record<CmpOp, string> = {
  '==': '(x == y) ? 1 : 0',
  '!=': '(x != y) ? 1 : 0',
  '<': '(x < y) ? 1 : 0',
  '<=': '(x <= y) ? 1 : 0',
  '>': '(x > y) ? 1 : 0',
  '>=': '(x >= y) ? 1 : 0',
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

/**
 * Integer results: int op int (not '/'), exact or an overflow error. x % 0 is null, as in SQL. Products,
 * sums and differences of safe integers are exact whenever the double result is itself safe, so the double
 * loop only has to notice a result beyond 2^53 to hand the work to BigInt.
 */
export function arith(op: ArithOp, a: Val, b: Val, n: number, intResult: boolean): Column {
  const isNull = (isScalar(a) && a.value === null) || (isScalar(b) && b.value === null);
  if (intResult && op !== '/' && !isNull && !(isSmallInt(a) && isSmallInt(b))) {
    const both = andValidity(isScalar(a) ? undefined : a.validity, isScalar(b) ? undefined : b.validity, n);
    return exactArith(op, a, b, n, both);
  }
  const A = operand(a);
  const B = operand(b);
  const out = new Float64Array(n);
  if (isNull)
    return { type: intResult ? 'int64' : 'float64', length: n, values: out, validity: nullResult(n) };
  let validity = andValidity(A.validity, B.validity, n);
  const checked = intResult && op !== '%' && op !== '/';
  if (loop(ARITH[op], A.scalar, B.scalar, checked)(out, A.arr, B.arr, n))
    return exactArith(op as IntArithOp, a, b, n, validity);
  if (op === '%') validity = nullOnZero(B, validity, n);
  if (intResult) return { type: 'int64', length: n, values: out, validity };
  return { type: 'float64', length: n, values: out, validity };
}

/** Modulo by zero is null (DuckDB), not NaN. Never writes into an input's bitmap. */
function nullOnZero(B: ReturnType<typeof operand>, validity: Validity, n: number): Validity {
  let out: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const y = B.scalar ? (B.arr as number) : (B.arr as Float64Array)[i]!;
    if (y === 0) {
      out ??= validity ? validity.slice() : new Uint8Array(bitmapBytes(n)).fill(0xff);
      out[i >> 3]! &= ~(1 << (i & 7));
    }
  }
  return out ?? validity;
}

export function compareNumeric(op: CmpOp, a: Val, b: Val, n: number): BoolColumn {
  const out = new Uint8Array(n);
  const aNull = isScalar(a) && a.value === null;
  const bNull = isScalar(b) && b.value === null;
  if (aNull || bNull) return { type: 'bool', length: n, values: out, validity: nullResult(n) };
  const validity = andValidity(isScalar(a) ? undefined : a.validity, isScalar(b) ? undefined : b.validity, n);
  if (a.type === 'int64' && b.type === 'int64' && !(isSmallInt(a) && isSmallInt(b))) {
    // int64 against int64 compares exactly (JS compares a bigint with a number by value); int64 against
    // float64 compares as doubles below, as DuckDB does
    const raw = (v: Val) => (isScalar(v) ? v.value : (v as Extract<Column, { type: 'int64' }>).values);
    loop(CMP_EXACT[op], isScalar(a), isScalar(b))(out, raw(a), raw(b), n);
    return { type: 'bool', length: n, values: out, validity };
  }
  const A = operand(a);
  const B = operand(b);
  loop(CMP[op], A.scalar, B.scalar)(out, A.arr, B.arr, n);
  return { type: 'bool', length: n, values: out, validity };
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
