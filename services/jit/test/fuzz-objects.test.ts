// Generated programs that build and reshape tables and class hierarchies (test/fuzz/tables.ts,
// classes.ts), against lua5.4 with the JIT off, on and forced. Seeded: every run checks the same
// programs.
import { test } from 'node:test';
import { classesProgram } from './fuzz/classes.ts';
import { tablesProgram } from './fuzz/tables.ts';
import { differentialGenerated } from './support.ts';

test('generated loops reshaping objects, sequences, integer keys and matrices print what lua5.4 prints', () => {
  differentialGenerated('tables', tablesProgram, 60);
});

test('generated method calls over class hierarchies, with classes and methods changing, print what lua5.4 prints', () => {
  differentialGenerated('classes', classesProgram, 60);
});
