// Generated programs of numeric for loops against lua5.4, in every JIT mode: bounds and steps at the
// edges of int32, of the doubles' exact integers (2^53) and of the 64-bit integers, ranges that move
// past them while a loop is hot, breaks, loops in called functions and nested loops. The generator
// is seeded, so every run checks the same programs; it found an interpreter loop whose index lost
// precision beyond 2^53 (test/corpus/for_beyond_safe_integers.lua).
import { test } from 'node:test';
import { draws } from './fuzz/draws.ts';
import { differentialGenerated } from './support.ts';

const EDGES = [0n, 1n, -1n, 2n, 5n, 100n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n];
const FAR = [2n ** 32n, 2n ** 30n, -(2n ** 30n), 2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 40n];
const STEPS = [1n, 1n, 1n, -1n, 2n, -3n, 7n, 1n << 20n, 1n << 31n, -(1n << 31n), 3_000_000_000n];

function program(seed: number): string {
  const { r, int, pick } = draws(seed);
  const num = (): bigint => pick(r() < 0.7 ? EDGES : FAR) + BigInt(int(-6, 6));
  const lines = [
    'local acc = 0',
    'local function h(a, b, s) local c = 0 for i = a, b, s do c = c + (i % 97) if c > 5000 then break end end return c end',
  ];
  for (let k = int(2, 5); k > 0; k--) {
    const lo = num();
    const st = pick(STEPS);
    const span = BigInt(int(0, 40));
    const hi = lo + span * st * (r() < 0.7 ? 1n : -1n);
    lines.push(`for r = 1, ${int(1, 120)} do`);
    switch (int(0, 3)) {
      case 0:
        lines.push(`  for i = ${lo}, ${hi}, ${st} do acc = acc + (i % 1000) end`);
        break;
      case 1:
        lines.push(`  local lo = r < ${int(1, 80)} and ${num()} or ${lo}`);
        lines.push(
          `  for i = lo, lo + ${span}, ${int(1, 3)} do acc = acc + (i % 13) if acc % 17 == 0 then break end end`,
        );
        break;
      case 2:
        lines.push(`  acc = acc + h(r < ${int(1, 80)} and r or ${lo}, ${hi}, ${st})`);
        break;
      default:
        lines.push(
          `  for i = ${lo}, ${lo} + r % 5 do for j = i, i + 3 do acc = acc + ((i ~ j) & 255) end end`,
        );
    }
    lines.push('end', 'print(acc)');
  }
  return lines.join('\n') + '\n';
}

test('generated for loops print what lua5.4 prints, with the JIT off, on and forced', () => {
  differentialGenerated('for', program, 60);
});
