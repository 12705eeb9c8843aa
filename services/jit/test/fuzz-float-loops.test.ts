// Generated float loops (test/fuzz/floatloops.ts) against lua5.4 with the JIT off, on and forced:
// off, the interpreter runs them on float registers (vm/floatloop.ts). Seeded: every run checks the
// same programs.
import { test } from 'node:test';
import { floatLoopsProgram } from './fuzz/floatloops.ts';
import { differentialGenerated } from './support.ts';

test('generated float loops, entered, refused, left in the middle and given up, print what lua5.4 prints', () => {
  differentialGenerated('floatloops', floatLoopsProgram, 200);
});
