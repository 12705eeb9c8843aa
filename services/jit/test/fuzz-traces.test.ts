// Generated loops mixing metamethods, closures, varargs, tail calls, goto and pcall with locals that
// change type mid-loop (test/fuzz/traces.ts), against lua5.4 with the JIT off, on and forced.
// Seeded: every run checks the same programs.
import { test } from 'node:test';
import { tracesProgram } from './fuzz/traces.ts';
import { differentialGenerated } from './support.ts';

const SEEDS = Array.from({ length: 100 }, (_, j) => 1 + j);

test('generated loops whose locals change type under inlined calls and metamethods print what lua5.4 prints', () => {
  differentialGenerated('traces', tracesProgram, SEEDS);
});
