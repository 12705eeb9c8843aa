// Lua patterns, as lstrlib.c matches them: a backtracking matcher over byte strings (one char per
// byte), with its classes in the C locale, sets, %b, %f, back-references, position captures and its
// limits and messages (32 captures, 200 nested matches: "pattern too complex").
import type { LuaState } from '../vm/state.ts';
import { luaError } from './args.ts';

/** lua5.4's LUA_MAXCAPTURES. */
const MAX_CAPTURES = 32;
/** lstrlib.c's MAXCCALLS: recursion depth of one match. */
const MAX_MATCH_DEPTH = 200;
/** A capture's length while open, and the length of a position capture `()`. */
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

/** The characters that make a find pattern more than plain text (lstrlib.c's SPECIALS). */
const SPECIALS = /[\^$*+?.([%-]/;

export function hasSpecials(p: string): boolean {
  return SPECIALS.test(p);
}

const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isGraph = (c: number): boolean => c >= 33 && c <= 126;

/** match_class: c against the class letter cl (%a, %d, ...; an upper-case letter negates it). */
function matchClass(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 0x20) {
    case 97: // a
      res = isAlpha(c);
      break;
    case 99: // c
      res = c < 32 || c === 127;
      break;
    case 100: // d
      res = isDigit(c);
      break;
    case 103: // g
      res = isGraph(c);
      break;
    case 108: // l
      res = isLower(c);
      break;
    case 112: // p
      res = isGraph(c) && !isAlpha(c) && !isDigit(c);
      break;
    case 115: // s
      res = c === 32 || (c >= 9 && c <= 13);
      break;
    case 117: // u
      res = isUpper(c);
      break;
    case 119: // w
      res = isAlpha(c) || isDigit(c);
      break;
    case 120: // x
      res = isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
      break;
    case 122: // z (deprecated in lstrlib.c, still there): the zero byte
      res = c === 0;
      break;
    default:
      return cl === c;
  }
  return isUpper(cl) ? !res : res;
}

export class MatchState {
  level = 0;
  private depth = MAX_MATCH_DEPTH;
  readonly init: number[] = [];
  readonly len: number[] = [];

  constructor(
    readonly L: LuaState,
    readonly src: string,
    readonly pat: string,
  ) {}

  /** reprepstate: before each attempt. */
  reset(): void {
    this.level = 0;
    this.depth = MAX_MATCH_DEPTH;
  }

  /** The pattern's char code at p; 0 past its end, as C reads the terminating NUL. */
  private pc(p: number): number {
    return p < this.pat.length ? this.pat.charCodeAt(p) : 0;
  }

  private classEnd(p: number): number {
    const pat = this.pat;
    const c = pat.charCodeAt(p++);
    if (c === 37) {
      // '%'
      if (p >= pat.length) luaError(this.L, "malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === 91) {
      // '['
      if (this.pc(p) === 94) p++;
      do {
        if (p >= pat.length) luaError(this.L, "malformed pattern (missing ']')");
        if (pat.charCodeAt(p++) === 37 && p < pat.length) p++;
      } while (this.pc(p) !== 93);
      return p + 1;
    }
    return p;
  }

  /** matchbracketclass: c against the set from p ('[') to ec (its ']'). */
  private bracket(c: number, p: number, ec: number): boolean {
    let sig = true;
    if (this.pc(p + 1) === 94) {
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pc = this.pc(p);
      if (pc === 37) {
        p++;
        if (matchClass(c, this.pc(p))) return sig;
      } else if (this.pc(p + 1) === 45 && p + 2 < ec) {
        p += 2;
        if (pc <= c && c <= this.pc(p)) return sig;
      } else if (pc === c) return sig;
    }
    return !sig;
  }

  private single(s: number, p: number, ep: number): boolean {
    if (s >= this.src.length) return false;
    const c = this.src.charCodeAt(s);
    switch (this.pc(p)) {
      case 46: // '.'
        return true;
      case 37: // '%'
        return matchClass(c, this.pc(p + 1));
      case 91: // '['
        return this.bracket(c, p, ep - 1);
      default:
        return this.pc(p) === c;
    }
  }

  /** The end of the match of pattern position p at subject position s, or -1. */
  match(s: number, p: number): number {
    if (this.depth-- === 0) luaError(this.L, 'pattern too complex');
    const pat = this.pat;
    const src = this.src;
    for (;;) {
      if (p === pat.length) break;
      const c = pat.charCodeAt(p);
      if (c === 40) {
        // '(': a capture, or a position capture '()'
        s =
          this.pc(p + 1) === 41
            ? this.startCapture(s, p + 2, CAP_POSITION)
            : this.startCapture(s, p + 1, CAP_UNFINISHED);
        break;
      }
      if (c === 41) {
        // ')'
        s = this.endCapture(s, p + 1);
        break;
      }
      if (c === 36 && p + 1 === pat.length) {
        // '$' at the end
        if (s !== src.length) s = -1;
        break;
      }
      if (c === 37) {
        const n = this.pc(p + 1);
        if (n === 98) {
          // %b
          s = this.balance(s, p + 2);
          if (s !== -1) {
            p += 4;
            continue;
          }
          break;
        }
        if (n === 102) {
          // %f
          p += 2;
          if (this.pc(p) !== 91) luaError(this.L, "missing '[' after '%f' in pattern");
          const ep = this.classEnd(p);
          const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
          const cur = s < src.length ? src.charCodeAt(s) : 0;
          if (!this.bracket(prev, p, ep - 1) && this.bracket(cur, p, ep - 1)) {
            p = ep;
            continue;
          }
          s = -1;
          break;
        }
        if (isDigit(n)) {
          // %0-%9: a back-reference
          s = this.matchCapture(s, n);
          if (s !== -1) {
            p += 2;
            continue;
          }
          break;
        }
      }
      // A single-character class, with an optional suffix.
      const ep = this.classEnd(p);
      const suffix = this.pc(ep);
      if (!this.single(s, p, ep)) {
        if (suffix === 42 || suffix === 63 || suffix === 45) {
          // '*', '?', '-': may match empty
          p = ep + 1;
          continue;
        }
        s = -1;
        break;
      }
      if (suffix === 63) {
        // '?'
        const r = this.match(s + 1, ep + 1);
        if (r !== -1) {
          s = r;
          break;
        }
        p = ep + 1;
        continue;
      }
      if (suffix === 43) {
        // '+'
        s = this.maxExpand(s + 1, p, ep);
        break;
      }
      if (suffix === 42) {
        // '*'
        s = this.maxExpand(s, p, ep);
        break;
      }
      if (suffix === 45) {
        // '-'
        s = this.minExpand(s, p, ep);
        break;
      }
      s++;
      p = ep;
    }
    this.depth++;
    return s;
  }

  private maxExpand(s: number, p: number, ep: number): number {
    let i = 0;
    while (this.single(s + i, p, ep)) i++;
    for (; i >= 0; i--) {
      const r = this.match(s + i, ep + 1);
      if (r !== -1) return r;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const r = this.match(s, ep + 1);
      if (r !== -1) return r;
      if (this.single(s, p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAX_CAPTURES) luaError(this.L, 'too many captures');
    this.init[level] = s;
    this.len[level] = what;
    this.level = level + 1;
    const r = this.match(s, p);
    if (r === -1) this.level--;
    return r;
  }

  private endCapture(s: number, p: number): number {
    let l = this.level - 1;
    while (l >= 0 && this.len[l] !== CAP_UNFINISHED) l--;
    if (l < 0) luaError(this.L, 'invalid pattern capture');
    this.len[l] = s - this.init[l]!;
    const r = this.match(s, p);
    if (r === -1) this.len[l] = CAP_UNFINISHED;
    return r;
  }

  private balance(s: number, p: number): number {
    if (p >= this.pat.length - 1) luaError(this.L, "malformed pattern (missing arguments to '%b')");
    const src = this.src;
    if (s >= src.length || src.charCodeAt(s) !== this.pat.charCodeAt(p)) return -1;
    const b = this.pat.charCodeAt(p);
    const e = this.pat.charCodeAt(p + 1);
    let cont = 1;
    while (++s < src.length) {
      const c = src.charCodeAt(s);
      if (c === e) {
        if (--cont === 0) return s + 1;
      } else if (c === b) cont++;
    }
    return -1;
  }

  private matchCapture(s: number, digit: number): number {
    const l = this.checkCapture(digit);
    const len = this.len[l]!;
    // A position capture's length (negative) never fits, as size_t -2 never does in lstrlib.c.
    if (len >= 0 && this.src.length - s >= len && this.src.startsWith(this.src.substr(this.init[l]!, len), s))
      return s + len;
    return -1;
  }

  private checkCapture(digit: number): number {
    const l = digit - 49;
    if (l < 0 || l >= this.level || this.len[l] === CAP_UNFINISHED)
      luaError(this.L, `invalid capture index %${l + 1}`);
    return l;
  }

  /**
   * get_onecapture: capture i of a match from s to e (the whole match when there are no captures and
   * i is 0): a string, or the position of a position capture.
   */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i !== 0) luaError(this.L, `invalid capture index %${i + 1}`);
      return this.src.slice(s, e);
    }
    const len = this.len[i]!;
    if (len === CAP_UNFINISHED) luaError(this.L, 'unfinished capture');
    const at = this.init[i]!;
    if (len === CAP_POSITION) return at + 1;
    return this.src.slice(at, at + len);
  }

  /** push_captures: every capture, or the whole match (s..e) when there are none and s >= 0. */
  captures(s: number, e: number): (string | number)[] {
    const n = this.level === 0 && s >= 0 ? 1 : this.level;
    const out: (string | number)[] = [];
    for (let i = 0; i < n; i++) out.push(this.capture(i, s, e));
    return out;
  }
}
