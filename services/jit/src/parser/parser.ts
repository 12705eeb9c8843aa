// Recursive-descent parser for Lua 5.4 (minus coroutines' syntax-free features), producing the AST.
// Error texts follow lparser.c: "'=' expected near 'x'", "unexpected symbol near '+'".
import { LuaSyntaxError, ParserCStackOverflow } from '../errors/index.ts';
import { applyHints, takeHints } from './hints.ts';
import { Lexer, type Token } from '../lexer/index.ts';
import type {
  BinOp,
  Block,
  CallExpr,
  Chunk,
  Expr,
  FunctionExpr,
  LocalAttrib,
  Stat,
  TableItem,
} from './ast.ts';

const BINARY: Record<string, [number, number]> = {
  '+': [10, 10],
  '-': [10, 10],
  '*': [11, 11],
  '%': [11, 11],
  '^': [14, 13],
  '/': [11, 11],
  '//': [11, 11],
  '&': [6, 6],
  '|': [4, 4],
  '~': [5, 5],
  '<<': [7, 7],
  '>>': [7, 7],
  '..': [9, 8],
  '==': [3, 3],
  '<': [3, 3],
  '<=': [3, 3],
  '~=': [3, 3],
  '>': [3, 3],
  '>=': [3, 3],
  and: [2, 2],
  or: [1, 1],
};
const UNARY_PRIORITY = 12;
/** lparser.c's MAXVARS: local variables in scope in one function. */
const MAX_LOCALS = 200;
/**
 * lua5.4's LUAI_MAXCCALLS: its parser counts nested statements and subexpressions as C calls
 * (enterlevel), on top of the one C call of lua.c that runs the parser, and stops at this many.
 */
const MAX_C_CALLS = 200;

export class Parser {
  private toks: Token[];
  private p = 0;
  private readonly hints: Map<number, string[]>;
  /**
   * Local variables declared in each open function and still in scope, innermost function last, with
   * the line the function starts on (0: the main chunk): lparser.c's count from `firstlocal`, which it
   * holds to MAX_LOCALS. It counts the hidden control variables of `for` loops as lua5.4 does.
   */
  private readonly locals: { n: number; line: number }[] = [{ n: 0, line: 0 }];
  constructor(
    src: string,
    private readonly chunk: string,
    /** Take `--@` JIT hints (parser/hints.ts) into the AST, or read them as plain comments. */
    hints = true,
    /**
     * Nested statements and subexpressions being parsed, on top of the C calls running when the parse
     * began: lua.c's one for a script, lua_load's caller's at run time (see MAX_C_CALLS).
     */
    private level = 1,
  ) {
    const lexer = new Lexer(src, chunk);
    this.toks = lexer.tokenize();
    this.hints = hints ? lexer.hints : new Map();
    this.reach(this.toks[0]!);
  }

  /** A token the parser moves onto or looks ahead at: an 'error' token raises its error now. */
  private reach(t: Token): Token {
    if (t.kind === 'error') throw t.error!;
    return t;
  }
  private get t(): Token {
    return this.toks[this.p]!;
  }
  private peek(): Token {
    return this.reach(this.toks[Math.min(this.p + 1, this.toks.length - 1)]!);
  }
  private advance(): Token {
    const t = this.toks[this.p]!;
    if (t.kind !== 'eof') this.reach(this.toks[++this.p]!);
    return t;
  }
  private near(t: Token): string {
    return t.kind === 'eof' ? '<eof>' : `'${t.raw}'`;
  }
  error(msg: string, t: Token = this.t): never {
    throw new LuaSyntaxError(`${this.chunk}:${t.line}: ${msg} near ${this.near(t)}`);
  }
  private check(kind: string): void {
    if (this.t.kind !== kind) this.error(`'${kind}' expected`);
  }
  private expect(kind: string): Token {
    this.check(kind);
    return this.advance();
  }
  private accept(kind: string): boolean {
    if (this.t.kind === kind) {
      this.advance();
      return true;
    }
    return false;
  }
  /** `what` closes `who` opened at `line` - the message mentions the opener when lines differ. */
  private match(what: string, who: string, line: number): void {
    if (this.t.kind === what) {
      this.advance();
      return;
    }
    if (line === this.t.line) this.error(`'${what}' expected`);
    this.error(`'${what}' expected (to close '${who}' at line ${line})`);
  }
  private name(): string {
    if (this.t.kind !== 'name') this.error('<name> expected');
    return this.advance().value as string;
  }
  /** lparser.c's enterlevel (leaving is `this.level--`: an error ends the parse anyway). */
  private enterLevel(): void {
    // raised as luaE_checkcstack raises it: from C, so with no position
    if (++this.level >= MAX_C_CALLS) throw new ParserCStackOverflow('C stack overflow');
  }
  /** The innermost open function's locals in scope (see `locals`). */
  private get fnLocals(): { n: number; line: number } {
    return this.locals[this.locals.length - 1]!;
  }
  /** lparser.c's new_localvar: `count` more locals in the current function, checked at this token. */
  private declareLocals(count = 1): void {
    const f = this.fnLocals;
    for (let j = 0; j < count; j++) {
      if (++f.n > MAX_LOCALS) {
        const where = f.line === 0 ? 'main function' : `function at line ${f.line}`;
        this.error(`too many local variables (limit is ${MAX_LOCALS}) in ${where}`);
      }
    }
  }

