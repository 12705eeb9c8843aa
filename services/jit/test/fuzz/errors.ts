// Generated loops calling functions that raise errors: error with levels 0 to 3 through tail calls,
// error objects, failed asserts, indexing nil, concatenating a table, and arithmetic on a folded
// and/or, each caught by a pcall around the loop, inside it, or called by pcall directly; the program
// ends with an uncaught error raised through two tail calls. Found a recording that aborted inside an
// inlined tail call re-running the loop's call with the tail-called function in its slot.
import { draws } from './draws.ts';

const CALLS = [
  'e1(i, 1)',
  'e1(i, 2)',
  'e1(i, 0)',
  'e2(i)',
  'e3(i)',
  'e4(i, 2)',
  'e4(i, 3)',
  'e5(i)',
  'e6(i)',
  'e7(i)',
];

export function errorsProgram(seed: number): string {
  const { int, pick } = draws(seed);
  let s = `local out = {}
local function e1(x, lvl) if x % ${int(3, 40)} == 0 then error("e1:" .. tostring(x), lvl) end return x + 1 end
local function e2(x) if x > ${int(10, 150)} then error({ code = x }) end return x * 2 end
local function e3(x) assert(x ~= ${int(5, 100)}, "assert " .. x) return x end
local function e4(x, lvl) return e1(x, lvl) end
local function e5(x) local t = nil if x == ${int(5, 120)} then return t.field end return x end
local function e6(x) if x == ${int(5, 120)} then return x .. {} end return x end
local function e7(x) return (x == ${int(5, 120)} and nil or x) + 1 end
local function msg(e) if type(e) == "table" then return "table:" .. tostring(e.code) end return tostring(e) end
`;
  for (let k = 1, nk = int(2, 5); k <= nk; k++) {
    const calls: string[] = [];
    for (let m = int(1, 3); m > 0; m--) calls.push(`acc = acc + ${pick(CALLS)}`);
    const n = int(20, 200);
    switch (int(0, 2)) {
      case 0:
        s += `for rep = 1, ${int(1, 3)} do local acc = 0 local ok, e = pcall(function() for i = 1, ${n} do ${calls.join(' ')} end end) out[#out + 1] = "L${k} " .. tostring(ok) .. " " .. msg(e) .. " " .. acc end\n`;
        break;
      case 1:
        s += `do local acc, errs = 0, 0 for i = 1, ${n} do local ok, e = pcall(function() ${calls.join(' ')} end) if not ok then errs = errs + 1 if errs < 4 then out[#out + 1] = "L${k} " .. i .. " " .. msg(e) end end end out[#out + 1] = "L${k} done " .. acc .. " " .. errs end\n`;
        break;
      default:
        s += `do for i = 1, ${n} do local ok, e = pcall(${pick(['e1', 'e4', 'e2', 'e3', 'e5', 'e6', 'e7'])}, i, ${pick(['1', '2', '3'])}) if not ok then out[#out + 1] = "L${k} " .. i .. " " .. msg(e) end end end\n`;
    }
  }
  return `${s}print(table.concat(out, "\\n"))\nlocal function top(x) return e4(x, 2) end\nfor i = 1, 100 do top(i) end\n`;
}
