// The plain rows of a chunk parsed in WebAssembly: a module generated per file shape, like the JS row
// loop (row-parser.ts), that parses unquoted numbers and YYYY-MM-DD dates into columns in its memory and
// passes over the fields the query does not read, 16 bytes at a time with SIMD. It stops at the first row
// it cannot take whole (a quote at a field's start, an empty field, an exponent or a long mantissa, a
// blank line, a wrong field count, a date it does not check): the JS loop parses that row, or reports
// it, and the module goes on from the next. It never decides anything the JS loop would decide
// differently: every value it stores is the one the JS fast path computes (the same exact mantissa and
// one division by an exact power of ten; the same civil-date arithmetic), and everything else is the
// JS loop's. Only shapes whose read columns are all numbers or ISO dates use it.
import { DATE, FLOAT, INT, POW10, type ChunkContext } from './fields.ts';
import { F64, I32, I64, V128, wasmModule, type Asm } from './wasm-asm.ts';

/** Rows per call: the size of the column area, per column. */
export const WASM_BATCH = 4096;
/** i32 where the call stopped, then i32 1 when it stopped at a row for the JS loop (0: batch full or end). */
const STATE = 0;
const POW = 64; // f64 × 16: POW10[0..15]
const DIM = 192; // u8 × 13: days in month, by month (February 28)
const COLS = 256; // column j: WASM_BATCH values (f64, or i32 for dates) at COLS + j × WASM_BATCH × 8
/** Zero bytes after the sentinel newline that ends the copy: the widest read past the end (16) fits. */
const PAD = 32;

// parameters: p, end (addresses); locals, by index
const P = 0,
  END = 1,
  ROW = 2,
  RS = 3,
  C = 4,
  DS = 5,
  NEG = 6,
  SCALE = 7,
  DIG = 8,
  Y = 9,
  M = 10,
  DD = 11,
  T = 12,
  MANT = 13,
  X = 14,
  VD = 15,
  VLF = 16,
  VCR = 17,
  VQ = 18,
  V = 19;

/** Whether the module may be used at all: LIGHTSWITCH_CSV_WASM=0 turns it off (the tests' and benchmarks' A/B). */
export function wasmRowsEnabled(): boolean {
  return process.env.LIGHTSWITCH_CSV_WASM !== '0';
}

/** The shapes the module covers: at least one column read, and every read column a number or ISO date. */
function wasmShape(ctx: ChunkContext): boolean {
  const k = [...ctx.kinds];
  return k.length > 0 && k.every((x) => x === INT || x === FLOAT || x === DATE);
}

