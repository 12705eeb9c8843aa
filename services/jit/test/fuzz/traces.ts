// Generated loops whose bodies mix what traces inline: metamethods written in Lua (__add, __eq,
// __lt, __le, __len, __unm, __concat, __call, __index and __newindex functions), methods, closures
// and upvalues, varargs and select, tail calls, recursion, goto, break, pcall and errors, with
// locals that change type at a chosen iteration (integer, float, string, table, nil, boolean), and
// metamethods, metatables and library functions replaced mid-loop, so guards fail mid-loop and side
// exits must give the interpreter back its exact state. Found a side exit that left stale the
// varargs spread past the frame for a "to top" call (jit/liveness.ts), and a direct recursive call
// not storing a parameter its trace does not take (jit/fngen.ts).
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const PRELUDE = `${SHOW_EMIT}local V = {}
V.__index = V
local function val(x) if type(x) == "table" then return rawget(x, "v") end return x end
local function mk(v) return setmetatable({ v = v }, V) end
V.__add = function(x, y) return mk(val(x) + val(y)) end
V.__sub = function(x, y) return mk(val(x) - val(y)) end
V.__mul = function(x, y) return val(x) * val(y) end
V.__eq = function(x, y) return val(x) == val(y) end
V.__lt = function(x, y) return val(x) < val(y) end
V.__le = function(x, y) return val(x) <= val(y) end
V.__len = function(x) return val(x) end
V.__unm = function(x) return mk(-val(x)) end
V.__concat = function(x, y) return tostring(val(x)) .. "|" .. tostring(val(y)) end
V.__call = function(self, y) return val(self) + (y or 1) end
function V.get(self) return self.v end
function V:twice(y) return self.v * 2 + (y or 0) end
local W = { __index = function(_, k) return k .. "!" end, __add = function(x, y) return 99 end, __len = function() return 5 end }
local store = {}
local P = setmetatable({}, {
  __index = function(_, k) local v = store[k] if v == nil then return tostring(k) .. "?" end return v end,
  __newindex = function(_, k, v) store[k] = v end,
})
local cnt = 0
local function bump(n) cnt = cnt + (n or 1) return cnt end
local function va(...) return select("#", ...), ... end
local function last(...) local n = select("#", ...) if n == 0 then return nil end return (select(n, ...)) end
local function tail(x, y) return va(y, x) end
local function rec(n) if n <= 0 then return 0 end return n + rec(n - 1) end
local function mkcounter() local c = 0 return function(d) c = c + (d or 1) return c end end
local function pick3(k, x, y, z) if k == 1 then return x elseif k == 2 then return y end return z end
local function sum(n, x) local s = 0 for k = 1, n do s = s + k * x end return s end
local function walk(tb) local s = 0 for _, v in ipairs(tb) do if type(v) == "number" then s = s + v end end return s end
local tl = {}
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
isodd = function(n) if n == 0 then return false end return iseven(n - 1) end
local fs = { bump, bump, bump, bump, bump }
`;

// Values a local may hold or switch to. No 0/0: which NaN of two lua5.4 keeps is not emulated.
const VALUES = [
  '0',
  '1',
  '-3',
  '7',
  '2^31',
  '2147483647',
  'math.maxinteger',
  'math.mininteger',
  '9007199254740993',
  '0.5',
  '-2.25',
  '3.0',
  '-0.0',
  '1e15',
  '1/0',
  '"12"',
  '"0x10"',
  '"2.5"',
  '"abc"',
  '""',
  'nil',
  'true',
  'false',
  'mk(4)',
  'mk(2.5)',
  'mk("s")',
  '{}',
  'bump',
];
const NUMERIC = ['0', '1', '2', '-3', '7', '10', '0.5', '1.5', '-2.25', '3.0', '2^31', '2147483647', '"5"'];
const ARITH = ['+', '-', '*', '/', '//', '%', '+', '-', '*', '+'];
const RISKY = ['^', '&', '|', '~', '<<', '>>', '..', '==', '~=', '<', '<=', '>', '>='];
const DIVISORS = ['2', '-3', '7', '0.5', '-2.5', '"4"', '2^31', 'math.mininteger'];
const VARS = ['a', 'b', 'c'];

