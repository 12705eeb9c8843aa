// What the interpreter's register file costs it (issue 6's fourth goal): mandelbrot's inner iteration
// (10 instructions) run by a minimal interpreter, a switch over packed instruction words as in
// vm/interp.ts, over register files of several designs. The same source is compiled for each
// (new Function), so that only the register reads and writes differ:
//  * an array V8 keeps as unboxed doubles (it holds numbers only, which no Lua stack can);
//  * a generic array, as the interpreter's stack is (it holds tables, strings and functions too):
//    every float stored into a register is a new heap number;
//  * designs that keep numbers unboxed beside other values: a marker in the generic array pointing to
//    a Float64Array, a tag per register, an array of doubles whose NaN says "elsewhere", NaN-boxing.
// Two closure-threaded interpreters (one closure per instruction) show the other way of dispatching.
// Each variant runs in a process of its own, the processes interleaved; the time is the second of two
// runs in the process. Run: npm run bench:jit:register-file [-- --runs 5]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '@lightswitch/service-kit/measure';
import { table } from './report.ts';
import { positiveInt } from './options.ts';

const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, variant: { type: 'string' } },
});
const runs = positiveInt('bench:jit:register-file', 'runs', opt.runs);

const MUL = 0;
const ADD = 1;
const SUB = 2;
const LT = 3;
const FORLOOP = 4;
/** [op, a, b, c]; an operand of 256 or more is constant b - 256. Registers as mandelbrot's. */
const PROGRAM: [number, number, number, number][] = [
  [MUL, 26, 256, 16], // 2.0 * zr
  [MUL, 25, 26, 17], // * zi
  [ADD, 17, 25, 8], // zi = ... + ci
  [SUB, 25, 18, 19], // zrq - ziq
  [ADD, 16, 25, 15], // zr = ... + cr
  [MUL, 18, 16, 16], // zrq = zr * zr
  [MUL, 19, 17, 17], // ziq = zi * zi
  [ADD, 25, 18, 19], // zrq + ziq
  [LT, 0, 257, 25], // 4.0 < ... : escaped
  [FORLOOP, 21, 0, 0],
];
const K = [2.0, 4.0];
const ITERATIONS = 50;
const PIXELS = 300_000;
const CODE = Int32Array.from(PROGRAM.map(([op, a, b, c]) => op | (a << 6) | (b << 14) | (c << 23)));

function slow(): never {
  throw new Error('not a number');
}

/** Escaped pixels, and the iterations run in all (the loop counter each pixel ended with). */
interface Result {
  escaped: number;
  iterations: number;
}

/** How a register file is made, read (a number, else slow()) and written, as JS source. */
interface RegisterFile {
  setup: string;
  read: (r: string) => string;
  write: (r: string, v: string) => string;
}

const typed = (s: string) => (r: string) => `(typeof (t = ${s}[${r}]) === 'number' ? t : slow())`;
const notNaN = (s: string) => (r: string) => `((t = ${s}[${r}]) === t ? t : slow())`;
const plainWrite = (s: string) => (r: string, v: string) => `${s}[${r}] = ${v}`;
const numbers = 'const s = []; for (let r = 0; r < 32; r++) s.push(0.5);';

