// Turns Lua source (one byte per char) into tokens. Errors read "chunk:line: msg near 'tok'".
import { LuaSyntaxError } from '../errors/index.ts';
import { str2number } from '../vm/convert.ts';
import { KEYWORDS, type Token } from './tokens.ts';

const SYMBOLS = [
  '...',
  '..',
  '==',
  '~=',
  '<=',
  '>=',
  '<<',
  '>>',
  '//',
  '::',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '#',
  '&',
  '~',
  '|',
  '<',
  '>',
  '=',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  ':',
  ',',
  '.',
];

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isHexDigit(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isAlnum(c: string): boolean {
  return isAlpha(c) || isDigit(c);
}

export class Lexer {
  private pos = 0;
  private line = 1;
  /** JIT hints (`--@pure`, `--@promote kind`): the text after `--@` of each line's hint comment. */
  readonly hints = new Map<number, string[]>();

  constructor(
    private readonly src: string,
    private readonly chunk: string,
  ) {}

  error(msg: string, line: number, near?: string): never {
    throw new LuaSyntaxError(`${this.chunk}:${line}: ${msg}${near !== undefined ? ` near ${near}` : ''}`);
  }

  /**
   * The tokens up to the end, or up to a lexical error, which ends them as an 'error' token: lua5.4's
   * lexer reads a token only when the parser asks for it, so a syntax error before the bad text is the
   * one it reports.
   */
  tokenize(): Token[] {
    const out: Token[] = [];
    for (;;) {
      let t: Token;
      try {
        t = this.scan();
      } catch (e) {
        if (!(e instanceof LuaSyntaxError)) throw e;
        out.push({ kind: 'error', value: '', line: this.line, raw: '', error: e });
        return out;
      }
      out.push(t);
      if (t.kind === 'eof') return out;
    }
  }

  private scan(): Token {
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) return { kind: 'eof', value: '', line: this.line, raw: '<eof>' };
      const c = s[this.pos]!;
      if (c === '\n' || c === '\r') {
        this.newline();
      } else if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
        this.pos++;
      } else if (c === '-' && s[this.pos + 1] === '-') {
        this.pos += 2;
        if (s[this.pos] === '[') {
          const level = this.longBracketLevel();
          if (level >= 0) {
            this.longString(level, true);
            continue;
          }
        }
        const from = this.pos;
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
        if (s[from] === '@') this.hint(s.slice(from + 1, this.pos));
      } else {
        break;
      }
    }
    const start = this.pos;
    const line = this.line;
    const c = s[this.pos]!;
    if (isAlpha(c)) {
      while (this.pos < s.length && isAlnum(s[this.pos]!)) this.pos++;
      const w = s.slice(start, this.pos);
      return { kind: KEYWORDS.has(w) ? w : 'name', value: w, line, raw: w };
    }
    if (isDigit(c) || (c === '.' && isDigit(s[this.pos + 1] ?? ''))) return this.number();
    if (c === '"' || c === "'") return this.shortString(c);
    if (c === '[') {
      const level = this.longBracketLevel();
      if (level >= 0) {
        const v = this.longString(level, false);
        return { kind: 'string', value: v, line, raw: s.slice(start, this.pos) };
      }
      if (level === -2)
        this.error('invalid long string delimiter', line, `'${s.slice(start, this.pos + 1)}'`);
    }
    for (const sym of SYMBOLS) {
      if (s.startsWith(sym, this.pos)) {
        this.pos += sym.length;
        return { kind: sym, value: sym, line, raw: sym };
      }
    }
    this.pos++;
    return this.error('unexpected symbol', line, `'${c}'`);
  }

  /** A line comment `--@word ...` (parser/hints.ts reads the word and what follows it). */
  private hint(text: string): void {
    if (!/^[A-Za-z_]/.test(text)) return;
    const texts = this.hints.get(this.line);
    if (texts === undefined) this.hints.set(this.line, [text]);
    else texts.push(text);
  }

  private newline(): void {
    const s = this.src;
    const c = s[this.pos];
    this.pos++;
    // \r\n and \n\r count as one line break.
    const d = s[this.pos];
    if ((d === '\n' || d === '\r') && d !== c) this.pos++;
    this.line++;
  }

  /** At '[': returns the level of '[==[' (>=0), -1 if not a long bracket, -2 if malformed '[=='. */
  private longBracketLevel(): number {
    const s = this.src;
    let p = this.pos + 1;
    let level = 0;
    while (s[p] === '=') {
      level++;
      p++;
    }
    if (s[p] === '[') {
      this.pos = p + 1;
      return level;
    }
    return level === 0 ? -1 : -2;
  }

  private longString(level: number, comment: boolean): string {
    const s = this.src;
    const line = this.line;
    // A newline right after the opening bracket is skipped.
    if (s[this.pos] === '\r' || s[this.pos] === '\n') this.newline();
    let out = '';
    const close = ']' + '='.repeat(level) + ']';
    for (;;) {
      if (this.pos >= s.length) {
        const what = comment ? 'comment' : 'string';
        this.error(`unfinished long ${what} (starting at line ${line})`, this.line, '<eof>');
      }
      const c = s[this.pos]!;
      if (c === ']' && s.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      if (c === '\n' || c === '\r') {
        this.newline();
        out += '\n';
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private shortString(q: string): Token {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) this.error('unfinished string', this.line, '<eof>');
      const c = s[this.pos]!;
      if (c === q) {
        this.pos++;
        break;
      }
      if (c === '\n' || c === '\r')
        this.error('unfinished string', this.line, `'${s.slice(start, this.pos)}'`);
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      this.pos++;
      const e = s[this.pos] ?? '';
      const near = (): string => `'${s.slice(start, this.pos + 1)}'`;
      switch (e) {
        case 'n':
          out += '\n';
          this.pos++;
          break;
        case 't':
          out += '\t';
          this.pos++;
          break;
        case 'r':
          out += '\r';
          this.pos++;
          break;
        case 'a':
          out += '\x07';
          this.pos++;
          break;
        case 'b':
          out += '\b';
          this.pos++;
          break;
        case 'f':
          out += '\f';
          this.pos++;
          break;
        case 'v':
          out += '\v';
          this.pos++;
          break;
        case '\\':
          out += '\\';
          this.pos++;
          break;
        case '"':
          out += '"';
          this.pos++;
          break;
        case "'":
          out += "'";
          this.pos++;
          break;
        case '\n':
        case '\r':
          this.newline();
          out += '\n';
          break;
        case 'x': {
          // two hexadecimal digits; an error shows the char found instead of one
          let p = this.pos + 1;
          while (p < this.pos + 3 && isHexDigit(s[p] ?? '')) p++;
          if (p < this.pos + 3) {
            this.pos = p;
            this.error('hexadecimal digit expected', this.line, near());
          }
          out += String.fromCharCode(parseInt(s.slice(this.pos + 1, p), 16));
          this.pos = p;
          break;
        }
        case 'z':
          this.pos++;
          while (this.pos < s.length && /[ \f\n\r\t\v]/.test(s[this.pos]!)) {
            if (s[this.pos] === '\n' || s[this.pos] === '\r') this.newline();
            else this.pos++;
          }
          break;
        case 'u': {
          // llex.c's readutf8esc step by step: an error shows what lua5.4 had read, and the next char
          let p = this.pos + 1;
          const fail = (msg: string): never => {
            this.pos = p;
            return this.error(msg, this.line, near());
          };
          if (s[p] !== '{') fail("missing '{'");
          if (!isHexDigit(s[++p] ?? '')) fail('hexadecimal digit expected');
          let cp = parseInt(s[p]!, 16);
          while (isHexDigit(s[++p] ?? '')) {
            if (cp > 0x7ffffff) fail('UTF-8 value too large');
            cp = cp * 16 + parseInt(s[p]!, 16);
          }
          if (s[p] !== '}') fail("missing '}'");
          out += utf8(cp);
          this.pos = p + 1;
          break;
        }
        default: {
          if (isDigit(e)) {
            let p = this.pos;
            while (p < this.pos + 3 && isDigit(s[p] ?? '')) p++;
            const n = Number(s.slice(this.pos, p));
            if (n > 255) {
              // lua5.4 shows the char after the digits too
              this.pos = p;
              this.error('decimal escape too large', this.line, near());
            }
            out += String.fromCharCode(n);
            this.pos = p;
            break;
          }
          if (this.pos >= s.length) this.error('unfinished string', this.line, '<eof>');
          this.error('invalid escape sequence', this.line, near());
        }
      }
    }
    return { kind: 'string', value: out, line, raw: s.slice(start, this.pos) };
  }

  private number(): Token {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    let expChars = 'Ee';
    if (s[this.pos] === '0' && (s[this.pos + 1] === 'x' || s[this.pos + 1] === 'X')) {
      this.pos += 2;
      expChars = 'Pp';
    }
    // Like llex.c: hex digits, '.', exponents with sign; then one more letter to force an error.
    for (;;) {
      const c = s[this.pos] ?? '';
      if (c !== '' && expChars.includes(c)) {
        this.pos++;
        if (s[this.pos] === '+' || s[this.pos] === '-') this.pos++;
      } else if (c !== '' && /[0-9a-fA-F.]/.test(c)) {
        this.pos++;
      } else break;
    }
    if (/[a-zA-Z_]/.test(s[this.pos] ?? '')) this.pos++;
    const raw = s.slice(start, this.pos);
    const v = str2number(raw);
    if (v === undefined) this.error('malformed number', line, `'${raw}'`);
    return { kind: 'number', value: v, line, raw };
  }
}

function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  const bytes: number[] = [];
  let limit = 0x3f;
  let x = cp;
  while (x > limit) {
    bytes.unshift(0x80 | (x & 0x3f));
    x = Math.floor(x / 64);
    limit >>= 1;
  }
  bytes.unshift(((~limit << 1) & 0xff) | x);
  return String.fromCharCode(...bytes);
}