  parseChunk(): Chunk {
    const body = this.block();
    if (this.t.kind !== 'eof') this.error('<eof> expected');
    return { body, chunkname: this.chunk };
  }

  private blockFollow(withUntil: boolean): boolean {
    const k = this.t.kind;
    return k === 'else' || k === 'elseif' || k === 'end' || k === 'eof' || (withUntil && k === 'until');
  }

  private block(): Block {
    const f = this.fnLocals;
    const inScope = f.n;
    const stats: Stat[] = [];
    while (!this.blockFollow(true)) {
      if (this.t.kind === 'return') {
        // through statement, as lparser.c parses it: its nesting level counts
        stats.push(this.statement()!);
        break;
      }
      const words = this.hints.size === 0 ? null : takeHints(this.hints, this.t.line);
      const s = this.statement();
      if (s !== undefined) {
        if (words !== null) applyHints(s, words);
        stats.push(s);
      }
    }
    f.n = inScope;
    return { stats, endLine: this.t.line };
  }

  private retstat(): Stat {
    const line = this.advance().line;
    let exprs: Expr[] = [];
    if (!this.blockFollow(true) && this.t.kind !== ';') exprs = this.exprList();
    this.accept(';');
    if (!this.blockFollow(true)) this.error('<eof> expected');
    return { kind: 'Return', exprs, line };
  }

  private statement(): Stat | undefined {
    this.enterLevel();
    const s = this.statementAt();
    this.level--;
    return s;
  }

  private statementAt(): Stat | undefined {
    const line = this.t.line;
    switch (this.t.kind) {
      case ';':
        this.advance();
        return undefined;
      case 'if':
        return this.ifstat();
      case 'while': {
        this.advance();
        const cond = this.expr();
        this.expect('do');
        const body = this.block();
        this.match('end', 'while', line);
        return { kind: 'While', cond, body, line };
      }
      case 'do': {
        this.advance();
        const body = this.block();
        this.match('end', 'do', line);
        return { kind: 'Do', body, line };
      }
      case 'for':
        return this.forstat();
      case 'repeat': {
        this.advance();
        const body = this.block();
        this.match('until', 'repeat', line);
        const cond = this.expr();
        return { kind: 'Repeat', body, cond, line };
      }
      case 'function':
        return this.funcstat();
      case 'local':
        this.advance();
        if (this.accept('function')) {
          const name = this.name();
          this.declareLocals();
          const func = this.funcBody(line, false, name);
          return { kind: 'LocalFunction', name, func, line };
        }
        return this.localstat(line);
      case '::': {
        this.advance();
        const name = this.name();
        this.expect('::');
        return { kind: 'Label', name, line };
      }
      case 'return':
        return this.retstat();
      case 'break':
        this.advance();
        return { kind: 'Break', line };
      case 'goto': {
        this.advance();
        const label = this.name();
        return { kind: 'Goto', label, line };
      }
      default:
        return this.exprstat();
    }
  }

  private ifstat(): Stat {
    const line = this.t.line;
    const clauses: { cond: Expr; body: Block }[] = [];
    do {
      this.advance();
      const cond = this.expr();
      this.expect('then');
      clauses.push({ cond, body: this.block() });
    } while (this.t.kind === 'elseif');
    let orelse: Block | undefined;
    if (this.accept('else')) orelse = this.block();
    this.match('end', 'if', line);
    return { kind: 'If', clauses, orelse, line };
  }