const FILES: Record<string, RegisterFile> = {
  // V8 keeps an array holding only numbers as unboxed doubles
  'unboxed doubles': { setup: numbers, read: typed('s'), write: plainWrite('s') },
  // one object in it, and every number in it is a heap number: what the interpreter's stack is
  'generic array': { setup: `${numbers} s[31] = { table: true };`, read: typed('s'), write: plainWrite('s') },
  // the generic array holding a marker where a register's number is in a Float64Array beside it
  'marker + Float64Array': {
    setup: `${numbers} s[31] = { table: true }; const num = new Float64Array(32); const F = { float: true };`,
    read: (r) => `((t = s[${r}]) === F ? num[${r}] : typeof t === 'number' ? t : slow())`,
    write: (r, v) => `(s[${r}] = F, num[${r}] = ${v})`,
  },
  // a tag per register, numbers in a Float64Array, other values in a generic array
  'tags + Float64Array': {
    setup:
      'const num = new Float64Array(32); const tag = new Uint8Array(32); ' +
      'const ref = new Array(32).fill(undefined); ref[31] = { table: true };',
    read: (r) => `(tag[${r}] === 1 ? num[${r}] : slow())`,
    write: (r, v) => `(tag[${r}] = 1, num[${r}] = ${v})`,
  },
  // numbers in an array of unboxed doubles, a NaN there saying the value is in a generic array beside
  // it (a Lua NaN would be boxed there): V8 canonicalises NaNs in such arrays, so no payload
  'doubles + refs': {
    setup:
      'const num = []; for (let r = 0; r < 31; r++) num.push(0.5); num.push(NaN); ' +
      'const ref = new Array(32).fill(undefined); ref[31] = { table: true };',
    read: notNaN('num'),
    write: plainWrite('num'),
  },
  // every value a double, others as NaNs whose payload says where they are (NaN-boxing): a Float64Array
  // keeps a NaN's bits
  'Float64Array (NaN-boxing)': {
    setup: 'const num = new Float64Array(32);',
    read: notNaN('num'),
    write: plainWrite('num'),
  },
};

/**
 * The dispatch loop over one register file, compiled apart (new Function) so that each variant's
 * code has its own type feedback and the same shape as the others'.
 */
function switchInterpreter(f: RegisterFile): () => Result {
  const { read, write } = f;
  const operands =
    'const x = b >= 256 ? K[b - 256] : ' +
    read('b') +
    '; const y = c >= 256 ? K[c - 256] : ' +
    read('c') +
    ';';
  const body = `
    let escaped = 0, iterations = 0, t;
    ${f.setup}
    for (let px = 0; px < PIXELS; px++) {
      ${write('8', '-1 + (px % 600) / 300')}; ${write('15', '-1.5 + (px % 701) / 350')};
      ${write('16', '0.5')}; ${write('17', '0.25')}; ${write('18', '0.25')}; ${write('19', '0.0625')};
      ${write('21', '0')}; ${write('22', 'ITERATIONS')};
      let pc = 0;
      for (;;) {
        const i = CODE[pc++];
        const a = (i >>> 6) & 255, b = (i >>> 14) & 511, c = i >>> 23;
        let done = false;
        switch (i & 63) {
          case ${MUL}: { ${operands} ${write('a', 'x * y')}; break; }
          case ${ADD}: { ${operands} ${write('a', 'x + y')}; break; }
          case ${SUB}: { ${operands} ${write('a', 'x - y')}; break; }
          case ${LT}: { ${operands} if (x < y) { escaped++; done = true; } break; }
          case ${FORLOOP}: {
            const n = ${read('a')};
            if (n < ${read('a + 1')}) { ${write('a', 'n + 1')}; pc = 0; } else done = true;
            break;
          }
        }
        if (done) break;
      }
      iterations += ${read('21')} + 1;
    }
    return { escaped, iterations };`;
  const make = new Function('CODE', 'K', 'PIXELS', 'ITERATIONS', 'slow', body) as (
    code: Int32Array,
    k: number[],
    pixels: number,
    iterations: number,
    slow: () => never,
  ) => Result;
  return () => make(CODE, K, PIXELS, ITERATIONS, slow);
}

/** A pixel's registers, as the interpreter would find them at the loop (the closures' variant). */
function start(s: unknown[], px: number): void {
  s[8] = -1 + (px % 600) / 300; // ci
  s[15] = -1.5 + (px % 701) / 350; // cr
  s[16] = 0.5;
  s[17] = 0.25;
  s[18] = 0.25;
  s[19] = 0.0625;
  s[21] = 0;
  s[22] = ITERATIONS;
}

/** 32 registers holding numbers only (V8: unboxed doubles), or also an object (generic elements). */
function registers(generic: boolean): unknown[] {
  const s: unknown[] = [];
  for (let r = 0; r < 32; r++) s.push(0.5);
  if (generic) s[31] = { table: true };
  return s;
}

