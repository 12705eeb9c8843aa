// The implementations the benchmark compares, each as the command that runs one program in a fresh process.
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchmarkInfo } from '../src/service/benchmarks.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const LSJIT = here('../bin/lsjit.cjs');

export type PeerName = 'jit' | 'interp' | 'lua5.4' | 'luajit' | 'fengari' | 'wasmoon' | 'js';

export interface Peer {
  name: PeerName;
  label: string;
  /** argv for one run, from the bench directory (so chunknames read "fib.lua" as with lua5.4). */
  argv(b: Pick<BenchmarkInfo, 'name' | 'file'>, size: number): string[];
  /** Why the peer cannot run at all here, or undefined. */
  missing(): string | undefined;
  /**
   * Implements another Lua (5.1, or 5.3 with 32-bit integers): a program it cannot run or answers
   * differently is "n/a", not a failure of the peer.
   */
  otherDialect: boolean;
}

function executable(path: string, hint: string): () => string | undefined {
  return () => {
    try {
      accessSync(path, constants.X_OK);
      return undefined;
    } catch {
      return `${path} is not installed (${hint})`;
    }
  };
}

const always = (): undefined => undefined;

export const PEERS: Peer[] = [
  {
    name: 'jit',
    label: 'this JIT (lsjit)',
    argv: (b, n) => [process.execPath, LSJIT, 'run', b.file, String(n), '--stats'],
    missing: always,
    otherDialect: false,
  },
  {
    name: 'interp',
    label: 'this interpreter (lsjit --no-jit)',
    argv: (b, n) => [process.execPath, LSJIT, 'run', b.file, String(n), '--no-jit', '--stats'],
    missing: always,
    otherDialect: false,
  },
  {
    name: 'lua5.4',
    label: 'lua5.4 (Debian)',
    argv: (b, n) => ['/usr/bin/lua5.4', b.file, String(n)],
    missing: executable('/usr/bin/lua5.4', 'apt-get install lua5.4'),
    otherDialect: false,
  },
  {
    name: 'luajit',
    label: 'luajit (Debian, Lua 5.1)',
    argv: (b, n) => ['/usr/bin/luajit', b.file, String(n)],
    missing: executable('/usr/bin/luajit', 'apt-get install luajit'),
    otherDialect: true,
  },
  {
    name: 'fengari',
    label: 'fengari 0.1.5 (Lua 5.3 in JS)',
    argv: (b, n) => [process.execPath, here('./peers/fengari.mjs'), b.file, String(n)],
    missing: always,
    otherDialect: true,
  },
  {
    name: 'wasmoon',
    label: 'wasmoon 1.16.0 (Lua 5.4 in wasm)',
    argv: (b, n) => [process.execPath, here('./peers/wasmoon.mjs'), b.file, String(n)],
    missing: always,
    otherDialect: false,
  },
  {
    name: 'js',
    label: 'hand-written JavaScript port',
    argv: (b, n) => [process.execPath, here(`./js/${b.name}.mjs`), String(n)],
    missing: always,
    otherDialect: false,
  },
];

export const REFERENCE: PeerName = 'lua5.4';