export function tracesProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);

  const atom = (): string => {
    switch (int(0, 13)) {
      case 0:
      case 1:
      case 2:
        return pick(VARS);
      case 3:
        return 'i';
      case 4:
        return pick(NUMERIC);
      case 5:
        return 't[1 + i % 5]';
      case 6:
        return pick(['t.f', 't.g', '#t']);
      case 7:
        return pick(['o.v', 'o:get()', 'o:twice(i)', '#o']);
      case 8:
        return pick(['P.x', 'P[i % 3]', 'P.y']);
      case 9:
        return pick(['cnt', 'bump()', 'ctr()', 'ctr(2)']);
      case 10:
        return pick(['i * 0.5', 'i // 2', '(i % 7)', '-i', 'i / 4']);
      case 11:
        return pick([
          'rec(i % 4)',
          'pick3(i % 3 + 1, a, b, c)',
          'select(-1, a, b)',
          'iseven(i % 7)',
          'fs[1 + i % 5]()',
        ]);
      case 12:
        return pick(VALUES);
      default:
        return pick(['(o + i).v', '(-o).v', 'o(i)', '(o == a)', '(o < mk(i))']);
    }
  };
  // An integer // or % by zero: lua5.4 names the line of its last saved pc (README, "differences").
  const arith = (x: string, y: string): string => {
    const op = pick(ARITH);
    return op === '//' || op === '%' ? `(${x} ${op} ${pick(DIVISORS)})` : `(${x} ${op} ${y})`;
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || chance(0.35)) return atom();
    // arithmetic most often: booleans from comparisons and `not` end most loops they reach
    switch (int(0, 12)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 10:
      case 11:
        return arith(expr(depth - 1), expr(depth - 1));
      case 4:
        return `(${expr(depth - 1)} ${pick(RISKY)} ${expr(depth - 1)})`;
      case 5:
        return pick([
          `(va(${expr(depth - 1)}, ${expr(depth - 1)}))`,
          `select("#", va(${expr(depth - 1)}))`,
          `last(va(${expr(depth - 1)}, ${expr(depth - 1)}))`,
          `select(2, tail(${expr(depth - 1)}, ${expr(depth - 1)}))`,
        ]);
      case 6:
        return pick([
          `math.type(${expr(depth - 1)})`,
          `type(${expr(depth - 1)})`,
          `tostring(${expr(depth - 1)})`,
          `tonumber(${expr(depth - 1)})`,
          `math.floor(${expr(depth - 1)})`,
          `math.abs(${expr(depth - 1)})`,
        ]);
      case 7:
        return `(${expr(depth - 1)} and ${expr(depth - 1)} or ${expr(depth - 1)})`;
      case 8:
        return `not ${expr(depth - 1)}`;
      default:
        return arith(expr(depth - 1), atom());
    }
  };

  let usedGoto = false;
  const stmt = (depth: number, inLoop: boolean): string => {
    const v = pick(VARS);
    switch (int(0, 20)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return `${v} = ${expr(2)}`;
      case 4:
      case 5:
        // a type change at a chosen iteration: the guard that held so far fails here
        return `if i == ${int(1, 120)} then ${v} = ${pick(VALUES)} end`;
      case 6:
        return `if ${expr(1)} then ${v} = ${expr(1)} else ${pick(VARS)} = ${expr(1)} end`;
      case 7:
        return pick([
          `t[1 + i % 5] = ${expr(1)} or 0`,
          `t.f = ${expr(1)}`,
          `t.g = ${expr(1)} or false`,
          `if #t < 40 then t[#t + 1] = ${expr(1)} or 0 end`,
        ]);
      case 8:
        return pick([`o.v = ${expr(1)}`, `P.x = ${expr(1)}`, `P[i % 3] = ${expr(1)}`, `o = mk(${expr(1)})`]);
      case 9:
        return `local ok, e = pcall(function() return ${expr(2)} end) if not ok and i % ${int(5, 40)} == 0 then emit("E", i, e) elseif ok then ${v} = e end`;
      case 10:
        return `bump(${pick(NUMERIC)})`;
      case 11:
        return inLoop ? `if ${pick(['i', v])} == ${int(20, 200)} then break end` : `${v} = ${expr(1)}`;
      case 12:
        if (inLoop && !usedGoto) {
          usedGoto = true;
          return `if i % ${int(2, 9)} == 0 then goto continue end`;
        }
        return `${v} = ${expr(1)}`;
      case 13:
        return depth > 0
          ? `for j = 1, ${int(1, 12)} do ${stmt(depth - 1, false).replaceAll(/\bi\b/g, 'j')} end`
          : `${v} = ${expr(1)}`;
      case 14:
        return `if i % ${int(3, 50)} == 0 then emit("at", i, ${pick(VARS)}) end`;
      case 15:
        return `local n, x, y = va(${expr(1)}, ${expr(1)}) ${v} = n + (select("#", x, y))`;
      case 16:
        return pick([
          // a closure over the loop's locals, made and called each iteration
          `do local f = function(d) return ${pick(VARS)} + d end ${v} = f(${pick(NUMERIC)}) end`,
          `${v} = tostring(${expr(1)}):sub(1, 3):upper() .. ${pick(['""', '1.5', '3.0', 'i', '-0.0'])}`,
          `${v} = string.format("%d:%s", i, tostring(${pick(VARS)}))`,
          `${v} = inh[1 + i % 3] or inh.f`,
          `inh[i % 4] = ${expr(1)}`,
          `${v}, ${pick(VARS)} = ${pick(VARS)}, ${v}`,
          // closures kept past the iteration that made them, over its locals and the loop index
          `fs[1 + (i + 2) % 5] = function(d) return ${pick(VARS)}, i + (d or 0) end`,
          `do local k = i fs[1 + i % 5] = function() k = k + 1 return k end end`,
        ]);
      case 17:
      case 18:
        // library calls the JIT traces natively, and callees with loops of their own
        return pick([
          `if #tl < 30 then table.insert(tl, ${expr(1)} or 0) end`,
          `if #tl < 30 then table.insert(tl, 1, i) end`,
          `if #tl > 0 then ${v} = table.remove(tl) end`,
          `${v} = table.concat({ i, ${pick(NUMERIC)} }, ",")`,
          `${v} = select("#", table.unpack(t))`,
          `${v} = sum(i % 5, ${expr(1)})`,
          `${v} = walk(t) + walk(tl)`,
          `${v} = string.rep("ab", i % 4, ",")`,
          `${v} = ("x" .. i):upper():lower()`,
          `${v} = string.byte("hello", 1 + i % 5)`,
          `${v} = string.char(65 + i % 26)`,
          `${v} = string.find("a,b,c", ",", i % 6, true)`,
          `${v} = string.format("%5.1f|%x|%s", i / 3, i, ${pick(VARS)})`,
          `${v} = math.max(${expr(1)}, i)`,
          `${v} = math.min(i, ${expr(1)})`,
          `${v} = math.sqrt(i) + math.floor(i / 3) + math.fmod(i, 3)`,
          `${v} = math.tointeger(${expr(1)})`,
          `${v} = i * math.maxinteger + ${pick(VARS)}`,
          `for x = 0.5, 2, 0.5 do ${v} = ${v} + x end`,
          `do local ks = {} for k2 in pairs(t) do ks[#ks + 1] = tostring(k2) end table.sort(ks) ${v} = table.concat(ks, ",") end`,
        ]);
      case 19:
        // metatables and metamethods changed while a trace that inlined them runs
        return `if i == ${int(1, 120)} then ${pick([
          'V.__add = function(x, y) return mk(val(x) * 10 + val(y)) end',
          'V.__eq = function(x, y) return true end',
          'V.__lt = function(x, y) return val(x) > val(y) end',
          'V.get = function(self) return -1 end',
          'V.__index = function(tb, k) return k == "get" and V.get or V[k] end',
          'setmetatable(o, W)',
          'setmetatable(o, nil)',
          'string.upper = string.lower',
          'rawset(o, "v", i)',
          'P = setmetatable({}, { __index = function(_, k) return k end })',
        ])} end`;
      default:
        return `${v}, ${pick(VARS)} = ${expr(1)}, ${expr(1)}`;
    }
  };

  let s = PRELUDE;
  s += 'local t = { 1, 2, 3, 4, 5, f = 1, g = 2.5 }\nlocal o = mk(3)\nlocal ctr = mkcounter()\n';
  // reads through an __index table, writes through a __newindex table
  s += 'local inh = setmetatable({}, { __index = { 10, 20.5, f = "F" }, __newindex = {} })\n';
  for (let n = int(2, 5), k = 1; k <= n; k++) {
    usedGoto = false;
    const body: string[] = [];
    for (let m = int(2, 7); m > 0; m--) body.push(stmt(1, true));
    // a label at the end of the block: lua5.4 allows a goto past locals declared before it
    if (usedGoto) body.push('::continue::');
    const init = (): string => pick([...NUMERIC, ...NUMERIC, ...VALUES]);
    const iters = int(1, 200);
    const head = pick([
      `for i = 1, ${iters} do`,
      `for i = ${iters}, 1, -1 do`,
      `for i = 1, ${iters}, ${int(2, 3)} do`,
      `local i = 0 while i < ${iters} do i = i + 1`,
      `for _, q in ipairs(list) do local i = q`,
    ]);
    s += `local list${k} = {} for q = 1, ${iters} do list${k}[q] = q end\n`;
    if (chance(0.3)) {
      // the body in a function called from the loop: a function trace, entered with changing types
      const fbody: string[] = [];
      for (let m = int(2, 6); m > 0; m--) fbody.push(stmt(1, false));
      s += `local function step${k}(a, b, c, i)\n  ${fbody.join('\n  ')}\n  return a, b, c\nend\n`;
      body.unshift(`a, b, c = step${k}(a, b, c, i)`);
    }
    if (chance(0.3)) {
      // a recursive function (tail or not) called from the loop with the depth and the locals
      const fbody: string[] = [];
      for (let m = int(1, 4); m > 0; m--) fbody.push(stmt(0, false));
      const ret = chance(0.5)
        ? `return deep${k}(i - 1, a, b, c)`
        : `local x, y, z = deep${k}(i - 1, a, b, c) return y, x, z`;
      s += `local function deep${k}(i, a, b, c)\n  if i <= 0 then return a, b, c end\n  ${fbody.join('\n  ')}\n  ${ret}\nend\n`;
      body.unshift(`a, b, c = deep${k}(i % ${int(2, 9)}, a, b, c)`);
    }
    s += `local function loop${k}(a, b, c, list)\n  ${head}\n    ${body.join('\n    ')}\n  end\n  return a, b, c\nend\n`;
    // Called more than once: the second call may enter a trace the first one compiled.
    const calls = int(1, 4);
    s +=
      `for rep = 1, ${calls} do local ok, a, b, c = pcall(loop${k}, ${init()}, ${init()}, ${init()}, list${k}) ` +
      `emit("loop${k}", rep, ok, a, b, c, cnt, t.f, t.g, #t, o.v, P.x) end\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
