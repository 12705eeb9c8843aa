// The user-facing expression builder: a thin immutable wrapper over the JSON tree (Polars-style names).
import type { DataType } from '../morsel/types.ts';
import type { AggFn, ArithOp, BoolOp, CmpOp, DatePart, ExprNode } from './ast.ts';

export type ExprLike = Expr | number | bigint | string | boolean | null;

export function toNode(x: ExprLike): ExprNode {
  if (typeof x === 'bigint') return bigLiteral(x);
  return x instanceof Expr ? x.node : { kind: 'lit', value: x };
}

/** JSON has no bigint: an exact int64 literal travels as its decimal text, typed int64. */
function bigLiteral(x: bigint): Extract<ExprNode, { kind: 'lit' }> {
  return { kind: 'lit', value: x.toString(), type: 'int64' };
}

export class Expr {
  constructor(readonly node: ExprNode) {}

  private bin(op: ArithOp | CmpOp | BoolOp, other: ExprLike): Expr {
    return new Expr({ kind: 'binary', op, left: this.node, right: toNode(other) });
  }
  add(o: ExprLike): Expr {
    return this.bin('+', o);
  }
  sub(o: ExprLike): Expr {
    return this.bin('-', o);
  }
  mul(o: ExprLike): Expr {
    return this.bin('*', o);
  }
  div(o: ExprLike): Expr {
    return this.bin('/', o);
  }
  mod(o: ExprLike): Expr {
    return this.bin('%', o);
  }
  eq(o: ExprLike): Expr {
    return this.bin('==', o);
  }
  neq(o: ExprLike): Expr {
    return this.bin('!=', o);
  }
  lt(o: ExprLike): Expr {
    return this.bin('<', o);
  }
  lte(o: ExprLike): Expr {
    return this.bin('<=', o);
  }
  gt(o: ExprLike): Expr {
    return this.bin('>', o);
  }
  gte(o: ExprLike): Expr {
    return this.bin('>=', o);
  }
  and(o: ExprLike): Expr {
    return this.bin('and', o);
  }
  or(o: ExprLike): Expr {
    return this.bin('or', o);
  }
  not(): Expr {
    return new Expr({ kind: 'not', expr: this.node });
  }
  isNull(): Expr {
    return new Expr({ kind: 'isNull', expr: this.node, negated: false });
  }
  isNotNull(): Expr {
    return new Expr({ kind: 'isNull', expr: this.node, negated: true });
  }
  cast(to: DataType): Expr {
    return new Expr({ kind: 'cast', expr: this.node, to });
  }
  alias(name: string): Expr {
    return new Expr({ kind: 'alias', expr: this.node, name });
  }
  /** Running sum in stream order; null rows stay null and do not stop the sum. */
  cumSum(): Expr {
    return new Expr({ kind: 'cumSum', expr: this.node });
  }
  private agg(fn: AggFn): Expr {
    return new Expr({ kind: 'agg', fn, expr: this.node });
  }
  sum(): Expr {
    return this.agg('sum');
  }
  /** Non-null values (use `len()` for rows). */
  count(): Expr {
    return this.agg('count');
  }
  mean(): Expr {
    return this.agg('mean');
  }
  min(): Expr {
    return this.agg('min');
  }
  max(): Expr {
    return this.agg('max');
  }
  get str(): { toDate(format?: string): Expr } {
    return { toDate: (format = '%Y-%m-%d') => new Expr({ kind: 'toDate', expr: this.node, format }) };
  }
  get dt(): Record<DatePart, () => Expr> {
    const part = (p: DatePart) => () => new Expr({ kind: 'datePart', part: p, expr: this.node });
    return { weekday: part('weekday'), day: part('day'), month: part('month'), year: part('year') };
  }
  toJSON(): ExprNode {
    return this.node;
  }
}

export function col(name: string): Expr {
  return new Expr({ kind: 'col', name });
}

/** A bigint is an exact int64 literal (beyond 2^53 too). */
export function lit(value: number | bigint | string | boolean | null, type?: DataType): Expr {
  if (typeof value === 'bigint') return new Expr(type ? { ...bigLiteral(value), type } : bigLiteral(value));
  return new Expr(type ? { kind: 'lit', value, type } : { kind: 'lit', value });
}

export function len(): Expr {
  return new Expr({ kind: 'len' });
}
