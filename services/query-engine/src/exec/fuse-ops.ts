// A stage's filters and projections compiled into the CSV row loop (a RowSink, csv/row-sink.ts): each row
// is parsed into locals, run through every operator as straight-line code, and written to the output
// columns only if it passes every filter. The column-at-a-time path allocates a column per expression
// node per morsel, then gathers the rows a filter keeps; for Q1 (running sum, weekday, filter, select)
// that was a quarter of a worker's time. Only a subset compiles, the one whose per-row semantics are
// plainly those of the column kernels: number and date columns (no int64 from the file: its exact
// arithmetic needs bigints), column references, number and boolean literals, float arithmetic,
// comparisons of numbers or of dates, and/or/not with SQL's three-valued logic, isNull, date parts
// and the cumSum of a float. Anything else runs column at a time, as before.
import type { DataType, Field, Morsel } from '../morsel/types.ts';
import type { ExprNode } from '../expr/ast.ts';
import type { ParseSpec } from '../csv/parse.ts';
import type { RowSink } from '../csv/row-sink.ts';
import { civilFromDays, isoWeekday } from '../morsel/dates.ts';
import { bitmapBytes, normalizeValidity } from '../morsel/validity.ts';
import type { OpSpec } from './protocol.ts';

/** A value inside the row code: a JS expression for it, one for its null flag, and its type. */
interface V {
  v: string;
  n: string;
  type: DataType;
}

export interface FusedOps {
  sink: RowSink;
  outputs: Field[];
}

