// Generated loops against lua5.4 with the JIT off, on and forced (test/fuzz/): loops mixing
// metamethods, closures, varargs, tail calls, recursion, goto and pcall with locals that change type
// mid-loop, nests of loops over tables whose keys change type, loops over strings, loops raising
// errors, and control flow (goto loops, compound conditions, if chains, early returns). Seeded: every
// run checks the same programs.
import { test } from 'node:test';
import { controlProgram } from './fuzz/control.ts';
import { errorsProgram } from './fuzz/errors.ts';
import { nestedProgram } from './fuzz/nested.ts';
import { stringsProgram } from './fuzz/strings.ts';
import { tracesProgram } from './fuzz/traces.ts';
import { differentialGenerated } from './support.ts';

test('generated loops whose locals change type under inlined calls and metamethods print what lua5.4 prints', () => {
  differentialGenerated('traces', tracesProgram, 100);
});

test('generated nests of loops over tables with keys changing type print what lua5.4 prints', () => {
  differentialGenerated('nested', nestedProgram, 60);
});

test('generated loops over strings and the string library print what lua5.4 prints', () => {
  differentialGenerated('strings', stringsProgram, 60);
});

test('generated loops raising errors through inlined and tail-called functions print what lua5.4 prints', () => {
  differentialGenerated('errors', errorsProgram, 40);
});

test('generated goto, while and repeat loops with compound conditions, if chains and early returns print what lua5.4 prints', () => {
  differentialGenerated('control', controlProgram, 60);
});
