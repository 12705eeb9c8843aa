// Vectorised evaluation: each node turns whole columns into a whole column. Types were checked by
// inferType before any data flowed, so the dispatch here trusts them.
import type { Column, Morsel } from '../morsel/types.ts';
import { bitmapBytes, isValid } from '../morsel/validity.ts';
import { civilFromDays, isoWeekday } from '../morsel/dates.ts';
import { exprToString, type CmpOp, type ExprNode } from './ast.ts';
import { DataError } from './errors.ts';
import { arith, compareNumeric, compareUtf8 } from './kernels/compare.ts';
import { kleene, not } from './kernels/logic.ts';
import { cast } from './kernels/cast.ts';
import { toDate } from './kernels/todate.ts';
import { localCumSum } from './kernels/cumsum.ts';
import { broadcast, isScalar, type Scalar, type Val } from './kernels/values.ts';
import { normalizeBig } from './kernels/int64.ts';
import { columnFromValues } from '../morsel/rows.ts';

export interface EvalContext {
  /**
   * Called with each cumSum's local total, in evaluation order: a number, or a bigint for an int64 total
   * beyond 2^53. (Method syntax: callers that only declare `number` still type-check; totals cross
   * threads by structured clone, which keeps bigints.)
   */
  onCumTotal?(total: number | bigint): void;
}

function litScalar(e: Extract<ExprNode, { kind: 'lit' }>): Scalar {
  const v = e.value;
  if (e.type) {
    if (v === null) return { scalar: true, type: e.type, value: null };
    const c = cast(
      columnFromValues(typeof v === 'string' ? 'utf8' : typeof v === 'boolean' ? 'bool' : 'float64', [v]),
      e.type,
    );
    return { scalar: true, type: e.type, value: scalarOf(c) };
  }
  if (v === null) return { scalar: true, type: 'int64', value: null };
  if (typeof v === 'number')
    return { scalar: true, type: Number.isInteger(v) ? 'int64' : 'float64', value: v };
  if (typeof v === 'boolean') return { scalar: true, type: 'bool', value: v };
  return { scalar: true, type: 'utf8', value: v };
}

function scalarOf(c: Column): Scalar['value'] {
  if (!isValid(c.validity, 0)) return null;
  if (c.type === 'utf8') return new TextDecoder().decode(c.bytes.subarray(c.offsets[0], c.offsets[1]));
  if (c.type === 'bool') return c.values[0] === 1;
  const v = c.values[0]!;
  return typeof v === 'bigint' ? normalizeBig(v) : v;
}

function asColumn(v: Val, n: number): Column {
  return isScalar(v) ? broadcast(v, n) : v;
}

