// Generated loops over strings, the string library calls the JIT traces natively or folds (sub, byte,
// char, rep, upper, lower, len, format, find with plain, tostring, tonumber) and string comparisons,
// concatenations of numbers of both subtypes, string keys made in the loop, with values switching
// between strings, numbers and nil at a chosen iteration.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const STRS = [
  '""',
  '"a"',
  '"hello"',
  '"Hello, World"',
  '"12"',
  '" 0x1f "',
  '"2.5"',
  '"\\0x\\255"',
  '"a,b,,c"',
];
const NUMS = ['0', '1', '-1', '7', '2.5', '-0.0', '1e15', '2^53', '3.0', 'math.mininteger', '1/0'];
const CALLS = [
  'string.sub(S, I)',
  'string.sub(S, I, J)',
  'S:sub(-I)',
  'string.byte(S, I)',
  'select("#", string.byte(S, 1, J))',
  'string.char(65 + I % 26, 97 + J % 26)',
  'string.rep(S, I % 4)',
  'string.rep(S, J % 3, "-")',
  'S:upper()',
  'S:lower()',
  'S:len()',
  '#S',
  'string.format("%s|%5s|%-4s|", S, I, J)',
  'string.format("%d", I)',
  'string.format("%.3f %g", I, J)',
  'string.format("%q", S)',
  'string.format("%x", I)',
  'string.find(S, "l", I, true)',
  'string.find(S, ",", 1, true)',
  'string.find(S, S2, J, true)',
  'tostring(I) .. tostring(J)',
  'I .. ""',
  'J .. "|" .. S',
  'tonumber(S)',
  'tonumber(S, 16)',
  'S < S2',
  'S == S2',
  'S .. I',
];

export function stringsProgram(seed: number): string {
  const { int, pick } = draws(seed);
  const call = (): string =>
    pick(CALLS)
      .replaceAll('S2', pick(['s', 'u', pick(STRS)]))
      .replaceAll('S', pick(['s', 's', 'u', `(${pick(STRS)})`]))
      .replaceAll('I', pick(['i', 'i', 'x', `(${pick(NUMS)})`]))
      .replaceAll('J', pick(['(i % 7 - 3)', 'x', `(${pick(NUMS)})`]));

  let s = `${SHOW_EMIT}local function cap(v) if type(v) == "string" and #v > 300 then return v:sub(1, 100) end return v end\n`;
  for (let k = 1, nk = int(2, 5); k <= nk; k++) {
    const n = int(5, 150);
    const lines: string[] = [];
    for (let m = int(2, 6); m > 0; m--) {
      // pcall of a closure rarely: a loop holding one is not traced (the closure, the call to pcall)
      switch (int(0, 9)) {
        case 0:
        case 1:
        case 6:
        case 7:
        case 8:
          // cap: string.rep of its own result would grow without bound
          lines.push(`${pick(['s', 'u', 'x'])} = cap(${call()})`);
          break;
        case 2:
          lines.push(
            `acc = acc .. ${pick(['s', 'x', 'i', '(i / 4)', call()])} if #acc > 200 then acc = acc:sub(-50) end`,
          );
          break;
        case 3:
          lines.push(`seen[${pick(['s', '"k" .. i % 5', 'u'])}] = (seen[${pick(['s', 'u'])}] or 0) + 1`);
          break;
        case 4:
          lines.push(
            `if i == ${int(1, 140)} then ${pick(['s', 'u', 'x'])} = ${pick([...STRS, ...NUMS, 'nil', 'true'])} end`,
          );
          break;
        case 5:
          lines.push(`if i % ${int(3, 40)} == 0 then emit("at", i, s, u, x) end`);
          break;
        default:
          lines.push(
            `local ok, e = pcall(function() return ${call()} end) if ok then x = cap(e) elseif i % 10 == 0 then emit("E", i, e) end`,
          );
      }
    }
    s += `local function str${k}(s, u, x)\n  local acc, seen = "", {}\n  for i = 1, ${n} do\n    ${lines.join('\n    ')}\n  end\n`;
    s += `  return s, u, x, acc, sorted(seen)\nend\n`;
    s += `for rep = 1, ${int(1, 3)} do emit("str${k}", rep, pcall(str${k}, ${pick(STRS)}, ${pick(STRS)}, ${pick(NUMS)})) end\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
