// Hash aggregation. Each worker folds the morsels it sees into its own GroupState (no locks, no sharing);
// at the end each state is exported as a small morsel of partial results and the main thread merges them.
// Partial layout per aggregate: (acc, n, exact): acc the double accumulator (sum, or min/max), typed int64
// when the aggregate is over int64 and so exact; n the count; exact, as decimal text, what a double cannot
// hold (a sum's BigInt carry, a min/max beyond 2^53), else null. int64 keys beyond 2^53 group by their
// exact value.
import type { Column, DataType, Field, Int64Column, Morsel } from '../morsel/types.ts';
import { columnFromValues, utf8At, valueAt, type Value } from '../morsel/rows.ts';
import { isValid } from '../morsel/validity.ts';
import { evaluateColumn } from '../expr/eval.ts';
import { exprToString } from '../expr/ast.ts';
import { DataError } from '../expr/errors.ts';
import { numericArray } from '../expr/kernels/values.ts';
import { inInt64, isSafeBig } from '../expr/kernels/int64.ts';
import { ExactExtremes, ExactSums } from '../expr/kernels/int64-agg.ts';
import { sumIntoGroups } from '../expr/kernels/group-sum.ts';
import type { AggSpec } from './protocol.ts';
import type { FoldTarget } from '../csv/row-fold.ts';

const DENSE = 1 << 16;

class Grow {
  a: Float64Array;
  constructor(
    cap: number,
    readonly fill = 0,
  ) {
    this.a = new Float64Array(cap).fill(fill);
  }
  ensure(n: number): void {
    if (n <= this.a.length) return;
    const b = new Float64Array(Math.max(n, this.a.length * 2)).fill(this.fill);
    b.set(this.a);
    this.a = b;
  }
}

export class GroupState {
  private groups = 0;
  private keyValues: Value[][];
  private dense: Int32Array | undefined;
  private map = new Map<number | bigint | string, number>();
  private nullGroup = -1;
  private sums: Grow[];
  private counts: Grow[];
  private keyTypes: DataType[] | undefined;
  private valueTypes: (DataType | undefined)[];
  /** Set for sum/mean/min/max over int64: the exact part of the state. */
  private exact: (ExactSums | ExactExtremes | undefined)[];

  constructor(readonly spec: AggSpec) {
    this.keyValues = spec.keys.map(() => []);
    this.sums = spec.aggs.map(
      (a) => new Grow(16, a.fn === 'min' ? Infinity : a.fn === 'max' ? -Infinity : 0),
    );
    this.counts = spec.aggs.map(() => new Grow(16));
    this.valueTypes = spec.aggs.map(() => undefined);
    this.exact = spec.aggs.map(() => undefined);
    if (spec.keys.length === 0) this.newGroup([]);
  }

  private newGroup(key: Value[]): number {
    const g = this.groups++;
    key.forEach((v, j) => this.keyValues[j]!.push(v));
    for (const s of this.sums) s.ensure(this.groups);
    for (const c of this.counts) c.ensure(this.groups);
    return g;
  }

  /** The state as the fused scan + group-by loop writes it (csv/row-fold.ts); one int64 key. */
  foldTarget(keyType: DataType): FoldTarget {
    this.keyTypes ??= [keyType];
    return {
      dense: (this.dense ??= new Int32Array(DENSE).fill(-1)),
      sums: this.sums,
      counts: this.counts,
      group: (k) => this.groupOfKey(k),
      nullGroup: () => (this.nullGroup < 0 ? (this.nullGroup = this.newGroup([null])) : this.nullGroup),
    };
  }

  /** The group of one int64 key, as assignBig finds it: exact beyond 2^53, a number below. */
  private groupOfKey(k: number | bigint): number {
    const x = typeof k === 'bigint' && isSafeBig(k) ? Number(k) : k;
    if (typeof x === 'number' && x >= 0 && x < DENSE && (x | 0) === x) {
      const d = (this.dense ??= new Int32Array(DENSE).fill(-1));
      let g = d[x]!;
      if (g < 0) g = d[x] = this.newGroup([x]);
      return g;
    }
    let g = this.map.get(x);
    if (g === undefined) this.map.set(x, (g = this.newGroup([x])));
    return g;
  }

