// The lsjit command. lsjit run file.lua [--no-jit] [--no-hints] [--stats] [--hot N] [--dump] [--dump-traces]:
// runs a script like `lua5.4 file.lua`. The hot-loop threshold also comes from LSJIT_HOT_THRESHOLD.
// A module that exports main and the code cache's warm-up: bin/lsjit.cjs loads it through V8's code
// cache and then calls main.
import { readFileSync } from 'node:fs';
import { disassemble, formatJitStats, load, nodeFiles, runSource, type RunResult } from './index.ts';

/**
 * What the bundle's code cache is warmed with (bin/lsjit.cjs, the service kit's loadWithCodeCache):
 * parser, compiler, interpreter and the common library calls, which every later start then finds
 * compiled instead of compiling them from the bundle's source at their first call.
 */
const WARM_PROGRAM = `local t = {}
for i = 1, 20 do t[#t + 1] = string.format("%d %s %5.2f", i, tostring(i / 3), i * 0.5) end
local s = table.concat(t, ",")
local n = 0
for k, v in pairs(t) do if type(v) == "string" and #v > 0 then n = n + k end end
local function f(a, ...) return select("#", ...) + a end
io.write(s:sub(1, 10), n, f(1, 2, 3), math.floor(3.7), ("x"):rep(3), s:find("1", 1, true), "\\n")
print(pcall(error, { code = 1 }), #s, s:byte(1), s:upper():lower() == s)
`;

/**
 * Runs WARM_PROGRAM with its output dropped. Without the JIT: the JIT sets V8 flags (jit/heap.ts,
 * jit/codegen/feedback.ts), and V8 refuses a cache made under flags other than a fresh process's.
 * The JIT's own code is left out for a second reason: a cache holding it too (~390 KB against
 * ~260 KB) cost a start more to load than it saved (fib 20: 246M -> 268M instructions).
 */
export function warm(): void {
  const r = runSource(WARM_PROGRAM, { chunkname: 'warm', write: () => {}, writeErr: () => {}, jit: false });
  if (r.status !== 0) throw new Error(`lsjit's warm-up program failed: ${r.error}`);
}

function usage(): never {
  process.stderr.write(
    'usage: lsjit run <file.lua> [--no-jit] [--no-hints] [--stats] [--hot N] [--dump] [--dump-traces] [-- args...]\n',
  );
  process.exit(2);
}

export function main(argv: string[]): void {
  if (argv[0] !== 'run') usage();
  let file: string | undefined;
  let stats = false;
  let jit = true;
  let hints = true;
  let dump = false;
  let dumpTraces = false;
  const env = process.env['LSJIT_HOT_THRESHOLD'];
  let hot: number | undefined = env !== undefined && env !== '' ? Number(env) : undefined;
  const scriptArgs: string[] = [];
  let rest = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (rest) scriptArgs.push(a);
    else if (a === '--') rest = true;
    else if (a === '--no-jit') jit = false;
    else if (a === '--no-hints') hints = false;
    else if (a === '--stats') stats = true;
    else if (a === '--dump') dump = true;
    else if (a === '--dump-traces') dumpTraces = true;
    else if (a === '--hot') hot = Number(argv[++i]);
    else if (a.startsWith('--')) usage();
    else if (file === undefined) file = a;
    else scriptArgs.push(a);
  }
  if (file === undefined) usage();
  if (hot !== undefined && !(Number.isInteger(hot) && hot >= 1)) usage();
  let source: string;
  try {
    source = readFileSync(file, 'latin1');
  } catch {
    process.stderr.write(`lua5.4: cannot open ${file}\n`);
    process.exit(1);
  }
  if (dump) {
    process.stdout.write(disassemble(load(source, file)) + '\n');
    return;
  }
  // Output is buffered and written as bytes (latin1) so binary strings come out unchanged.
  const chunks: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (chunks.length === 0) return;
    process.stdout.write(Buffer.from(chunks.join(''), 'latin1'));
    chunks.length = 0;
    size = 0;
  };
  const write = (s: string): void => {
    chunks.push(s);
    size += s.length;
    if (size > 1 << 16) flush();
  };
  let reported = false;
  const reportError = (r: RunResult): void => {
    reported = true;
    if (r.error === undefined) return;
    const tb = r.traceback === undefined ? '' : `\n${r.traceback}`;
    process.stderr.write(Buffer.from(`lua5.4: ${r.error}${tb}\n`, 'latin1'));
  };
  const t0 = performance.now();
  const r = runSource(source, {
    chunkname: file,
    args: scriptArgs,
    write,
    writeErr: (s) => process.stderr.write(Buffer.from(s, 'latin1')),
    flush,
    readInput: () => {
      try {
        return readFileSync(0, 'latin1');
      } catch {
        return ''; // no standard input (closed, or a terminal that went away)
      }
    },
    env: process.env,
    files: nodeFiles(),
    jit,
    hints,
    hotLoopThreshold: hot,
    dumpTrace: dumpTraces ? (s) => process.stderr.write(s) : undefined,
    // lua.c reports an uncaught error before lua_close runs the finalizers
    beforeClose: (r) => {
      flush();
      reportError(r);
    },
  });
  flush();
  if (stats) {
    const ms = (performance.now() - t0).toFixed(1);
    process.stderr.write(`lsjit: ${ms} ms; jit: ${jit ? formatJitStats(r.stats) : 'off'}\n`);
  }
  // no state to close (a syntax error, os.exit without close): reported now
  if (!reported) reportError(r);
  process.exitCode = r.status;
}