function generate(ctx: ChunkContext): (a: Asm) => void {
  const { spec, slot, kinds } = ctx;
  const D = spec.delimiter;
  const isStop = (a: Asm) =>
    a
      .localGet(C)
      .i32Const(D)
      .i32Eq()
      .localGet(C)
      .i32Const(10)
      .i32Eq()
      .i32Or()
      .localGet(C)
      .i32Const(13)
      .i32Eq()
      .i32Or();
  const col = (j: number) => COLS + j * WASM_BATCH * 8;
  const pAdd = (a: Asm, n: number) => a.localGet(P).i32Const(n).i32Add().localSet(P);
  const quoteBails = (a: Asm) =>
    a.localGet(P).i32Load8U().localTee(C).i32Const(spec.quote).i32Eq().brIf('bail');

  // a field not read: to its end, 16 bytes a step; a quoted one to its closing quote (doubled quotes
  // inside), which must be followed by a stop byte, as the JS loop requires
  const skip = (a: Asm) => {
    a.localGet(P).i32Load8U().i32Const(spec.quote).i32Eq().if();
    pAdd(a, 1);
    a.block('qe').loop('ql');
    a.localGet(P).localGet(END).i32GeU().brIf('bail');
    a.localGet(P).v128Load(0).localGet(VQ).i8x16Eq().i8x16Bitmask().localTee(T).if();
    a.localGet(P).localGet(T).i32Ctz().i32Add().localSet(P);
    a.localGet(P).i32Load8U(1).i32Const(spec.quote).i32Eq().if();
    pAdd(a, 2).br('ql');
    a.end();
    pAdd(a, 1).br('qe');
    a.end();
    pAdd(a, 16).br('ql');
    a.end().end();
    a.localGet(P).i32Load8U().localSet(C);
    isStop(a).i32Eqz().brIf('bail');
    a.else();
    a.block('e').loop('l');
    a.localGet(P).v128Load(0).localTee(V).localGet(VD).i8x16Eq();
    a.localGet(V).localGet(VLF).i8x16Eq().v128Or();
    a.localGet(V).localGet(VCR).i8x16Eq().v128Or();
    a.i8x16Bitmask().localTee(T).if();
    a.localGet(P).localGet(T).i32Ctz().i32Add().localSet(P).br('e');
    a.end();
    pAdd(a, 16).br('l');
    a.end().end();
    a.end();
  };

  const digits = (a: Asm) => {
    a.block('d').loop('dl');
    a.localGet(P).i32Load8U().i32Const(48).i32Sub().localTee(T).i32Const(9).i32GtU().brIf('d');
    a.localGet(MANT).i64Const(10).i64Mul().localGet(T).i64ExtendI32U().i64Add().localSet(MANT);
    pAdd(a, 1).br('dl');
    a.end().end();
  };

  const number = (a: Asm, j: number, float: boolean) => {
    quoteBails(a);
    a.localGet(C).i32Const(45).i32Eq().localTee(NEG).localGet(P).i32Add().localSet(P);
    a.localGet(P).localSet(DS).i64Const(0).localSet(MANT);
    digits(a);
    a.localGet(P).localGet(DS).i32Sub().localSet(DIG);
    if (float) {
      a.i32Const(0).localSet(SCALE);
      a.localGet(P).i32Load8U().i32Const(46).i32Eq().if();
      pAdd(a, 1).localGet(P).localSet(DS);
      digits(a);
      a.localGet(P).localGet(DS).i32Sub().localTee(SCALE).localGet(DIG).i32Add().localSet(DIG);
      a.end();
    }
    // 1 to 15 digits, then a stop byte: what the JS fast path takes
    a.localGet(DIG).i32Const(1).i32Sub().i32Const(14).i32GtU().brIf('bail');
    a.localGet(P).i32Load8U().localSet(C);
    isStop(a).i32Eqz().brIf('bail');
    a.localGet(MANT).f64ConvertI64S();
    if (float) a.localGet(SCALE).i32Const(3).i32Shl().f64Load(POW).f64Div();
    a.localSet(X);
    a.localGet(ROW).i32Const(3).i32Shl();
    a.localGet(X).f64Neg().localGet(X).localGet(NEG).select();
    a.f64Store(col(j));
  };

  const date = (a: Asm, j: number) => {
    const dig = (off: number) =>
      a
        .localGet(P)
        .i32Load8U(off)
        .i32Const(48)
        .i32Sub()
        .localTee(T)
        .i32Const(9)
        .i32GtU()
        .brIf('bail')
        .localGet(T);
    a.localGet(P).i32Load8U(4).i32Const(45).i32Ne().brIf('bail');
    a.localGet(P).i32Load8U(7).i32Const(45).i32Ne().brIf('bail');
    dig(0).i32Const(1000).i32Mul();
    dig(1).i32Const(100).i32Mul().i32Add();
    dig(2).i32Const(10).i32Mul().i32Add();
    dig(3).i32Add().localSet(Y);
    dig(5).i32Const(10).i32Mul();
    dig(6).i32Add().localSet(M);
    dig(8).i32Const(10).i32Mul();
    dig(9).i32Add().localSet(DD);
    // year 0 (a negative year after the March shift) is left to the JS loop
    a.localGet(Y).i32Eqz().brIf('bail');
    a.localGet(M).i32Const(1).i32Sub().i32Const(11).i32GtU().brIf('bail');
    a.localGet(DD).i32Const(1).i32Sub().i32Const(30).i32GtU().brIf('bail');
    a.localGet(P).i32Load8U(10).localSet(C);
    isStop(a).i32Eqz().brIf('bail');
    // day > days in month (+1 in a leap February)
    a.localGet(DD);
    a.localGet(M).i32Load8U(DIM);
    a.localGet(M).i32Const(2).i32Eq();
    a.localGet(Y).i32Const(4).i32RemU().i32Eqz();
    a.localGet(Y).i32Const(100).i32RemU().i32Eqz().i32Eqz().i32And();
    a.localGet(Y).i32Const(400).i32RemU().i32Eqz().i32Or();
    a.i32And().i32Add().i32GtU().brIf('bail');
    // daysFromCivil (morsel/dates.ts) on non-negative years: y' = y - (m <= 2), era, yoe, doy, doe
    a.localGet(Y).localGet(M).i32Const(2).i32LeU().i32Sub().localSet(Y);
    a.localGet(Y).i32Const(400).i32DivU().localSet(T);
    a.localGet(Y).localGet(T).i32Const(400).i32Mul().i32Sub().localSet(DS);
    a.localGet(M).i32Const(-3).i32Const(9).localGet(M).i32Const(2).i32GtU().select().i32Add();
    a.i32Const(153).i32Mul().i32Const(2).i32Add().i32Const(5).i32DivU();
    a.localGet(DD).i32Add().i32Const(1).i32Sub().localSet(SCALE);
    a.localGet(DS).i32Const(365).i32Mul();
    a.localGet(DS).i32Const(4).i32DivU().i32Add();
    a.localGet(DS).i32Const(100).i32DivU().i32Sub();
    a.localGet(SCALE).i32Add().localSet(DIG);
    a.localGet(ROW).i32Const(2).i32Shl();
    a.localGet(T).i32Const(146097).i32Mul().localGet(DIG).i32Add().i32Const(719468).i32Sub();
    a.i32Store(col(j));
    pAdd(a, 10);
  };

  return (a: Asm) => {
    for (const [local, byte] of [
      [VD, D],
      [VLF, 10],
      [VCR, 13],
      [VQ, spec.quote],
    ] as const)
      a.i32Const(byte).i8x16Splat().localSet(local);
    a.block('done').block('bail').loop('rows');
    a.localGet(ROW).i32Const(WASM_BATCH).i32GeU().brIf('done');
    a.localGet(P).localGet(END).i32GeU().brIf('done');
    a.localGet(P).localSet(RS);
    // a blank line, or a one-column file's null
    a.localGet(P).i32Load8U().localTee(C).i32Const(10).i32Eq();
    a.localGet(C).i32Const(13).i32Eq().i32Or().brIf('bail');
    for (let f = 0; f < spec.fieldCount; f++) {
      const j = slot[f]!;
      const kind = j < 0 ? -1 : kinds[j]!;
      if (kind === -1) skip(a);
      else if (kind === DATE) date(a, j);
      else number(a, j, kind === FLOAT);
      if (f < spec.fieldCount - 1) {
        a.localGet(P).i32Load8U().i32Const(D).i32Ne().brIf('bail');
        pAdd(a, 1);
      } else {
        a.localGet(P).i32Load8U().localTee(C).i32Const(D).i32Eq().brIf('bail');
        a.localGet(C).i32Const(13).i32Eq().if();
        pAdd(a, 1).localGet(P).i32Load8U().localSet(C);
        a.end();
        a.localGet(C).i32Const(10).i32Eq().if();
        pAdd(a, 1);
        a.end();
      }
    }
    a.localGet(ROW).i32Const(1).i32Add().localSet(ROW).br('rows');
    a.end().end();
    a.i32Const(STATE + 4)
      .i32Const(1)
      .i32Store();
    a.i32Const(STATE).localGet(RS).i32Store();
    a.localGet(ROW).return();
    a.end();
    a.i32Const(STATE + 4)
      .i32Const(0)
      .i32Store();
    a.i32Const(STATE).localGet(P).i32Store();
    a.localGet(ROW);
  };
}

