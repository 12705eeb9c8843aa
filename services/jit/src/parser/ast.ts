// The syntax tree. Every node carries the source line the compiler attributes its instructions to.
import type { LFloat } from '../vm/value.ts';

export type BinOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '^'
  | '..'
  | '=='
  | '~='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | '&'
  | '|'
  | '~'
  | '<<'
  | '>>';
export type UnOp = '-' | 'not' | '#' | '~';

export type Expr =
  | { kind: 'Nil'; line: number }
  | { kind: 'True'; line: number }
  | { kind: 'False'; line: number }
  | { kind: 'Number'; value: number | bigint | LFloat; line: number }
  | { kind: 'String'; value: string; line: number }
  | { kind: 'Vararg'; line: number }
  | FunctionExpr
  | { kind: 'Table'; items: TableItem[]; line: number; endLine: number }
  | { kind: 'Binop'; op: BinOp; left: Expr; right: Expr; line: number }
  | { kind: 'Unop'; op: UnOp; operand: Expr; line: number }
  | { kind: 'Name'; name: string; line: number }
  | { kind: 'Index'; obj: Expr; key: Expr; line: number }
  | CallExpr
  | { kind: 'Paren'; expr: Expr; line: number };

export interface CallExpr {
  kind: 'Call';
  fn: Expr;
  /** Set for `obj:name(args)`. */
  method: string | undefined;
  args: Expr[];
  line: number;
}

export interface FunctionExpr {
  kind: 'Function';
  params: string[];
  isVararg: boolean;
  body: Block;
  line: number;
  endLine: number;
  /** For messages and tracebacks, e.g. "function 'f'" / "method 'obj:m'". */
  name: string | undefined;
  /** Marked `--@pure`: the JIT may fold a call with constant arguments to its results. */
  pure?: boolean;
  /** Marked `--@promote [names]`: these parameters (none named: all) are promoted in traces. */
  promote?: string[];
  /** `function a.b:c()` adds the implicit self parameter. */
}

export type TableItem = { kind: 'Pos'; value: Expr } | { kind: 'Keyed'; key: Expr; value: Expr };

export interface LocalAttrib {
  name: string;
  attrib: 'const' | 'close' | undefined;
}

export type Stat =
  /** promote: marked `--@promote [names]`, a trace takes those locals' values (none named: all) as constants. */
  | { kind: 'Local'; names: LocalAttrib[]; exprs: Expr[]; line: number; promote?: string[] }
  | { kind: 'Assign'; targets: Expr[]; exprs: Expr[]; line: number }
  | { kind: 'CallStat'; call: CallExpr; line: number }
  | { kind: 'Do'; body: Block; line: number }
  | { kind: 'While'; cond: Expr; body: Block; line: number }
  | { kind: 'Repeat'; body: Block; cond: Expr; line: number }
  | { kind: 'If'; clauses: { cond: Expr; body: Block }[]; orelse: Block | undefined; line: number }
  | {
      kind: 'NumFor';
      name: string;
      start: Expr;
      limit: Expr;
      step: Expr | undefined;
      body: Block;
      line: number;
    }
  | { kind: 'GenFor'; names: string[]; exprs: Expr[]; body: Block; line: number }
  | { kind: 'LocalFunction'; name: string; func: FunctionExpr; line: number }
  | { kind: 'Return'; exprs: Expr[]; line: number }
  | { kind: 'Break'; line: number }
  | { kind: 'Goto'; label: string; line: number }
  | { kind: 'Label'; name: string; line: number };

export interface Block {
  stats: Stat[];
  /** Line of the token that closes the block (end/until/else/eof). */
  endLine: number;
}

export interface Chunk {
  body: Block;
  chunkname: string;
}
