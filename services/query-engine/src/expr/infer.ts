// Static typing of expressions against a schema, so a bad query fails before any data is read, with a
// message that names the expression and what was available.
import type { DataType, Schema } from '../morsel/types.ts';
import { exprToString, type ExprNode } from './ast.ts';
import { QueryError } from './errors.ts';
import { checkDateFormat } from '../morsel/date-format.ts';

/** 'null' is the type of an untyped null literal: it adopts the type of whatever it meets. */
export type InferredType = DataType | 'null';

const numeric = (t: InferredType) => t === 'int64' || t === 'float64' || t === 'null';

export function inferType(e: ExprNode, schema: Schema, where = 'expression'): InferredType {
  const bad = (msg: string): never => {
    throw new QueryError(`type error in ${where}: ${msg} in ${exprToString(e)}`);
  };
  switch (e.kind) {
    case 'col': {
      const f = schema.find((x) => x.name === e.name);
      if (!f)
        throw new QueryError(
          `unknown column ${JSON.stringify(e.name)} in ${where}; available columns: ${schema.map((x) => x.name).join(', ') || '(none)'}`,
        );
      return f.type;
    }
    case 'lit':
      if (e.type) return e.type;
      if (e.value === null) return 'null';
      if (typeof e.value === 'number') return Number.isInteger(e.value) ? 'int64' : 'float64';
      if (typeof e.value === 'boolean') return 'bool';
      return 'utf8';
    case 'len':
      return 'int64';
    case 'alias':
      return inferType(e.expr, schema, where);
    case 'binary': {
      const l = inferType(e.left, schema, where);
      const r = inferType(e.right, schema, where);
      if (e.op === 'and' || e.op === 'or') {
        if ((l === 'bool' || l === 'null') && (r === 'bool' || r === 'null')) return 'bool';
        return bad(`'${e.op}' needs bool operands, got ${l} and ${r}`);
      }
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        if (!numeric(l) || !numeric(r)) return bad(`'${e.op}' needs numeric operands, got ${l} and ${r}`);
        if (e.op === '/') return 'float64';
        if (l === 'float64' || r === 'float64') return 'float64';
        return 'int64';
      }
      if (comparable(l, r, e.left, e.right)) return 'bool';
      return bad(`cannot compare ${l} with ${r}`);
    }
    case 'not': {
      const t = inferType(e.expr, schema, where);
      if (t !== 'bool' && t !== 'null') bad(`'not' needs bool, got ${t}`);
      return 'bool';
    }
    case 'isNull':
      inferType(e.expr, schema, where);
      return 'bool';
    case 'cast': {
      const t = inferType(e.expr, schema, where);
      const ok =
        t === 'null' ||
        t === e.to ||
        e.to === 'utf8' ||
        t === 'utf8' ||
        (['int64', 'float64', 'bool'].includes(t) && ['int64', 'float64', 'bool'].includes(e.to)) ||
        (t === 'date' && e.to === 'int64') ||
        (t === 'int64' && e.to === 'date');
      if (!ok) bad(`cannot cast ${t} to ${e.to}`);
      return e.to;
    }
    case 'toDate': {
      const t = inferType(e.expr, schema, where);
      if (t !== 'utf8' && t !== 'null') bad(`str.toDate needs a utf8 column, got ${t}`);
      const problem = checkDateFormat(e.format);
      if (problem) bad(`bad date format ${JSON.stringify(e.format)}: ${problem}`);
      return 'date';
    }
    case 'datePart': {
      const t = inferType(e.expr, schema, where);
      if (t !== 'date' && t !== 'null') bad(`dt.${e.part} needs a date, got ${t}`);
      return 'int64';
    }
    case 'cumSum': {
      const t = inferType(e.expr, schema, where);
      if (t === 'null') return 'int64';
      if (t !== 'int64' && t !== 'float64') bad(`cumSum needs a numeric column, got ${t}`);
      return t;
    }
    case 'agg': {
      const t = inferType(e.expr, schema, where);
      if (e.fn === 'count') return 'int64';
      if (e.fn === 'mean') {
        if (!numeric(t)) bad(`mean needs a numeric column, got ${t}`);
        return 'float64';
      }
      if (e.fn === 'sum') {
        if (!numeric(t)) bad(`sum needs a numeric column, got ${t}`);
        return t === 'null' ? 'int64' : t;
      }
      if (t === 'utf8') bad(`${e.fn} of utf8 is not supported`);
      return t === 'null' ? 'int64' : t;
    }
  }
}

function comparable(l: InferredType, r: InferredType, le: ExprNode, re: ExprNode): boolean {
  if (l === 'null' || r === 'null') return true;
  if (numeric(l) && numeric(r)) return true;
  if (l === r) return true;
  // A string literal next to a date reads as a date: col('d').gt('2024-01-01').
  const isStrLit = (e: ExprNode) => e.kind === 'lit' && typeof e.value === 'string';
  return (l === 'date' && isStrLit(re)) || (r === 'date' && isStrLit(le));
}

export function concreteType(t: InferredType): DataType {
  return t === 'null' ? 'int64' : t;
}