const NUMERIC = new Set<DataType>(['float64', 'int64']);
const ARITH = new Set(['+', '-', '*', '/', '%']);
const CMP: Record<string, string> = { '==': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const PARTS = { year: 0, month: 1, day: 2 } as const;

class Unsupported extends Error {}

/** The row code for `ops` over the parsed columns, or undefined when some part does not compile. */
export function fuseOps(csv: ParseSpec, ops: OpSpec[]): FusedOps | undefined {
  if (csv.columns.some((c) => c.type !== 'float64' && c.type !== 'date')) return undefined;
  try {
    return compile(csv, ops);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

function compile(csv: ParseSpec, ops: OpSpec[]): FusedOps {
  const L: string[] = [];
  const prelude: string[] = [];
  let tmp = 0;
  let cums = 0;
  const fresh = () => `t${tmp++}`;
  /** Binds an expression to a const, so each node is computed once however often it is read. */
  const bind = (v: string, n: string, type: DataType): V => {
    const t = fresh();
    L.push(`const ${t} = ${v}, ${t}n = ${n};`);
    return { v: t, n: `${t}n`, type };
  };

  let env = new Map<string, V>(csv.columns.map((c, j) => [c.name, { v: `x${j}`, n: `n${j}`, type: c.type }]));

  const expr = (e: ExprNode): V => {
    switch (e.kind) {
      case 'col': {
        const v = env.get(e.name);
        if (!v) throw new Unsupported(e.name);
        return v;
      }
      case 'alias':
        return expr(e.expr);
      case 'lit': {
        if (e.type !== undefined) throw new Unsupported('typed literal');
        if (typeof e.value === 'boolean') return { v: e.value ? '1' : '0', n: 'false', type: 'bool' };
        if (typeof e.value !== 'number' || !Number.isFinite(e.value)) throw new Unsupported('literal');
        const text = Object.is(e.value, -0) ? '-0' : String(e.value);
        return { v: `(${text})`, n: 'false', type: Number.isInteger(e.value) ? 'int64' : 'float64' };
      }
      case 'binary': {
        // the column kernels evaluate the left side first: cumSum totals come out in that order
        const a = expr(e.left);
        const b = expr(e.right);
        if (e.op === 'and' || e.op === 'or') {
          if (a.type !== 'bool' || b.type !== 'bool') throw new Unsupported('logic');
          // 0 false, 1 true, 2 null
          const x = `(${a.n} ? 2 : ${a.v})`;
          const y = `(${b.n} ? 2 : ${b.v})`;
          const r = fresh();
          L.push(
            e.op === 'and'
              ? `const ${r} = (${x} === 0 || ${y} === 0) ? 0 : (${x} === 2 || ${y} === 2) ? 2 : 1;`
              : `const ${r} = (${x} === 1 || ${y} === 1) ? 1 : (${x} === 2 || ${y} === 2) ? 2 : 0;`,
          );
          return bind(`(${r} === 1 ? 1 : 0)`, `${r} === 2`, 'bool');
        }
        if (ARITH.has(e.op)) {
          if (!NUMERIC.has(a.type) || !NUMERIC.has(b.type)) throw new Unsupported('arith type');
          // int64 results keep their exact path (bigints beyond 2^53)
          if (e.op !== '/' && a.type !== 'float64' && b.type !== 'float64')
            throw new Unsupported('int arith');
          return bind(`${a.v} ${e.op} ${b.v}`, `${a.n} || ${b.n}`, 'float64');
        }
        const numeric = NUMERIC.has(a.type) && NUMERIC.has(b.type);
        const dates = a.type === 'date' && b.type === 'date';
        if (!numeric && !dates) throw new Unsupported('compare type');
        return bind(`(${a.v} ${CMP[e.op]!} ${b.v}) ? 1 : 0`, `${a.n} || ${b.n}`, 'bool');
      }
      case 'not': {
        const a = expr(e.expr);
        if (a.type !== 'bool') throw new Unsupported('not');
        return bind(`${a.v} ^ 1`, a.n, 'bool');
      }
      case 'isNull': {
        const a = expr(e.expr);
        return bind(e.negated ? `${a.n} ? 0 : 1` : `${a.n} ? 1 : 0`, 'false', 'bool');
      }
      case 'datePart': {
        const a = expr(e.expr);
        if (a.type !== 'date') throw new Unsupported('datePart');
        const v = e.part === 'weekday' ? `isoWeekday(${a.v})` : `civilFromDays(${a.v})[${PARTS[e.part]}]`;
        return bind(v, a.n, 'int64');
      }
      case 'cumSum': {
        const a = expr(e.expr);
        if (a.type !== 'float64') throw new Unsupported('cumSum type');
        const s = `cs${cums++}`;
        prelude.push(`let ${s} = 0;`);
        L.push(`if (!(${a.n})) ${s} += ${a.v};`);
        return bind(s, a.n, 'float64');
      }
      default:
        throw new Unsupported(e.kind);
    }
  };

  for (const op of ops) {
    if (op.op === 'filter') {
      const p = expr(op.predicate);
      if (p.type !== 'bool') throw new Unsupported('predicate');
      L.push(`if (${p.n} || ${p.v} !== 1) break sink;`);
    } else {
      const computed = op.exprs.map((e) => [e.name, expr(e.expr)] as const);
      const next = new Map(op.append ? env : []);
      // a replaced column keeps its place, a new one goes last (as withColumns does)
      for (const [name, v] of computed) next.set(name, v);
      env = next;
    }
  }

  const outputs = [...env].map(([name, v]) => ({ name, type: v.type }));
  L.push(`if (k === T.cap) { T.grow(k); ${outputs.map((_, i) => `o${i} = T.out[${i}];`).join(' ')} }`);
  [...env.values()].forEach((v, i) => L.push(`o${i}[k] = ${v.v}; if (${v.n}) T.setNull(${i}, k);`));
  L.push(`k++;`);
  prelude.push(
    `const isoWeekday = T.isoWeekday, civilFromDays = T.civilFromDays; let k = 0;`,
    ...outputs.map((_, i) => `let o${i} = T.out[${i}];`),
  );
  const cumList = Array.from({ length: cums }, (_, i) => `cs${i}`).join(', ');
  return {
    sink: {
      key: `ops:${JSON.stringify(csv.columns.map((c) => c.type))}:${JSON.stringify(ops)}`,
      prelude,
      row: L.join('\n'),
      end: `T.rows = k; T.cumTotals = [${cumList}];`,
    },
    outputs,
  };
}

/** The runtime side of a fused stage: output arrays the row code fills, grown as rows come. */
export class FusedOutput {
  out: (Float64Array | Int32Array | Uint8Array)[];
  validity: (Uint8Array | undefined)[];
  rows = 0;
  cumTotals: number[] = [];
  readonly isoWeekday = isoWeekday;
  readonly civilFromDays = civilFromDays;

  constructor(
    readonly outputs: Field[],
    public cap: number,
  ) {
    this.out = outputs.map((f) => this.array(f.type, cap));
    this.validity = outputs.map(() => undefined);
  }

  private array(type: DataType, n: number): Float64Array | Int32Array | Uint8Array {
    return type === 'date' ? new Int32Array(n) : type === 'bool' ? new Uint8Array(n) : new Float64Array(n);
  }

  grow(k: number): void {
    this.cap = Math.max(16, k * 2);
    this.out = this.out.map((a, i) => {
      const b = this.array(this.outputs[i]!.type, this.cap);
      b.set(a);
      return b;
    });
    this.validity = this.validity.map((v) => {
      if (!v) return undefined;
      const w = new Uint8Array(bitmapBytes(this.cap)).fill(0xff);
      w.set(v);
      return w;
    });
  }

  setNull(i: number, k: number): void {
    const v = (this.validity[i] ??= new Uint8Array(bitmapBytes(this.cap)).fill(0xff));
    v[k >> 3]! &= ~(1 << (k & 7));
  }

  morsel(seq: number): Morsel {
    const n = this.rows;
    return {
      seq,
      length: n,
      schema: this.outputs.map((f) => ({ ...f })),
      columns: this.outputs.map((f, i) => {
        let validity = this.validity[i]?.subarray(0, bitmapBytes(n));
        if (validity && n & 7) validity[validity.length - 1]! &= (1 << (n & 7)) - 1;
        validity = normalizeValidity(validity, n);
        // a morsel that keeps few of the rows should not carry the rest of the array along
        const all = this.out[i]!;
        const values = n < all.length / 2 ? all.slice(0, n) : all.subarray(0, n);
        return { type: f.type, length: n, values, validity } as Morsel['columns'][number];
      }),
    };
  }
}
