// Standard input for io.read, io.lines and io.stdin, read as liolib.c's g_read reads a FILE*: the
// formats "n", "l", "L", "a" and a byte count (a leading '*' accepted), each result nil at the end of
// input, and reading stopping at the first format that fails. The input is the host's (the command's
// stdin, read whole at the first read; nothing for the HTTP service).
import type { LuaState } from '../vm/state.ts';
import { str2number } from '../vm/convert.ts';
import { LFloat, type LuaValue } from '../vm/value.ts';
import { argError, Args } from './args.ts';

/** liolib.c's L_MAXLENNUM: a numeral longer than this is not read as a number. */
const MAX_NUMERAL = 200;

export class Input {
  protected data: string | null = null;
  protected pos = 0;

  constructor(private readonly load: () => string) {}

  protected text(): string {
    if (this.data === null) this.data = this.load();
    return this.data;
  }

  private peek(): number {
    const d = this.text();
    return this.pos < d.length ? d.charCodeAt(this.pos) : -1;
  }

  /** read_line: up to the next newline (kept when `keep`), or null at the end of input. */
  private line(keep: boolean): string | null {
    const d = this.text();
    if (this.pos >= d.length) return null;
    const nl = d.indexOf('\n', this.pos);
    const end = nl < 0 ? d.length : nl + 1;
    const s = d.slice(this.pos, nl < 0 || keep ? end : nl);
    this.pos = end;
    return s;
  }

  /** What is left of the input, read whole (loadfile of standard input). */
  rest(): string {
    return this.chars(Infinity) ?? '';
  }

  private chars(n: number): string | null {
    const d = this.text();
    if (n === 0) return this.pos < d.length ? '' : null;
    if (this.pos >= d.length) return null;
    const s = d.slice(this.pos, this.pos + n);
    this.pos += s.length;
    return s;
  }

  /** read_number: the longest prefix that looks like a numeral (as l_getc reads it), then converted. */
  private number(): LuaValue {
    while (isSpace(this.peek())) this.pos++;
    let buf = '';
    let ok = true;
    const take = (set: string): boolean => {
      const c = this.peek();
      if (c < 0 || !set.includes(String.fromCharCode(c))) return false;
      if (buf.length >= MAX_NUMERAL) {
        ok = false;
        return false;
      }
      buf += String.fromCharCode(c);
      this.pos++;
      return true;
    };
    const digits = (hex: boolean): number => {
      let n = 0;
      while (take(hex ? '0123456789abcdefABCDEF' : '0123456789')) n++;
      return n;
    };
    take('-+');
    let count = 0;
    let hex = false;
    if (take('0')) {
      if (take('xX')) hex = true;
      else count = 1;
    }
    count += digits(hex);
    if (take('.')) count += digits(hex);
    if (count > 0 && take(hex ? 'pP' : 'eE')) {
      take('-+');
      digits(false);
    }
    return ok ? str2number(buf) : undefined;
  }

  /** g_read: the formats from argument `first` on (none: one line). */
  read(L: LuaState, self: string, args: LuaValue[], first: number): LuaValue[] {
    const A = new Args(L, self, args);
    if (args.length <= first) return [this.line(false) ?? undefined];
    const out: LuaValue[] = [];
    for (let n = first; n < args.length; n++) {
      let v: LuaValue;
      const f = args[n];
      if (typeof f === 'number' || typeof f === 'bigint' || f instanceof LFloat)
        v = this.chars(A.intN(n + 1)) ?? undefined;
      else {
        const fmt = A.string(n + 1);
        const c = fmt.startsWith('*') ? fmt[1] : fmt[0];
        if (c === 'n') v = this.number();
        else if (c === 'l') v = this.line(false) ?? undefined;
        else if (c === 'L') v = this.line(true) ?? undefined;
        else if (c === 'a') v = this.chars(Infinity) ?? '';
        else return argError(L, self, n + 1, 'invalid format');
      }
      out.push(v);
      if (v === undefined) break;
    }
    return out;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
