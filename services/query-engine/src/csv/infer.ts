// Type inference from a sample of rows: the narrowest type every non-empty value fits.
import type { DataType } from '../morsel/types.ts';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BOOL = /^(true|false)$/i;

export function inferColumnType(values: string[], dates = false): DataType {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'utf8';
  if (present.every((v) => INT.test(v))) return 'int64';
  if (present.every((v) => FLOAT.test(v))) return 'float64';
  if (present.every((v) => BOOL.test(v))) return 'bool';
  if (dates && present.every((v) => DATE.test(v))) return 'date';
  return 'utf8';
}
