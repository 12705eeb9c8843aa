// The benchmark programs (bench/*.lua) as the service and the benchmark harness name them. Each takes its
// size as arg[1]; the default size is read from the program itself so the two never disagree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

export interface BenchmarkInfo {
  name: string;
  /** File name inside BENCH_DIR, also the chunkname its messages carry (as `lua5.4 name.lua` reports). */
  file: string;
  /** Size used when no argument is given (sized so lua5.4 takes 1–2 s). */
  defaultSize: number;
  /** Size for smoke runs and tests: well under a second everywhere. */
  smallSize: number;
  /** Dominated by loops the tracing JIT can compile (the "loop-heavy" goal applies). */
  loopHeavy: boolean;
  description: string;
}

type Entry = Omit<BenchmarkInfo, 'file' | 'defaultSize'>;

const ENTRIES: Entry[] = [
  { name: 'mandelbrot', smallSize: 200, loopHeavy: true, description: 'float loops, 50 iterations a pixel' },
  { name: 'fib', smallSize: 25, loopHeavy: false, description: 'recursive calls and integer adds' },
  { name: 'add64', smallSize: 20, loopHeavy: true, description: 'the tightest numeric for loop' },
  {
    name: 'spectral-norm',
    smallSize: 100,
    loopHeavy: true,
    description: 'float arithmetic, calls, array reads',
  },
  { name: 'n-body', smallSize: 20000, loopHeavy: true, description: 'float arithmetic on table fields' },
  {
    name: 'fannkuch-redux',
    smallSize: 8,
    loopHeavy: true,
    description: 'permutations on small integer arrays',
  },
  { name: 'binary-trees', smallSize: 10, loopHeavy: false, description: 'allocation of small tables' },
  {
    name: 'table-heavy',
    smallSize: 20000,
    loopHeavy: false,
    description: 'hash and array parts, sort, insert/remove',
  },
  {
    name: 'string-heavy',
    smallSize: 20000,
    loopHeavy: false,
    description: 'format, concatenation, string library',
  },
];

/** `local N = tonumber(arg and arg[1]) or 1500`: the number after `or`. */
function defaultSizeOf(source: string, file: string): number {
  const m = /tonumber\(arg and arg\[1\]\) or (\d+)/.exec(source);
  if (!m)
    throw new Error(`${file}: no "tonumber(arg and arg[1]) or <size>" line to take the default size from`);
  return Number(m[1]);
}

let loaded: Map<string, BenchmarkInfo & { source: string }> | undefined;

function catalog(): Map<string, BenchmarkInfo & { source: string }> {
  if (!loaded) {
    loaded = new Map();
    for (const e of ENTRIES) {
      const file = `${e.name}.lua`;
      const source = readFileSync(`${BENCH_DIR}${file}`, 'latin1');
      loaded.set(e.name, { ...e, file, defaultSize: defaultSizeOf(source, file), source });
    }
  }
  return loaded;
}

export function listBenchmarks(): BenchmarkInfo[] {
  return [...catalog().values()].map(({ source: _source, ...info }) => info);
}

/** The benchmark and its source (one byte per char), or undefined for an unknown name. */
export function findBenchmark(name: string): (BenchmarkInfo & { source: string }) | undefined {
  return catalog().get(name);
}
