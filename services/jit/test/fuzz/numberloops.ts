// Generated number loops (compiler/floatbody.ts): numeric for loops mixing integer and float locals,
// elements read at integer keys, calls of small Lua functions that the float interpreter runs inline
// and numeric for loops inside, with what makes it bail or refuse mixed in: integers leaving the safe range (or entering as
// values outside it), a local that is an integer on some calls and a float or a string on others, a
// function that writes its parameter or calls another, keys past the end, and products of an integer 0
// and a negative integer (an integer, never the float -0.0). Each loop runs in a function called many
// times, so that loops are specialised, specialised again, refused and given up.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

// starting values of the integer locals, `r` being the call's number
const INT_STARTS = [
  '0',
  'r',
  '-r * 7',
  '9007199254740000 + r',
  'math.maxinteger - r',
  'r % 4 == 0 and 0.5 or r',
  'r % 9 == 0 and "3" or 1',
  '3',
];
const FLOAT_STARTS = ['0.5', 'r * 0.25', '-1.5', 'r % 5 == 0 and 2 or 0.75', '0.0'];
// leaf functions run inline, and two that are not leaves
const FUNCTIONS = `local function A(i, j) local ij = i + j - 1 return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function half(x) return x * 0.5 end
local function pick(x, y) if x < y then return x - y end return y * 2 end
local function twice(n) return n + n end
local function neg(n) return -n end
local function big(x) return x * 1000003 end
local function bump(x) x = x + 1 return x end
local function outer(x) return half(x) + 1 end
`;
const CALLS = [
  'A(i, m)',
  'A(m, i)',
  'half(a)',
  'half(m)',
  'pick(a, m)',
  'pick(m, k)',
  'twice(m)',
  'twice(a)',
  'neg(m)',
  'big(m)',
  'bump(m)',
  'outer(a)',
  'sqrt(a * a + 1.0)',
];
const TABLES = ['ints', 'flts', 'mixed'];
const KEYS = ['i', 'i', 'm', 'k', 'i + 1'];

export function numberLoopsProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  const intExpr = (): string => pick(['1', 'i', 'k', '-2', 'm', '3 * i', 'i - k']);
  const floatExpr = (): string =>
    pick([
      'a',
      'a * 0.5',
      `${pick(TABLES)}[${pick(KEYS)}] * ${pick(CALLS)}`,
      pick(CALLS),
      'm * 0.5',
      'a / (m + 0.5)',
    ]);
  const cond = (): string =>
    `${pick(['a', 'm', 'k', 's', 'i'])} ${pick(['<', '<=', '==', '~=', '>'])} ${pick(['a', 'm', '0', '2.5', 'k', '1e15'])}`;
  // a loop inside the loop: integer bounds mostly, sometimes a float, a zero step, a huge range
  const nested = (): string => {
    const from = pick(['1', 'm', 'k', '0', '-2', 'i', '1.5']);
    const to = pick(['3', 'i', 'm', '5', '-1', 'k % 7', 'math.maxinteger']);
    const step = pick(['', '', ', 2', ', -1', ', 0', ', m % 3 + 1', ', 0.5']);
    const inner = pick([
      's = s + j * 0.5',
      'm = m + j',
      'a = a + flts[j]',
      'if j > 3 then break end',
      'k = k + ints[j]',
      'a = a * 0.5 + A(i, j)',
      // bails at the inner body's first word: the loop's registers go back to the stack there
      'k = j % 3',
      'm = m ~ j',
    ]);
    // a range from or to m or k may be huge: it ends at a break
    const huge = /[mk]/.test(from + to);
    const stop = huge || chance(0.5) ? 'if j > 6 or j < -6 then break end' : '';
    return `for j = ${from}, ${to}${step} do ${inner} ${stop} end`;
  };
  const statement = (): string => {
    switch (int(0, 19)) {
      case 18:
      case 19:
        return nested();
      case 0:
      case 1:
        return `s = s + ${floatExpr()}`;
      case 2:
        return `m = m + ${intExpr()}`;
      case 3:
        return `m = m * ${pick(['3', '-2', 'i', 'm'])}`;
      case 4:
        return `k = k + i * 2`;
      case 5:
        return `a = a + ${floatExpr()}`;
      case 6:
        return `if ${cond()} then m = m + 1 else a = a * 0.5 end`;
      case 7:
        return `if ${cond()} then break end`;
      case 8:
        return `a = a + m`;
      case 9:
        return `s = m * 0.5 + s`;
      case 10:
        // an integer 0 from a product with a negative integer, seen through a float division
        return `a = 1.0 / ((0 * -m) * 0.5)`;
      case 11:
        return `k = -(k * 0) a = 1.0 / (k * 1.0)`;
      case 12:
        return `m = ${pick(CALLS)}`;
      case 13:
        return `if m > 1e15 or m < -1e15 then m = 0 end`;
      case 14:
        return `k = ${pick(TABLES)}[${pick(KEYS)}]`;
      case 15:
        return `a = a + ${pick(TABLES)}[${pick(KEYS)}]`;
      case 16:
        return `s = s - ${intExpr()}`;
      default:
        return `m = m - i`;
    }
  };
  const num = (): string => pick(['1', '2', '-3', '0', '7']);
  const flt = (): string => pick(['0.5', '-1.25', '2.0', '0.1', '3.5']);
  const n = int(3, 30);
  const lines = [
    SHOW_EMIT,
    'local sqrt = math.sqrt',
    `local ints = { ${Array.from({ length: n }, num).join(', ')} }`,
    `local flts = { ${Array.from({ length: n }, flt).join(', ')} }`,
    `local mixed = { ${Array.from({ length: n }, () => (chance(0.5) ? num() : flt())).join(', ')} }`,
    FUNCTIONS,
  ];
  for (let f = int(1, 3); f > 0; f--) {
    const body: string[] = [];
    for (let c = int(2, 6); c > 0; c--) body.push(`    ${statement()}`);
    lines.push(
      `local function f${f}(r)`,
      `  local s, m, k, a = ${pick(['0', '0.0', ...INT_STARTS])}, ${pick(INT_STARTS)}, ${pick(INT_STARTS)}, ${pick(FLOAT_STARTS)}`,
      `  for i = ${pick(['1', '0', '-3'])}, ${int(1, 40)} do`,
      ...body,
      '  end',
      '  return s, m, k, a',
      'end',
      `for r = 1, ${int(1, 90)} do`,
      `  local ok, s, m, k, a = pcall(f${f}, r)`,
      // NaN prints as -nan or nan after lua5.4's own rules for its sign, which are not emulated
      `  local function n(x) if x ~= x then return "NaN" end return x end`,
      `  if r % 3 == 0 or not ok then emit(r, ok, n(s), n(m), n(k), n(a)) end`,
      'end',
    );
  }
  lines.push('print(table.concat(out, "\\n"))');
  return lines.join('\n') + '\n';
}
