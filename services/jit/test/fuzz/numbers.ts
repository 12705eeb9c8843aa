// Generated programs of arithmetic, comparisons, conversions and math calls on the edge values of
// Lua's numbers (int32, 2^53, the 64-bit integers, infinities, NaN, -0.0) and of numeric strings,
// each expression both in a pcall and in a short loop the JIT traces. Found math.max/min comparing as
// numbers only, abs/floor/ceil/fmod taking the integer path for numeric strings, a bitwise error
// blaming the wrong operand and NaN signs lost in traces.
import { draws } from './draws.ts';

// 0/0 only, not -(0/0): which NaN of two lua5.4 keeps is not emulated (README, "differences").
const VALUES = [
  '0',
  '1',
  '-1',
  '7',
  '-7',
  '3',
  '2^31',
  '-(2^31)',
  '2147483647',
  '-2147483648',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  'math.maxinteger',
  'math.mininteger',
  'math.maxinteger - 1',
  '0.0',
  '-0.0',
  '0.5',
  '-0.5',
  '1.5',
  '-2.5',
  '2^53',
  '2^63',
  '-(2^63)',
  '1e308',
  '-1e308',
  '1/0',
  '-1/0',
  '0/0',
  '3.0',
  '-7.0',
  '1e15',
  '123456789012.25',
  '"10"',
  '"0x10"',
  '" 5 "',
  '"3.0"',
  '"1e2"',
  '"abc"',
  '"-0"',
  '"9007199254740993"',
  '"0x7fffffffffffffff"',
  '"1e500"',
  '"0x1p4"',
  '"  -0x10  "',
  '"5."',
  '".5"',
  '"0x"',
  '""',
  'true',
  'nil',
  '{}',
];
const BINARY = [
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '^',
  '&',
  '|',
  '~',
  '<<',
  '>>',
  '==',
  '~=',
  '<',
  '<=',
  '>',
  '>=',
  '..',
];
const UNARY = [
  '-X',
  '~X',
  'math.floor(X)',
  'math.ceil(X)',
  'math.tointeger(X)',
  'math.abs(X)',
  'math.type(X)',
  'tostring(X)',
  'tonumber(X)',
  'string.format("%d", X)',
  'string.format("%.3f", X)',
  'string.format("%g", X)',
  'string.format("%x", X)',
  'string.format("%5.1f|%-8d", X, 3)',
  'string.format("%q", X)',
  'string.format("%.14g", X)',
  'math.fmod(X, 3)',
  'math.fmod(X, -2.5)',
  'math.fmod(7, X)',
  'math.ult(X, 5)',
  'math.max(X, 2)',
  'math.min(X, 2.0)',
  'X // 0.0',
  'X % -0.0',
  'X % math.mininteger',
  'math.mininteger // X',
  'X << 63',
  'X >> -1',
  'tonumber(X, 16)',
  'tonumber(X, 36)',
  'math.sqrt(X)',
  '#X',
  'string.rep("ab", X)',
  'string.sub("hello", X)',
  'string.sub("hello", 2, X)',
  'string.byte("hello", X)',
  'string.char(X)',
  'select(X, "a", "b", "c")',
  'math.floor(X / 3)',
  'X * 1.0 == X',
  'X + 0.0',
  'X | 0',
];

export function numbersProgram(seed: number): string {
  const { r, pick } = draws(seed);
  const values = Array.from({ length: 6 + Math.floor(r() * 8) }, () => pick(VALUES));
  let s = `local V = { ${values.map((v) => `function() return ${v} end`).join(', ')} }\nlocal N = #V\nlocal out = {}\n`;
  s +=
    'local function show(ok, x) if not ok then return "E:" .. tostring(x) end local t = math.type(x) or type(x) ' +
    'if t == "table" then return "table" end if t == "string" and x:sub(1, 7) == "table: " then return "tablestr" end ' +
    'return t .. ":" .. tostring(x) end\n';
  for (let k = 3 + Math.floor(r() * 4); k > 0; k--) {
    const binary = r() < 0.5;
    const e = binary ? `a ${pick(BINARY)} b` : pick(UNARY).replaceAll('X', 'a');
    const reps = pick([1, 3, 20, 60]);
    // Values repeat in runs, so loops get hot on one type and then meet another.
    s += `for rep = 1, ${reps} do\n  for i = 1, N do\n    for j = 1, ${binary ? 'N' : '1'} do\n      local a, b = V[i](), V[j]()\n`;
    s += `      local ok, r = pcall(function() return ${e} end)\n`;
    s += `      if rep == ${reps} then out[#out + 1] = ${JSON.stringify(e)} .. " " .. i .. "," .. j .. " = " .. show(ok, r) end\n`;
    s +=
      `      if type(a) == "number" and type(b) == "number" then local ok2, r2 = pcall(function() local acc = 0; ` +
      `for q = 1, 3 do acc = ${e} end; return acc end); if rep == ${reps} then out[#out + 1] = "  loop " .. show(ok2, r2) end end\n`;
    s += '    end\n  end\nend\n';
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