  private forstat(): Stat {
    const line = this.advance().line;
    const n1 = this.name();
    // the loop's locals, its hidden control variables included, leave scope with it
    const f = this.fnLocals;
    const inScope = f.n;
    const s = this.forAfterName(line, n1);
    f.n = inScope;
    return s;
  }

  private forAfterName(line: number, n1: string): Stat {
    if (this.t.kind === '=') {
      // three hidden control variables and the loop's variable
      this.declareLocals(4);
      this.advance();
      const start = this.expr();
      this.expect(',');
      const limit = this.expr();
      const step = this.accept(',') ? this.expr() : undefined;
      this.expect('do');
      const body = this.block();
      this.match('end', 'for', line);
      return { kind: 'NumFor', name: n1, start, limit, step, body, line };
    }
    if (this.t.kind === ',' || this.t.kind === 'in') {
      // four hidden control variables and the first name
      this.declareLocals(5);
      const names = [n1];
      while (this.accept(',')) {
        names.push(this.name());
        this.declareLocals();
      }
      this.expect('in');
      const exprs = this.exprList();
      this.expect('do');
      const body = this.block();
      this.match('end', 'for', line);
      return { kind: 'GenFor', names, exprs, body, line };
    }
    return this.error(`'=' or 'in' expected`);
  }

  private funcstat(): Stat {
    const line = this.advance().line;
    const n = this.t;
    let target: Expr = { kind: 'Name', name: this.name(), line: n.line };
    let fullname = n.value as string;
    let isMethod = false;
    while (this.t.kind === '.') {
      this.advance();
      const kline = this.t.line;
      const key = this.name();
      fullname += '.' + key;
      target = { kind: 'Index', obj: target, key: { kind: 'String', value: key, line: kline }, line: kline };
    }
    if (this.t.kind === ':') {
      this.advance();
      const kline = this.t.line;
      const key = this.name();
      fullname += ':' + key;
      target = { kind: 'Index', obj: target, key: { kind: 'String', value: key, line: kline }, line: kline };
      isMethod = true;
    }
    const func = this.funcBody(line, isMethod, fullname);
    return { kind: 'Assign', targets: [target], exprs: [func], line };
  }

  private localstat(line: number): Stat {
    const names: LocalAttrib[] = [];
    do {
      const name = this.name();
      this.declareLocals();
      let attrib: LocalAttrib['attrib'];
      if (this.accept('<')) {
        const a = this.name();
        if (a !== 'const' && a !== 'close') {
          throw new LuaSyntaxError(`${this.chunk}:${this.t.line}: unknown attribute '${a}'`);
        }
        attrib = a;
        this.expect('>');
      }
      names.push({ name, attrib });
    } while (this.accept(','));
    const exprs = this.accept('=') ? this.exprList() : [];
    return { kind: 'Local', names, exprs, line };
  }

