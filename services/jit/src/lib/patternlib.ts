// string.find, match, gmatch and gsub over Lua patterns (pattern.ts), as lstrlib.c's str_find_aux,
// gmatch and str_gsub: the same results, argument order of checks and error messages.
import { index } from '../vm/meta.ts';
import { numberToString } from '../vm/convert.ts';
import { typeName, type LuaState } from '../vm/state.ts';
import { LuaTable } from '../vm/table.ts';
import { LFloat, LuaClosure, NativeFunction, type LuaValue, type NativeResult } from '../vm/value.ts';
import { Args, luaError, typeError } from './args.ts';
import { hasSpecials, MatchState } from './pattern.ts';
import { startPos } from './strpos.ts';

/** find (with start and end before the captures) or match (the captures, or the whole match). */
function findAux(L: LuaState, args: LuaValue[], find: boolean): NativeResult {
  const A = new Args(L, find ? 'string.find' : 'string.match', args);
  const s = A.string(1);
  let p = A.string(2);
  const init = startPos(A.optIntN(3, 1), s.length) - 1;
  if (init > s.length) return undefined;
  if (find && ((args[3] !== undefined && args[3] !== false) || !hasSpecials(p))) {
    const at = s.indexOf(p, init);
    return at < 0 ? undefined : [at + 1, at + p.length];
  }
  const anchor = p.charCodeAt(0) === 94;
  if (anchor) p = p.slice(1);
  const ms = new MatchState(L, s, p);
  let s1 = init;
  do {
    ms.reset();
    const e = ms.match(s1, 0);
    if (e !== -1) return find ? [s1 + 1, e, ...ms.captures(-1, 0)] : ms.captures(s1, e);
  } while (s1++ < s.length && !anchor);
  return undefined;
}

export function find(L: LuaState, args: LuaValue[]): NativeResult {
  return findAux(L, args, true);
}

export function match(L: LuaState, args: LuaValue[]): NativeResult {
  return findAux(L, args, false);
}

export function gmatch(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'string.gmatch', args);
  const s = A.string(1);
  const p = A.string(2);
  let src = startPos(A.optIntN(3, 1), s.length) - 1;
  if (src > s.length) src = s.length + 1;
  const ms = new MatchState(L, s, p);
  let last = -1;
  return new NativeFunction('gmatch_aux', () => {
    for (; src <= s.length; src++) {
      ms.reset();
      const e = ms.match(src, 0);
      if (e !== -1 && e !== last) {
        const start = src;
        src = last = e;
        return ms.captures(start, e);
      }
    }
    return undefined;
  });
}

/** A replacement value as gsub adds it: strings and numbers (converted); other types are errors. */
function replacement(L: LuaState, v: LuaValue): string | null {
  if (v === undefined || v === false) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof LFloat) return numberToString(v);
  return luaError(L, `invalid replacement value (a ${typeName(v)})`);
}

/** add_s: a replacement string with %0-%9 and %% for the match s..e. */
function expand(ms: MatchState, repl: string, s: number, e: number): string {
  let out = '';
  let from = 0;
  for (let p = repl.indexOf('%'); p >= 0; p = repl.indexOf('%', from)) {
    out += repl.slice(from, p);
    const c = repl.charCodeAt(p + 1);
    if (c === 37) out += '%';
    else if (c === 48) out += ms.src.slice(s, e);
    else if (c >= 49 && c <= 57) {
      const cap = ms.capture(c - 49, s, e);
      out += typeof cap === 'number' ? numberToString(cap) : cap;
    } else luaError(ms.L, "invalid use of '%' in replacement string");
    from = p + 2;
  }
  return out + repl.slice(from);
}

export function gsub(L: LuaState, args: LuaValue[]): NativeResult {
  const A = new Args(L, 'string.gsub', args);
  const src = A.string(1);
  let p = A.string(2);
  const repl = args[2];
  const maxN = A.optIntN(4, src.length + 1);
  const isText =
    typeof repl === 'string' ||
    typeof repl === 'number' ||
    typeof repl === 'bigint' ||
    repl instanceof LFloat;
  const isFn = repl instanceof LuaClosure || repl instanceof NativeFunction;
  if (!isText && !isFn && !(repl instanceof LuaTable))
    typeError(L, 'string.gsub', args, 3, 'string/function/table');
  const text = isText ? replacement(L, repl)! : '';
  const anchor = p.charCodeAt(0) === 94;
  if (anchor) p = p.slice(1);
  const ms = new MatchState(L, src, p);
  const parts: string[] = [];
  let s = 0;
  let last = -1;
  let n = 0;
  let changed = false;
  while (n < maxN) {
    ms.reset();
    const e = ms.match(s, 0);
    if (e !== -1 && e !== last) {
      n++;
      let r: string | null;
      if (isText) r = expand(ms, text, s, e);
      else {
        const caps = ms.captures(s, e);
        const v = isFn ? L.call(repl, caps)[0] : index(L, repl, caps[0], 'none');
        r = replacement(L, v);
      }
      if (r === null) parts.push(src.slice(s, e));
      else {
        parts.push(r);
        changed = true;
      }
      s = last = e;
    } else if (s < src.length) parts.push(src[s++]!);
    else break;
    if (anchor) break;
  }
  if (!changed) return [src, n];
  parts.push(src.slice(s));
  return [parts.join(''), n];
}
