// The interpreter's inline caches for table accesses whose key is a constant (`t.x`, `obj:m()`,
// globals): per instruction, the shape last seen and the key's slot in it. A hit is one compare and
// an array read; these are the misses, which look the key up and remember where it was. Float slots
// (shape.ts) are cached apart (icFloat), since their integral values need a box: the interpreter's
// test misses them and the second test here hits.
import type { Proto } from '../compiler/proto.ts';
import { DICT, type Shape } from './shape.ts';
import type { LuaTable } from './table.ts';
import type { LuaValue } from './value.ts';

/** A raw read of t[key] for the instruction at pc `at`. */
export function getField(p: Proto, at: number, t: LuaTable, key: LuaValue): LuaValue {
  if (typeof key !== 'string') return t.get(key);
  const sh = t.shape;
  if (sh === p.icFloat[at]) return t.slot(p.icSlot[at]!);
  const j = sh.index.get(key);
  if (j === undefined) return t.getStr(key);
  cache(p, at, sh, j);
  return t.slot(j);
}

/** Remembers that key is at slot j of shape sh for the instruction at pc `at`. */
function cache(p: Proto, at: number, sh: Shape, j: number): void {
  const float = sh.isFloat(j);
  p.icShape[at] = float ? null : sh;
  p.icFloat[at] = float ? sh : null;
  p.icSlot[at] = j;
}

/**
 * A raw store of a constant string key for the instruction at pc `at`, when the interpreter's own
 * test (the shape is the cached one and the key has a slot there) failed. A store that adds the key
 * caches the shape it came from and the one it leads to, so that tables built field by field the
 * same way (constructors) take the short way here next time.
 */
export function setField(p: Proto, at: number, t: LuaTable, key: string, val: LuaValue): void {
  const sh = t.shape;
  const next = p.icNext[at];
  if (sh === p.icShape[at] && next !== null && next !== undefined) {
    if (val !== undefined) t.appendSlot(next, val);
    return;
  }
  if (sh === p.icFloat[at]) {
    t.setSlot(p.icSlot[at]!, val);
    return;
  }
  const j = sh.index.get(key);
  if (j !== undefined) {
    t.setSlot(j, val);
    cache(p, at, sh, j);
    p.icNext[at] = null;
    return;
  }
  t.setStr(key, val);
  if (val === undefined || t.shape === DICT) return;
  p.icShape[at] = sh;
  p.icFloat[at] = null;
  p.icNext[at] = t.shape;
}
