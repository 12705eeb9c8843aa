// Generated control flow: loops made by a backward goto, while loops with compound conditions, repeat
// loops whose `until` reads a local of their body, if/elseif chains with many arms (each a side
// trace), breaks out of two loops by goto, early returns from inside loops, and conditions mixing
// and/or/not over values that change type mid-loop (integer, float, string, nil, boolean), so that
// comparisons sometimes raise.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const OPERANDS = ['i', 'x', 'y', 'k', 's', 't.n', 'f(i)', '3', '2.5', '"m"', 'nil', 'true'];
const CMP = ['<', '<=', '==', '~=', '>', '>='];

export function controlProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  // comparisons of numbers with numbers, mostly (a string or nil among them raises, sometimes)
  const numeric = (): string => pick(['i', 'x', 'k', 't.n', 'f(i)', String(int(0, 20)), '2.5']);
  const cond = (depth = 0): string => {
    const r = int(0, depth > 1 ? 2 : 5);
    switch (r) {
      case 0:
      case 1:
        return `${numeric()} ${pick(CMP)} ${numeric()}`;
      case 2:
        return `${pick(OPERANDS)} ${pick(['==', '~='])} ${pick(OPERANDS)}`;
      case 3:
        return `not (${cond(depth + 1)})`;
      case 4:
        return `(${cond(depth + 1)}) and (${cond(depth + 1)})`;
      default:
        return `(${cond(depth + 1)}) or (${cond(depth + 1)})`;
    }
  };
  const update = (): string =>
    pick([
      'x = x + 1',
      'x = x + 0.5',
      'x = x * 2 % 97',
      'y = y .. "."',
      'k = k + i',
      'k = k - 1',
      't.n = t.n + 1',
      's = not s',
      `if i == ${int(1, 40)} then x = ${pick(['"7"', 'x + 0.25', '-x', 'math.maxinteger'])} end`,
      `if i == ${int(1, 40)} then y = ${pick(['nil', '1', '"z"'])} end`,
      'n = n + 1',
    ]);
  const ifChain = (): string => {
    let s = `if ${cond()} then ${update()}`;
    for (let a = int(0, 4); a > 0; a--) s += ` elseif ${cond()} then ${update()}`;
    if (chance(0.6)) s += ` else ${update()}`;
    return `${s} end`;
  };
  const body = (): string[] => {
    const lines: string[] = [];
    for (let m = int(1, 4); m > 0; m--) lines.push(chance(0.5) ? ifChain() : update());
    if (chance(0.3)) lines.push(`if ${cond()} and n > ${int(5, 50)} then return "early", i, n end`);
    return lines;
  };
  const limit = int(3, 80);
  const loops = [
    // a loop made by a backward goto
    () =>
      `local i = 0\n  ::top::\n  i = i + 1\n  ${body().join('\n  ')}\n  if i < ${limit} then goto top end`,
    () =>
      `local i = 0\n  while i < ${limit} and (${cond()} or i < ${int(1, limit)}) do\n    i = i + 1\n    ${body().join('\n    ')}\n  end`,
    // until sees the body's locals
    () =>
      `local i = 0\n  repeat\n    i = i + 1\n    local stop = i >= ${limit}\n    ${body().join('\n    ')}\n  until stop or (${cond()} and i > ${int(20, 90)})`,
    // out of two loops at once
    () =>
      `for i = 1, ${limit} do\n    for j = 1, ${int(1, 6)} do\n      ${body().join('\n      ')}\n      if ${cond()} and j == ${int(1, 6)} and i > ${int(1, limit)} then goto done end\n    end\n  end\n  ::done::`,
    () =>
      `for i = ${limit}, 1, -${int(1, 3)} do\n    ${body().join('\n    ')}\n    if n > ${int(10, 200)} then break end\n  end`,
  ];

  let s = SHOW_EMIT;
  s += `local function f(i) if i % ${int(2, 7)} == 0 then return i * 0.5 end return i end\n`;
  const nf = int(2, 4);
  for (let k = 1; k <= nf; k++) {
    s +=
      `local function run${k}(x, y, s)\n  local k, n, t = 0, 0, { n = ${int(0, 5)} }\n  ${pick(loops)()}\n` +
      `  return x, y, k, n, t.n, s\nend\n`;
    for (const args of [
      `${int(0, 9)}, "a", true`,
      `${pick(['0.5', '-3', '10'])}, ${pick(['"b"', '""'])}, false`,
    ]) {
      s += `emit("run${k}", pcall(run${k}, ${args}))\n`;
    }
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
