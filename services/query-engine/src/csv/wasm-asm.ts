// A few dozen lines of WebAssembly binary encoding: enough to build a one-function module (quotes.ts)
// from readable code at load time, without a compiler toolchain in the build or a binary blob in the
// repository. Opcodes are the spec's (core 2.0 + fixed-width SIMD).

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

/** An instruction sequence, written as chained calls in stack order. */
export class Asm {
  readonly bytes: number[] = [];
  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(code: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(code), ...rest);
  }
  block = () => this.op(0x02, 0x40);
  loop = () => this.op(0x03, 0x40);
  end = () => this.op(0x0b);
  br = (depth: number) => this.op(0x0c, ...uleb(depth));
  brIf = (depth: number) => this.op(0x0d, ...uleb(depth));
  localGet = (i: number) => this.op(0x20, ...uleb(i));
  localSet = (i: number) => this.op(0x21, ...uleb(i));
  localTee = (i: number) => this.op(0x22, ...uleb(i));
  i32Const = (v: number) => this.op(0x41, ...sleb(v));
  i32GeU = () => this.op(0x4f);
  i32Add = () => this.op(0x6a);
  i32And = () => this.op(0x71);
  i32Popcnt = () => this.op(0x69);
  i32Xor = () => this.op(0x73);
  /** v128.load, alignment hint 1 (any address), at `offset` past the address on the stack. */
  v128Load = (offset: number) => this.simd(0x00, 0, ...uleb(offset));
  i8x16Splat = () => this.simd(0x0f);
  i8x16Eq = () => this.simd(0x23);
  i8x16Bitmask = () => this.simd(0x64);
}

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
