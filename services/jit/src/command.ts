// The lsjit command. lsjit run file.lua [--no-jit] [--no-hints] [--stats] [--hot N] [--dump] [--dump-traces]:
// runs a script like `lua5.4 file.lua`. The hot-loop threshold also comes from LSJIT_HOT_THRESHOLD.
// A module that only exports main: bin/lsjit.cjs loads it through V8's code cache and then calls it.
import { readFileSync } from 'node:fs';
import { disassemble, formatJitStats, load, runSource } from './index.ts';

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
  const t0 = performance.now();
  const r = runSource(source, {
    chunkname: file,
    args: scriptArgs,
    write,
    writeErr: (s) => process.stderr.write(Buffer.from(s, 'latin1')),
    readInput: () => {
      try {
        return readFileSync(0, 'latin1');
      } catch {
        return ''; // no standard input (closed, or a terminal that went away)
      }
    },
    env: process.env,
    jit,
    hints,
    hotLoopThreshold: hot,
    dumpTrace: dumpTraces ? (s) => process.stderr.write(s) : undefined,
  });
  flush();
  if (stats) {
    const ms = (performance.now() - t0).toFixed(1);
    process.stderr.write(`lsjit: ${ms} ms; jit: ${jit ? formatJitStats(r.stats) : 'off'}\n`);
  }
  if (r.error !== undefined) {
    process.stderr.write(Buffer.from(`lua5.4: ${r.error}\nstack traceback:\n\t[C]: in ?\n`, 'latin1'));
  }
  process.exitCode = r.status;
}