type Step = (s: unknown[]) => number;

/** One closure per instruction, its operands bound; each returns the next pc (-1: done, -2: escaped). */
function closures(): Step[] {
  return PROGRAM.map(([op, a, b, c], pc): Step => {
    const next = pc + 1;
    const kb = K[b - 256]!;
    switch (op) {
      case MUL:
        if (b >= 256)
          return (s) => {
            const y = s[c];
            if (typeof y !== 'number') slow();
            s[a] = kb * y;
            return next;
          };
        return (s) => {
          const x = s[b];
          const y = s[c];
          if (typeof x !== 'number' || typeof y !== 'number') slow();
          s[a] = x * y;
          return next;
        };
      case ADD:
      case SUB:
        return (s) => {
          const x = s[b];
          const y = s[c];
          if (typeof x !== 'number' || typeof y !== 'number') slow();
          s[a] = op === ADD ? x + y : x - y;
          return next;
        };
      case LT:
        return (s) => {
          const y = s[c];
          if (typeof y !== 'number') slow();
          return kb < y ? -2 : next;
        };
      default:
        return (s) => {
          const n = s[a] as number;
          if (n < (s[a + 1] as number)) {
            s[a] = n + 1;
            return 0;
          }
          return -1;
        };
    }
  });
}

function runClosures(s: unknown[], steps: Step[]): Result {
  let escaped = 0;
  let iterations = 0;
  for (let px = 0; px < PIXELS; px++) {
    start(s, px);
    let pc = 0;
    while (pc >= 0) pc = steps[pc]!(s);
    if (pc === -2) escaped++;
    iterations += (s[21] as number) + 1;
  }
  return { escaped, iterations };
}

const VARIANTS: Record<string, () => Result> = {
  ...Object.fromEntries(Object.entries(FILES).map(([name, f]) => [`switch, ${name}`, switchInterpreter(f)])),
  'closures, unboxed doubles': () => runClosures(registers(false), closures()),
  'closures, generic array': () => runClosures(registers(true), closures()),
};

if (opt.variant !== undefined) {
  // a child: one variant, twice (the first run pays for V8's compiles), the second timed
  const run = VARIANTS[opt.variant];
  if (run === undefined) throw new Error(`no variant "${opt.variant}"`);
  run();
  const t0 = performance.now();
  const res = run();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, ...res }) + '\n');
} else {
  const names = Object.keys(VARIANTS);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  const self = fileURLToPath(import.meta.url);
  let first: Result | undefined;
  for (let r = 1; r <= runs; r++) {
    for (const name of names) {
      process.stderr.write(`  run ${r}/${runs}: ${name}\n`);
      const child = spawnSync(process.execPath, [...process.execArgv, self, '--variant', name], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr.trim().slice(-500)}`);
      const res = JSON.parse(child.stdout) as Result & { ms: number };
      times.get(name)!.push(res.ms);
      // every variant computes the same pixels: a difference is a bug in this benchmark
      first ??= res;
      if (res.escaped !== first.escaped || res.iterations !== first.iterations)
        throw new Error(`${name} ran ${res.iterations} iterations, ${first.iterations} before`);
    }
  }
  const { escaped, iterations } = first!;
  const base = median(times.get(names[0]!)!);
  const body = names.map((name) => {
    const ms = median(times.get(name)!);
    const perIteration = (ms * 1e6) / iterations;
    return [name, `${ms.toFixed(0)} ms`, `${perIteration.toFixed(1)} ns`, `${(ms / base).toFixed(2)}×`];
  });
  process.stdout.write(
    `${PIXELS} pixels, ${iterations} iterations of ${PROGRAM.length} instructions (${escaped} pixels escaped), ` +
      `median of ${runs} processes:\n\n` +
      table(['interpreter, register array', 'time', 'per iteration', 'against the first'], body) +
      '\n',
  );
}
