// Generated coroutine programs against lua5.4 with the JIT off, on and forced (test/fuzz/coroutines.ts):
// tasks yielding from loops, from inside pcall and xpcall, from natives they call
// (pcall(coroutine.yield, ...)), from inside metamethods (natives too), __pairs and __close (also while
// an error unwinds), errors before and after yields, `<close>` variables held across yields and closed
// by errors and coroutine.close, wrap generators, and a traced main-thread loop draining generators.
// Seeded: every run checks the same programs.
import { test } from 'node:test';
import { coroutinesProgram } from './fuzz/coroutines.ts';
import { differentialGenerated } from './support.ts';

test('generated coroutine schedulers with yields across pcall, natives, metamethods and <close> variables print what lua5.4 prints', () => {
  differentialGenerated('coroutines', coroutinesProgram, 60);
});