export function evaluate(e: ExprNode, m: Morsel, ctx: EvalContext = {}): Val {
  const n = m.length;
  switch (e.kind) {
    case 'col': {
      const j = m.schema.findIndex((f) => f.name === e.name);
      if (j < 0) throw new DataError(`column ${JSON.stringify(e.name)} missing at run time`);
      return m.columns[j]!;
    }
    case 'lit':
      return litScalar(e);
    case 'alias':
      return evaluate(e.expr, m, ctx);
    case 'binary': {
      const a = evaluate(e.left, m, ctx);
      const b = evaluate(e.right, m, ctx);
      if (e.op === 'and' || e.op === 'or') return kleene(e.op, a, b, n);
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '%') {
        const intResult = e.op !== '/' && a.type !== 'float64' && b.type !== 'float64';
        const op = e.op;
        return withPlace(e, () => arith(op, a, b, n, intResult));
      }
      return compare(e.op, a, b, n);
    }
    case 'not': {
      const a = evaluate(e.expr, m, ctx);
      if (isScalar(a)) return { scalar: true, type: 'bool', value: a.value === null ? null : !a.value };
      return not(a as Extract<Column, { type: 'bool' }>);
    }
    case 'isNull': {
      const a = evaluate(e.expr, m, ctx);
      if (isScalar(a)) return { scalar: true, type: 'bool', value: (a.value === null) !== e.negated };
      const values = new Uint8Array(n);
      const want = e.negated ? 1 : 0;
      for (let i = 0; i < n; i++) values[i] = +isValid(a.validity, i) === want ? 1 : 0;
      return { type: 'bool', length: n, values, validity: undefined };
    }
    case 'cast': {
      const a = evaluate(e.expr, m, ctx);
      if (isScalar(a)) return { scalar: true, type: e.to, value: scalarOf(cast(broadcast(a, 1), e.to)) };
      return withPlace(e, () => cast(a, e.to));
    }
    case 'toDate': {
      const a = asColumn(evaluate(e.expr, m, ctx), n);
      if (a.type !== 'utf8')
        return { type: 'date', length: n, values: new Int32Array(n), validity: nulls(n) };
      return withPlace(e, () => toDate(a, e.format));
    }
    case 'datePart': {
      const a = asColumn(evaluate(e.expr, m, ctx), n) as Extract<Column, { type: 'date' }>;
      const values = new Float64Array(n);
      const src = a.values;
      if (e.part === 'weekday') for (let i = 0; i < n; i++) values[i] = isoWeekday(src[i]!);
      else {
        const k = e.part === 'year' ? 0 : e.part === 'month' ? 1 : 2;
        for (let i = 0; i < n; i++) values[i] = civilFromDays(src[i]!)[k]!;
      }
      return { type: 'int64', length: n, values, validity: a.validity };
    }
    case 'cumSum': {
      const { column, total } = localCumSum(asColumn(evaluate(e.expr, m, ctx), n));
      ctx.onCumTotal?.(total);
      return column;
    }
    case 'agg':
    case 'len':
      throw new DataError(`aggregate ${exprToString(e)} is only allowed inside groupBy().agg()`);
  }
}

function nulls(n: number): Uint8Array | undefined {
  return n === 0 ? undefined : new Uint8Array(bitmapBytes(n));
}

function withPlace<T>(e: ExprNode, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DataError) throw new DataError(`${err.message} (in ${exprToString(e)})`);
    throw err;
  }
}

function compare(op: CmpOp, a: Val, b: Val, n: number): Column {
  // A string literal against a date compares as a date.
  if (a.type === 'date' && b.type === 'utf8' && isScalar(b)) b = dateScalar(b);
  if (b.type === 'date' && a.type === 'utf8' && isScalar(a)) a = dateScalar(a);
  if (a.type === 'utf8' && b.type === 'utf8')
    return compareUtf8(op, a as Extract<Column, { type: 'utf8' }>, b as Extract<Column, { type: 'utf8' }>, n);
  return compareNumeric(op, a, b, n);
}

function dateScalar(s: Scalar): Scalar {
  if (s.value === null) return { scalar: true, type: 'date', value: null };
  return { scalar: true, type: 'date', value: scalarOf(cast(broadcast(s, 1), 'date')) };
}

export function evaluateColumn(e: ExprNode, m: Morsel, ctx?: EvalContext): Column {
  return asColumn(evaluate(e, m, ctx), m.length);
}

/** Row mask of a predicate: null counts as false, as in SQL WHERE. */
export function selection(pred: Column): { idx: Uint32Array; count: number } {
  const n = pred.length;
  const idx = new Uint32Array(n);
  let k = 0;
  if (pred.type !== 'bool') throw new DataError('filter predicate is not bool');
  const v = pred.values;
  const valid = pred.validity;
  if (valid === undefined)
    for (let i = 0; i < n; i++) {
      // branch-free: write every index, advance only past selected rows
      idx[k] = i;
      k += v[i]!;
    }
  else for (let i = 0; i < n; i++) if (v[i] === 1 && isValid(valid, i)) idx[k++] = i;
  return { idx, count: k };
}
