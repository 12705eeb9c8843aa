// Generated number loops (test/fuzz/numberloops.ts) against lua5.4 with the JIT off, on and forced:
// off, the interpreter runs them on number registers (vm/floatloop.ts), integers and floats side by
// side, with small functions inline. Seeded: every run checks the same programs.
import { test } from 'node:test';
import { numberLoopsProgram } from './fuzz/numberloops.ts';
import { differentialGenerated } from './support.ts';

test('generated number loops, with integers, elements at integer keys and leaf calls, print what lua5.4 prints', () => {
  differentialGenerated('numberloops', numberLoopsProgram, 150);
});
