// Generated programs of number edge cases and library calls (test/fuzz/) against lua5.4, with the
// JIT off, on and forced. Seeded: every run checks the same programs.
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libraryProgram } from './fuzz/library.ts';
import { numbersProgram } from './fuzz/numbers.ts';
import { differential } from './support.ts';

function check(name: string, program: (seed: number) => string, seeds: number[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-fuzz-'));
  try {
    for (const seed of seeds) {
      const file = `${name}_${seed}.lua`;
      writeFileSync(join(dir, file), program(seed), 'latin1');
      try {
        differential(dir, file);
      } catch (e) {
        throw new Error(`${file} (seed ${seed}):\n${program(seed)}\n${(e as Error).message}`, { cause: e });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, j) => from + j);

test('generated arithmetic, comparisons and conversions on edge values print what lua5.4 prints', () => {
  check('numbers', numbersProgram, range(1, 30));
});

test('generated string, table and format calls at their edges print what lua5.4 prints', () => {
  check('library', libraryProgram, range(1, 40));
});