  /** Group id of every row. */
  private assign(keys: Column[], n: number): Int32Array {
    const gid = new Int32Array(n);
    if (keys.length === 0) return gid;
    const k0 = keys[0]!;
    if (keys.length === 1 && k0.type === 'int64' && k0.values instanceof BigInt64Array)
      return this.assignBig(k0 as Int64Column & { values: BigInt64Array }, n);
    if (keys.length === 1 && k0.type !== 'utf8') {
      const vals = numericArray(k0);
      const v = k0.validity;
      const d = (this.dense ??= new Int32Array(DENSE).fill(-1));
      for (let i = 0; i < n; i++) {
        if (v !== undefined && ((v[i >> 3]! >> (i & 7)) & 1) === 0) {
          if (this.nullGroup < 0) this.nullGroup = this.newGroup([null]);
          gid[i] = this.nullGroup;
          continue;
        }
        const x = vals[i]!;
        if (x >= 0 && x < DENSE && (x | 0) === x) {
          let g = d[x]!;
          if (g < 0) g = d[x] = this.newGroup([valueAt(k0, i)]);
          gid[i] = g;
        } else {
          let g = this.map.get(x);
          if (g === undefined) this.map.set(x, (g = this.newGroup([valueAt(k0, i)])));
          gid[i] = g;
        }
      }
      return gid;
    }
    for (let i = 0; i < n; i++) {
      const kv = keys.map((c) => valueAt(c, i));
      const s = JSON.stringify(kv.map((x) => (typeof x === 'bigint' ? `${x}n` : x)));
      let g = this.map.get(s);
      if (g === undefined) this.map.set(s, (g = this.newGroup(kv)));
      gid[i] = g;
    }
    return gid;
  }

  /** One int64 key that needs bigints: safe values take the number path, so both forms meet. */
  private assignBig(k0: Int64Column & { values: BigInt64Array }, n: number): Int32Array {
    const gid = new Int32Array(n);
    const vals = k0.values;
    for (let i = 0; i < n; i++) {
      if (!isValid(k0.validity, i)) {
        if (this.nullGroup < 0) this.nullGroup = this.newGroup([null]);
        gid[i] = this.nullGroup;
        continue;
      }
      const b = vals[i]!;
      const x = isSafeBig(b) ? Number(b) : b;
      const d =
        typeof x === 'number' && x >= 0 && x < DENSE
          ? (this.dense ??= new Int32Array(DENSE).fill(-1))
          : undefined;
      let g = d ? d[x as number]! : (this.map.get(x) ?? -1);
      if (g < 0) {
        g = this.newGroup([x]);
        if (d) d[x as number] = g;
        else this.map.set(x, g);
      }
      gid[i] = g;
    }
    return gid;
  }

  private exactState(j: number, fn: AggSpec['aggs'][number]['fn']): ExactSums | ExactExtremes {
    return (this.exact[j] ??=
      fn === 'min' || fn === 'max' ? new ExactExtremes(fn === 'min') : new ExactSums());
  }

  update(m: Morsel): void {
    const n = m.length;
    if (n === 0) return;
    const keys = this.spec.keys.map((k) => evaluateColumn(k.expr, m));
    this.keyTypes ??= keys.map((k) => k.type);
    const gid = this.assign(keys, n);
    this.spec.aggs.forEach((a, j) => {
      const cnt = this.counts[j]!.a;
      if (a.fn === 'len') {
        for (let i = 0; i < n; i++) cnt[gid[i]!]!++;
        return;
      }
      const c = evaluateColumn(a.expr!, m);
      this.valueTypes[j] ??= c.type;
      const v = c.validity;
      if (a.fn === 'count') {
        for (let i = 0; i < n; i++) if (isValid(v, i)) cnt[gid[i]!]!++;
        return;
      }
      const acc = this.sums[j]!.a;
      if (c.type === 'int64') {
        const st = this.exactState(j, a.fn);
        if (st instanceof ExactSums) st.add(acc, cnt, this.groups, gid, c);
        else st.add(acc, cnt, gid, c);
        return;
      }
      const x = c.type === 'utf8' ? new Float64Array(n) : numericArray(c);
      if (a.fn === 'sum' || a.fn === 'mean') sumIntoGroups(acc, cnt, gid, x, v, n);
      else {
        const isMin = a.fn === 'min';
        for (let i = 0; i < n; i++) {
          if (!isValid(v, i)) continue;
          const g = gid[i]!;
          const y = x[i]!;
          if (isMin ? y < acc[g]! : y > acc[g]!) acc[g] = y;
          cnt[g]!++;
        }
      }
    });
  }

  private partialSchema(): Field[] {
    const fields: Field[] = this.spec.keys.map((k, j) => ({
      name: k.name,
      type: this.keyTypes?.[j] ?? 'int64',
    }));
    this.spec.aggs.forEach((_, j) => {
      fields.push(
        { name: `__s${j}`, type: this.exact[j] ? 'int64' : 'float64' },
        { name: `__n${j}`, type: 'float64' },
        { name: `__x${j}`, type: 'utf8' },
      );
    });
    return fields;
  }

