// Generated programs of number edge cases and library calls (test/fuzz/) against lua5.4, with the
// JIT off, on and forced. Seeded: every run checks the same programs.
import { test } from 'node:test';
import { libraryProgram } from './fuzz/library.ts';
import { numbersProgram } from './fuzz/numbers.ts';
import { differentialGenerated } from './support.ts';

test('generated arithmetic, comparisons and conversions on edge values print what lua5.4 prints', () => {
  differentialGenerated('numbers', numbersProgram, 30);
});

test('generated string, table and format calls at their edges print what lua5.4 prints', () => {
  differentialGenerated('library', libraryProgram, 40);
});
