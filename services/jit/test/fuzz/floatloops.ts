// Generated float loops (compiler/floatloop.ts): numeric for loops whose bodies are mostly float
// arithmetic and comparisons on locals, table fields and elements at the loop index, and math.sqrt
// through an upvalue, with what makes the interpreter's float registers hand the loop back to its
// dispatch loop mixed in: breaks, gotos, stores it does not make, %, other calls, fields holding
// integers or missing (an __index), a table with a __newindex, elements past the end, and locals that
// start as integers, integral floats, strings or nil. Each loop runs in a function called many times
// with changing starting values and tables, so that loops are refused, entered and given up.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const VARS = ['a', 'b', 'c', 'd'];
const FLOATS = ['0.5', '-1.25', '0.0', '-0.0', '3.0', '2.5', '1e300', '-1e-300', '0.1', '1e16'];
const CONSTS = [...FLOATS, '1', '2', '-3', '0'];
const CMP = ['<', '<=', '==', '~=', '>', '>='];
// starting values, `r` being the call's number: mostly floats, sometimes not
const STARTS = [
  'r * 0.5',
  'r / 3',
  '0.25 - r',
  '1.5',
  '-0.0',
  'r % 7 == 0 and r or 0.5',
  'r % 11 == 0 and "2.5" or 1.25',
  'r == 40 and 1 / 0 or 0.75',
  'r > 60 and r * 1.0 or 0.5',
];

export function floatLoopsProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  const operand = (): string =>
    chance(0.15) ? pick(['p.x', 'p.y', 'p.z', 'arr[i]', 'q.x']) : chance(0.65) ? pick(VARS) : pick(CONSTS);
  const expr = (depth = 0): string => {
    if (depth > 1 || chance(0.3)) return operand();
    if (chance(0.1)) return `-${pick(VARS)}`;
    return `(${expr(depth + 1)} ${pick(['+', '-', '*', '/', '+', '*'])} ${expr(depth + 1)})`;
  };
  const cond = (): string => `${expr(1)} ${pick(CMP)} ${expr(1)}`;
  const statement = (): string => {
    const x = pick(VARS);
    switch (int(0, 18)) {
      case 18:
        // a float local given a table (read as one there): the next iteration's arithmetic must fail
        return `if ${cond()} then ${x} = objs[i] local _ = ${x}.x end`;
      case 14:
        return `p.${pick(['x', 'y'])} = ${expr()}`;
      case 15:
        return `if ${cond()} then p.x = ${expr()} end`;
      case 16:
        return `${x} = sqrt(${expr(1)})`;
      case 17:
        return `q = objs[i]`;
      case 0:
      case 1:
      case 2:
      case 3:
        return `${x} = ${expr()}`;
      case 4:
      case 5:
        return `if ${cond()} then ${x} = ${expr()} end`;
      case 6:
        return `if ${cond()} then ${x} = ${expr()} else ${pick(VARS)} = ${expr()} end`;
      case 7:
        return `if ${cond()} then break end`;
      case 8:
        return `if ${cond()} then goto next end`;
      case 9:
        return `if ${cond()} then t.v = ${x} end`;
      case 10:
        return `${x} = ${x} * 0.5 + i / 4`;
      case 11:
        return `if ${cond()} then ${x} = ${x} % 3.5 end`;
      case 12:
        return `if ${cond()} then ${x} = math.abs(${x}) end`;
      default:
        return `if ${x} ~= ${x} or ${x} > 1e200 or ${x} < -1e200 then ${x} = 0.5 end`;
    }
  };
  const arr = Array.from({ length: int(3, 45) }, () => pick([...FLOATS, '2', '0.75', '-4.5']));
  const lines = [
    SHOW_EMIT,
    'local t = {}',
    'local sqrt = math.sqrt',
    `local arr = { ${arr.join(', ')} }`,
    // tables the loops read and write: float fields, integer ones, a missing one found by __index,
    // another shape, a __newindex (which existing fields do not call)
    'local P = { { x = 0.5, y = 1.5 }, { x = 1, y = 2 }, setmetatable({ x = 0.25 }, { __index = function() return 0.75 end }),',
    '  { y = -2.5, x = 0.125, z = 3.5 }, setmetatable({ x = 0.5, y = 0.5 }, { __newindex = function() end }) }',
    `local objs = { ${Array.from({ length: int(2, 40) }, () => `P[${int(1, 5)}]`).join(', ')} }`,
  ];
  for (let f = int(1, 3); f > 0; f--) {
    const body: string[] = [];
    for (let m = int(2, 6); m > 0; m--) body.push(`    ${statement()}`);
    const usesGoto = body.some((l) => l.includes('goto next'));
    lines.push(
      `local function f${f}(r)`,
      `  local a, b, c, d = ${pick(STARTS)}, ${pick(STARTS)}, ${pick(FLOATS)}, ${pick(FLOATS)}`,
      `  local p, q = P[r % ${int(1, 5)} + 1], P[1]`,
      `  for i = 1, ${int(1, 40)} do`,
      ...body,
      ...(usesGoto ? ['    ::next::'] : []),
      '  end',
      '  return a, b, c, d, p.x, p.y',
      'end',
      `for r = 1, ${int(1, 90)} do`,
      `  local ok, a, b, c, d, px, py = pcall(f${f}, r)`,
      // NaN prints as -nan or nan after lua5.4's own rules for its sign, which are not emulated
      `  local function n(x) if x ~= x then return "NaN" end return x end`,
      `  if r % 5 == 0 or not ok then emit(r, ok, n(a), n(b), n(c), n(d), n(px), n(py)) end`,
      'end',
    );
  }
  lines.push('print(table.concat(out, "\\n"))');
  return lines.join('\n') + '\n';
}