  /** Exports the state: keys, then (acc, n, exact) per aggregate, one row per group. */
  partial(): Morsel {
    const schema = this.partialSchema();
    const n = this.groups;
    const columns: Column[] = this.spec.keys.map((_, j) =>
      columnFromValues(schema[j]!.type, this.keyValues[j]!),
    );
    this.spec.aggs.forEach((_, j) => {
      const acc = this.sums[j]!.a;
      const st = this.exact[j];
      const carry: Value[] = new Array<Value>(n).fill(null);
      if (st)
        for (let g = 0; g < n; g++) {
          const c = st instanceof ExactSums ? st.carryOf(g) : st.carryOf(acc, g);
          if (c !== undefined) carry[g] = c.toString();
        }
      // the accumulator keeps its double layout even when typed int64 (min/max start at ±Infinity)
      const accValues = acc.slice(0, n);
      columns.push(
        st
          ? { type: 'int64', length: n, values: accValues, validity: undefined }
          : { type: 'float64', length: n, values: accValues, validity: undefined },
        { type: 'float64', length: n, values: this.counts[j]!.a.slice(0, n), validity: undefined },
        columnFromValues('utf8', carry),
      );
    });
    return { seq: 0, length: n, schema, columns };
  }

  /** Folds another state's partial morsel into this one. */
  merge(p: Morsel): void {
    const nk = this.spec.keys.length;
    const keys = p.columns.slice(0, nk);
    if (p.length === 0) return;
    this.keyTypes ??= keys.map((k) => k.type);
    const gid = this.assign(keys, p.length);
    this.spec.aggs.forEach((a, j) => {
      const sCol = p.columns[nk + 3 * j]!;
      const s = (sCol as { values: Float64Array }).values;
      const c = (p.columns[nk + 3 * j + 1] as { values: Float64Array }).values;
      const x = p.columns[nk + 3 * j + 2] as Extract<Column, { type: 'utf8' }>;
      const acc = this.sums[j]!.a;
      const cnt = this.counts[j]!.a;
      const st = sCol.type === 'int64' ? this.exactState(j, a.fn) : undefined;
      for (let i = 0; i < p.length; i++) {
        const g = gid[i]!;
        const carry = isValid(x.validity, i) ? BigInt(utf8At(x, i)) : undefined;
        if (st instanceof ExactSums) st.addPartial(acc, this.groups, g, s[i]!, carry);
        else if (st) {
          if (c[i]! > 0) st.offer(acc, g, carry ?? s[i]!);
        } else if (a.fn === 'min') acc[g] = Math.min(acc[g]!, s[i]!);
        else if (a.fn === 'max') acc[g] = Math.max(acc[g]!, s[i]!);
        else acc[g]! += s[i]!;
        cnt[g]! += c[i]!;
      }
    });
  }

  /** Final values. `types` are the aggregates' output types (from the plan's type inference). */
  result(keyTypes: DataType[], aggTypes: DataType[]): Morsel {
    const n = this.groups;
    const columns: Column[] = this.spec.keys.map((_, j) =>
      columnFromValues(keyTypes[j]!, this.keyValues[j]!),
    );
    this.spec.aggs.forEach((a, j) => {
      const acc = this.sums[j]!.a;
      const cnt = this.counts[j]!.a;
      const vals: Value[] = new Array(n);
      const st = this.exact[j];
      for (let g = 0; g < n; g++) {
        if (a.fn === 'len' || a.fn === 'count') vals[g] = cnt[g]!;
        else if (cnt[g] === 0) vals[g] = null;
        else if (st instanceof ExactSums) {
          const t = st.total(acc, g);
          if (a.fn === 'mean') vals[g] = Number(t) / cnt[g]!;
          else if (typeof t === 'bigint' && !inInt64(t))
            throw new DataError(
              `int64 overflow in aggregate ${JSON.stringify(a.name)} (${exprToString(a.expr!)}.sum()): the exact sum ${t} does not fit in int64`,
            );
          else vals[g] = t;
        } else if (st) vals[g] = st.current(acc, g);
        else if (a.fn === 'mean') vals[g] = acc[g]! / cnt[g]!;
        else vals[g] = acc[g]!;
      }
      const t = aggTypes[j]!;
      columns.push(columnFromValues(t, t === 'bool' ? vals.map((x) => (x === null ? null : x !== 0)) : vals));
    });
    const schema: Field[] = [
      ...this.spec.keys.map((k, j) => ({ name: k.name, type: keyTypes[j]! })),
      ...this.spec.aggs.map((a, j) => ({ name: a.name, type: aggTypes[j]! })),
    ];
    return { seq: 0, length: n, schema, columns };
  }
}
