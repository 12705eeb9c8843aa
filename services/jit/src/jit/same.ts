// Structural equality of trace nodes: a nested loop's later iterations must repeat its recorded body.
import { LuaTable } from '../vm/table.ts';
import { LFloat } from '../vm/value.ts';
import type { Node } from './ir.ts';

/** Same operation on the same registers and types (exits aside): a nested loop follows its body. */
export function sameNode(x: Node, y: Node): boolean {
  if (x.k !== y.k) return false;
  const a = x as unknown as Record<string, unknown>;
  const b = y as unknown as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (key === 'exit' || key === 'end' || key === 'target' || key === 'breaks' || key === 'body') continue;
    // Whether a nested for loop goes round again is the back-edge's business, not the body's.
    if (key === 'want' && x.k === 'forloop') continue;
    // A guard on the prototype: whichever closure was there when recorded.
    if (key === 'fn' && x.k === 'fnguard' && x.proto !== undefined) continue;
    if (!sameVal(a[key], b[key])) return false;
  }
  return true;
}

function sameVal(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x instanceof LFloat && y instanceof LFloat) return Object.is(x.n, y.n);
  if (Array.isArray(x) && Array.isArray(y))
    return x.length === y.length && x.every((v, j) => sameVal(v, y[j]));
  if (
    typeof x === 'object' &&
    typeof y === 'object' &&
    x !== null &&
    y !== null &&
    !(x instanceof LuaTable)
  ) {
    const a = x as Record<string, unknown>;
    const b = y as Record<string, unknown>;
    if ('r' in a || 'k' in a)
      return sameVal(a['r'], b['r']) && sameVal(a['k'], b['k']) && 'r' in a === 'r' in b;
  }
  return typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y);
}