interface Exports {
  run: (p: number, end: number) => number;
  mem: WebAssembly.Memory;
}

/** One shape's module instance, with views of its state and batch columns (renewed when memory grows). */
export class WasmRows {
  st!: Int32Array;
  cols!: (Float64Array | Int32Array)[];
  readonly run: (p: number, end: number) => number;
  private readonly base: number;

  constructor(
    private readonly x: Exports,
    private readonly kinds: number[],
  ) {
    this.run = x.run;
    this.base = COLS + kinds.length * WASM_BATCH * 8;
    this.reserve(this.base + 65536);
    new Float64Array(x.mem.buffer, POW, 16).set(POW10.slice(0, 16));
    new Uint8Array(x.mem.buffer, DIM, 13).set([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  }

  private views(): void {
    const buf = this.x.mem.buffer;
    this.st = new Int32Array(buf, STATE, 2);
    this.cols = this.kinds.map((k, j) =>
      k === DATE
        ? new Int32Array(buf, COLS + j * WASM_BATCH * 8, WASM_BATCH)
        : new Float64Array(buf, COLS + j * WASM_BATCH * 8, WASM_BATCH),
    );
  }

  private reserve(bytes: number): void {
    const mem = this.x.mem;
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
    if (this.st?.buffer !== mem.buffer) this.views();
  }

  /** Copies the chunk into memory, a newline after it (every field and row ends by then); returns its address. */
  load(bytes: Uint8Array): number {
    const end = this.base + bytes.length;
    this.reserve(end + 1 + PAD);
    const m = new Uint8Array(this.x.mem.buffer);
    m.set(bytes, this.base);
    m[end] = 10;
    m.fill(0, end + 1, end + 1 + PAD);
    return this.base;
  }
}

const cache = new Map<string, WasmRows | null>();

/**
 * The module for `ctx`'s shape, or null where it does not apply, is turned off, or WebAssembly SIMD is
 * missing (then the JS loop parses every row). One instance per shape and thread, shared by the row loops
 * of every sink: a loop loads its chunk before each run.
 */
export function wasmRows(ctx: ChunkContext): WasmRows | null {
  if (!wasmShape(ctx) || !wasmRowsEnabled()) return null;
  const { spec, slot, kinds } = ctx;
  const key = `${spec.fieldCount}|${spec.delimiter}|${spec.quote}|${[...slot].join(',')}|${[...kinds].join(',')}`;
  let w = cache.get(key);
  if (w === undefined) {
    try {
      const mod = wasmModule({
        params: [I32, I32],
        result: I32,
        locals: [
          [11, I32],
          [1, I64],
          [1, F64],
          [5, V128],
        ],
        body: generate(ctx),
      });
      w = new WasmRows(new WebAssembly.Instance(mod, {}).exports as unknown as Exports, [...kinds]);
    } catch {
      w = null; // no WebAssembly SIMD here (csv-wasm.test.ts checks that the module builds where it is)
    }
    cache.set(key, w);
  }
  return w;
}
