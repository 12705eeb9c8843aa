// SQL three-valued logic: false AND null = false, true OR null = true, otherwise null is contagious.
import type { BoolColumn } from '../../morsel/types.ts';
import { bitmapBytes, isValid, normalizeValidity } from '../../morsel/validity.ts';
import { isScalar, type Val } from './values.ts';

function at(v: Val, i: number): number {
  // 0 false, 1 true, 2 null
  if (isScalar(v)) return v.value === null ? 2 : v.value ? 1 : 0;
  if (!isValid(v.validity, i)) return 2;
  return (v as BoolColumn).values[i]!;
}

export function kleene(op: 'and' | 'or', a: Val, b: Val, n: number): BoolColumn {
  const values = new Uint8Array(n);
  const aCol = !isScalar(a) && a.validity === undefined ? (a as BoolColumn).values : undefined;
  const bCol = !isScalar(b) && b.validity === undefined ? (b as BoolColumn).values : undefined;
  if (aCol && bCol) {
    if (op === 'and') for (let i = 0; i < n; i++) values[i] = aCol[i]! & bCol[i]!;
    else for (let i = 0; i < n; i++) values[i] = aCol[i]! | bCol[i]!;
    return { type: 'bool', length: n, values, validity: undefined };
  }
  const validity = new Uint8Array(bitmapBytes(n));
  for (let i = 0; i < n; i++) {
    const x = at(a, i);
    const y = at(b, i);
    let r: number;
    if (op === 'and') r = x === 0 || y === 0 ? 0 : x === 2 || y === 2 ? 2 : 1;
    else r = x === 1 || y === 1 ? 1 : x === 2 || y === 2 ? 2 : 0;
    if (r !== 2) {
      values[i] = r;
      validity[i >> 3]! |= 1 << (i & 7);
    }
  }
  return { type: 'bool', length: n, values, validity: normalizeValidity(validity, n) };
}

export function not(a: BoolColumn): BoolColumn {
  const n = a.length;
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) values[i] = a.values[i]! ^ 1;
  return { type: 'bool', length: n, values, validity: a.validity };
}
