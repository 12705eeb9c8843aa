// Generated Lua patterns and subjects (test/fuzz/patterns.ts) through string.find, match, gmatch and
// gsub, against lua5.4 with the JIT off, on and forced: results, captures, replacements and the
// messages of malformed patterns. Seeded: every run checks the same programs.
import { test } from 'node:test';
import { patternsProgram } from './fuzz/patterns.ts';
import { differentialGenerated } from './support.ts';

test('generated patterns match, capture, iterate and substitute as lua5.4 does, errors included', () => {
  differentialGenerated('patterns', patternsProgram, 80);
});