  private exprstat(): Stat {
    const line = this.t.line;
    const e = this.suffixedExpr();
    if (this.t.kind === '=' || this.t.kind === ',') {
      const targets = [e];
      while (this.accept(',')) targets.push(this.suffixedExpr());
      for (const t of targets) if (t.kind !== 'Name' && t.kind !== 'Index') this.error('syntax error');
      this.expect('=');
      const exprs = this.exprList();
      return { kind: 'Assign', targets, exprs, line };
    }
    if (e.kind !== 'Call') this.error('syntax error');
    return { kind: 'CallStat', call: e, line };
  }

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.accept(',')) list.push(this.expr());
    return list;
  }

  expr(limit = 0): Expr {
    this.enterLevel();
    const e = this.subexpr(limit);
    this.level--;
    return e;
  }

  /** lparser.c's subexpr: operators of a priority above `limit`, by precedence climbing. */
  private subexpr(limit: number): Expr {
    let left: Expr;
    const k = this.t.kind;
    if (k === 'not' || k === '-' || k === '#' || k === '~') {
      const line = this.advance().line;
      const operand = this.expr(UNARY_PRIORITY);
      left = { kind: 'Unop', op: k, operand, line };
    } else {
      left = this.simpleExpr();
    }
    for (;;) {
      const op = this.t.kind;
      const prio = BINARY[op];
      if (prio === undefined || prio[0] <= limit) break;
      const line = this.advance().line;
      const right = this.expr(prio[1]);
      left = { kind: 'Binop', op: op as BinOp, left, right, line };
    }
    return left;
  }

  private simpleExpr(): Expr {
    const t = this.t;
    const line = t.line;
    switch (t.kind) {
      case 'number':
        this.advance();
        return { kind: 'Number', value: t.value as number, line };
      case 'string':
        this.advance();
        return { kind: 'String', value: t.value as string, line };
      case 'nil':
        this.advance();
        return { kind: 'Nil', line };
      case 'true':
        this.advance();
        return { kind: 'True', line };
      case 'false':
        this.advance();
        return { kind: 'False', line };
      case '...':
        this.advance();
        return { kind: 'Vararg', line };
      case '{':
        return this.tableCons();
      case 'function':
        this.advance();
        return this.funcBody(line, false, undefined);
      default:
        return this.suffixedExpr();
    }
  }

  private primaryExpr(): Expr {
    const t = this.t;
    if (t.kind === 'name') {
      this.advance();
      return { kind: 'Name', name: t.value as string, line: t.line };
    }
    if (t.kind === '(') {
      const line = this.advance().line;
      const expr = this.expr();
      this.match(')', '(', line);
      return { kind: 'Paren', expr, line };
    }
    return this.error('unexpected symbol');
  }

  private suffixedExpr(): Expr {
    const line = this.t.line;
    let e = this.primaryExpr();
    for (;;) {
      switch (this.t.kind) {
        case '.': {
          const kl = this.advance().line;
          const key = this.name();
          e = { kind: 'Index', obj: e, key: { kind: 'String', value: key, line: kl }, line: kl };
          break;
        }
        case '[': {
          const kl = this.advance().line;
          const key = this.expr();
          this.expect(']');
          e = { kind: 'Index', obj: e, key, line: kl };
          break;
        }
        case ':': {
          this.advance();
          const method = this.name();
          e = this.callArgs(e, method, line);
          break;
        }
        case '(':
        case 'string':
        case '{':
          e = this.callArgs(e, undefined, line);
          break;
        default:
          return e;
      }
    }
  }

  private callArgs(fn: Expr, method: string | undefined, line: number): CallExpr {
    const t = this.t;
    let args: Expr[];
    if (t.kind === 'string') {
      this.advance();
      args = [{ kind: 'String', value: t.value as string, line: t.line }];
    } else if (t.kind === '{') {
      args = [this.tableCons()];
    } else if (t.kind === '(') {
      const open = this.advance().line;
      args = this.t.kind === ')' ? [] : this.exprList();
      this.match(')', '(', open);
    } else {
      return this.error('function arguments expected');
    }
    return { kind: 'Call', fn, method, args, line };
  }

  private tableCons(): Expr {
    const line = this.expect('{').line;
    const items: TableItem[] = [];
    while (this.t.kind !== '}') {
      if (this.t.kind === 'name' && this.peek().kind === '=') {
        const kt = this.advance();
        this.advance();
        items.push({
          kind: 'Keyed',
          key: { kind: 'String', value: kt.value as string, line: kt.line },
          value: this.expr(),
        });
      } else if (this.t.kind === '[') {
        this.advance();
        const key = this.expr();
        this.expect(']');
        this.expect('=');
        items.push({ kind: 'Keyed', key, value: this.expr() });
      } else {
        items.push({ kind: 'Pos', value: this.expr() });
      }
      if (!this.accept(',') && !this.accept(';')) break;
    }
    const endLine = this.t.line;
    this.match('}', '{', line);
    return { kind: 'Table', items, line, endLine };
  }

  private funcBody(line: number, isMethod: boolean, name: string | undefined): FunctionExpr {
    const params: string[] = isMethod ? ['self'] : [];
    let isVararg = false;
    this.locals.push({ n: params.length, line });
    this.expect('(');
    if (this.t.kind !== ')') {
      do {
        if (this.t.kind === '...') {
          this.advance();
          isVararg = true;
          break;
        }
        if (this.t.kind !== 'name') this.error("<name> or '...' expected");
        params.push(this.name());
        this.declareLocals();
      } while (this.accept(','));
    }
    this.expect(')');
    const body = this.block();
    this.locals.pop();
    const endLine = this.t.line;
    this.match('end', 'function', line);
    return { kind: 'Function', params, isVararg, body, line, endLine, name };
  }
}

export function parse(src: string, chunkname: string, hints = true, cCalls = 1): Chunk {
  return new Parser(src, chunkname, hints, cCalls).parseChunk();
}
