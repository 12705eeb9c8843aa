// A small WebAssembly binary encoder: enough to build a one-function module (the quote parity of
// quote-parity-wasm.ts, the row loop of wasm-rows.ts) from readable code at load time, without a compiler
// toolchain in the build or a binary blob in the repository. Opcodes are the spec's (core 2.0 +
// fixed-width SIMD).

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

/** A branch target: a label given to block/loop/if, or a relative depth. */
type Target = string | number;

/** An instruction sequence, written as chained calls in stack order. Branches may name their target. */
export class Asm {
  readonly bytes: number[] = [];
  private readonly labels: (string | undefined)[] = [];
  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(code: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(code), ...rest);
  }
  private depth(t: Target): number {
    if (typeof t === 'number') return t;
    const i = this.labels.lastIndexOf(t);
    if (i < 0) throw new Error(`internal: no enclosing label ${t}`);
    return this.labels.length - 1 - i;
  }
  /** block, loop or if, of no result type (0x40). */
  private open(code: number, label?: string): this {
    this.labels.push(label);
    return this.op(code, 0x40);
  }
  private mem(code: number, align: number, offset: number): this {
    return this.op(code, align, ...uleb(offset));
  }
  block = (label?: string) => this.open(0x02, label);
  loop = (label?: string) => this.open(0x03, label);
  if = (label?: string) => this.open(0x04, label);
  else = () => this.op(0x05);
  end = () => {
    this.labels.pop();
    return this.op(0x0b);
  };
  br = (t: Target) => this.op(0x0c, ...uleb(this.depth(t)));
  brIf = (t: Target) => this.op(0x0d, ...uleb(this.depth(t)));
  return = () => this.op(0x0f);
  select = () => this.op(0x1b);
  localGet = (i: number) => this.op(0x20, ...uleb(i));
  localSet = (i: number) => this.op(0x21, ...uleb(i));
  localTee = (i: number) => this.op(0x22, ...uleb(i));
  f64Load = (offset = 0) => this.mem(0x2b, 0, offset);
  i32Load8U = (offset = 0) => this.mem(0x2d, 0, offset);
  i32Store = (offset = 0) => this.mem(0x36, 0, offset);
  f64Store = (offset = 0) => this.mem(0x39, 0, offset);
  i32Const = (v: number) => this.op(0x41, ...sleb(v));
  i64Const = (v: number) => this.op(0x42, ...sleb(v));
  i32Eqz = () => this.op(0x45);
  i32Eq = () => this.op(0x46);
  i32Ne = () => this.op(0x47);
  i32GtU = () => this.op(0x4b);
  i32LeU = () => this.op(0x4d);
  i32GeU = () => this.op(0x4f);
  i32Ctz = () => this.op(0x68);
  i32Popcnt = () => this.op(0x69);
  i32Add = () => this.op(0x6a);
  i32Sub = () => this.op(0x6b);
  i32Mul = () => this.op(0x6c);
  i32DivU = () => this.op(0x6e);
  i32RemU = () => this.op(0x70);
  i32And = () => this.op(0x71);
  i32Or = () => this.op(0x72);
  i32Xor = () => this.op(0x73);
  i32Shl = () => this.op(0x74);
  i64Add = () => this.op(0x7c);
  i64Mul = () => this.op(0x7e);
  f64Neg = () => this.op(0x9a);
  f64Div = () => this.op(0xa3);
  i64ExtendI32U = () => this.op(0xad);
  f64ConvertI64S = () => this.op(0xb9);
  /** v128.load, alignment hint 1 (any address), at `offset` past the address on the stack. */
  v128Load = (offset: number) => this.simd(0x00, 0, ...uleb(offset));
  i8x16Splat = () => this.simd(0x0f);
  i8x16Eq = () => this.simd(0x23);
  v128Or = () => this.simd(0x50);
  i8x16Bitmask = () => this.simd(0x64);
}

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

export interface FunctionSpec {
  params: number[];
  result: number;
  /** Groups of [count, value type] after the parameters. */
  locals: [number, number][];
  body: (a: Asm) => void;
}

/** A module exporting one function, `run`, and its memory, `mem` (one page to start, growable). */
export function wasmModule(fn: FunctionSpec): WebAssembly.Module {
  const a = new Asm();
  fn.body(a);
  a.end();
  const code = [...vec(fn.locals.map(([n, t]) => [...uleb(n), t])), ...a.bytes];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(fn.params.map((p) => [p])), ...vec([[fn.result]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(
      7,
      vec([
        [...name('run'), 0x00, 0],
        [...name('mem'), 0x02, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}
