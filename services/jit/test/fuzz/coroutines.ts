// Generated coroutine programs: tasks that loop, yield (also from inside pcall and xpcall, nested,
// from a native they call, and from inside metamethods (natives too), __pairs and __close, also while
// an error unwinds), raise errors caught before or after a yield, hold `<close>` variables across
// yields and errors, and drain wrap generators, run by a round-robin scheduler that closes some tasks
// early; the main thread runs a hot loop over a generator too, so traces and coroutines meet.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

export function coroutinesProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  let closers = 0;
  // statements of a loop body with the loop index i and an accumulator acc
  const stmt = (depth: number): string => {
    let r = int(0, 14);
    // deeper, no more nesting: the metamethod statements instead
    if (depth > 1 && r >= 6 && r <= 9) r += 5;
    switch (r) {
      case 10:
        return pick([`acc = acc + P[i]`, `acc = acc + got(N[i])`, `acc = acc + got(N + i)`]);
      case 11:
        return `acc = acc + (P + i) * ${pick(['1', '2', '0.5'])}`;
      case 12:
        return `if ${pick(['P < i', 'i <= P', 'P == Q', 'not (P < acc)'])} then acc = acc + 1 else acc = acc - 1 end`;
      case 13:
        if (chance(0.3)) return `for _, v in pairs(W) do acc = acc + v end`;
        return `emit("cat", ${pick(['"a" .. P', 'P .. i .. P', 'i .. "-" .. P'])})`;
      case 14: {
        const name = `y${++closers}`;
        return `do
      local ${name} <close> = yclose("${name}")
      ${stmt(depth + 1)}
    end`;
      }
      case 0:
        return `acc = acc + i * ${pick(['1', '2', '0.5', '-1'])}`;
      case 1:
        return `if i % ${int(2, 5)} == 0 then acc = acc + coroutine.yield(${pick(['i', 'acc', '"s" .. i', 'nil'])}) or 0 end`;
      case 2:
        // a yield from a native that pcall or xpcall called (lua_pcallk), also through two of them
        return pick([
          `coroutine.yield(i, acc)`,
          `emit("py", pcall(coroutine.yield, i, acc))`,
          `emit("xpy", xpcall(coroutine.yield, show, i))`,
          `emit("ppy", pcall(pcall, coroutine.yield, acc))`,
        ]);
      case 3:
        return `if i == ${int(1, 8)} then error(${pick(['"e" .. i', '{ v = i }', 'i * 1.5'])}, 0) end`;
      case 4:
        return `acc = acc % ${int(50, 500)}`;
      case 5:
        return `emit("at", i, math.type(acc))`;
      case 6: {
        const body = Array.from({ length: int(1, 3) }, () => stmt(depth + 1)).join('\n      ');
        return `do\n      local ok, v = pcall(function()\n      ${body}\n      return acc\n      end)\n      emit("pcall", ok, v)\n      if ok and type(v) == "number" then acc = v end\n    end`;
      }
      case 7: {
        const body = Array.from({ length: int(1, 3) }, () => stmt(depth + 1)).join('\n      ');
        return `do\n      local ok, v = xpcall(function()\n      ${body}\n      return acc\n      end, function(m) return "handled " .. show(m) end)\n      emit("xpcall", ok, v)\n    end`;
      }
      case 8: {
        const name = `c${++closers}`;
        const body = Array.from({ length: int(1, 2) }, () => stmt(depth + 1)).join('\n      ');
        return `do\n      local ${name} <close> = closer("${name}")\n      ${body}\n    end`;
      }
      default:
        return `for v in coroutine.wrap(function() for j = 1, ${int(1, 4)} do coroutine.yield(j * i) end end) do acc = acc + v end`;
    }
  };
  const task = (k: number): string => {
    const body = Array.from({ length: int(1, 4) }, () => stmt(0)).join('\n    ');
    const top = chance(0.4) ? `\n  local top${k} <close> = closer("top${k}")` : '';
    return `tasks[${k}] = coroutine.create(function(acc)${top}\n  for i = 1, ${int(2, 9)} do\n    ${body}\n  end\n  return "done", acc\nend)\n`;
  };

  let s = SHOW_EMIT;
  s += `local function closer(name)\n  return setmetatable({}, { __close = function(_, e) emit("close", name, e) end })\nend\n`;
  // metamethods that yield and use what the resume gives (the scheduler's round, or nil)
  s +=
    `local function got(r) return type(r) == "number" and r or 0 end\n` +
    `local PM = {\n` +
    `  __index = function(t, k) return got(coroutine.yield("index", k)) + k end,\n` +
    `  __add = function(a, b) return got(coroutine.yield("add")) + 1 end,\n` +
    `  __lt = function(a, b) return got(coroutine.yield("lt")) % 2 == 0 end,\n` +
    `  __le = function(a, b) return got(coroutine.yield("le")) % 3 == 0 end,\n` +
    `  __eq = function(a, b) return got(coroutine.yield("eq")) % 2 == 1 end,\n` +
    `  __concat = function(a, b) return "c" .. got(coroutine.yield("concat")) end,\n` +
    `}\n` +
    `local P, Q = setmetatable({}, PM), setmetatable({}, PM)\n` +
    // natives as metamethods, and a __pairs, that yield too (lua5.4 lets them)
    `local N = setmetatable({}, { __index = coroutine.yield, __add = coroutine.yield })\n` +
    `local W = setmetatable({}, { __pairs = function(t) return next, { got(coroutine.yield("pairs")), 2 }, nil end })\n` +
    `local function yclose(name)\n` +
    // not where lua5.4 cannot yield (coroutine.close): its error would go to a stale xpcall handler
    `  return setmetatable({}, { __close = function(_, e)\n` +
    `    emit("yclose", name, e, coroutine.isyieldable() and coroutine.yield("close " .. name))\n` +
    `  end })\n` +
    `end\n`;
  s += 'local tasks = {}\n';
  const n = int(2, 4);
  for (let k = 1; k <= n; k++) s += task(k);
  s +=
    `for round = 1, ${int(6, 30)} do\n` +
    `  for k = 1, ${n} do\n` +
    `    local co = tasks[k]\n` +
    `    if coroutine.status(co) == "suspended" then\n` +
    `      emit("resume", k, coroutine.resume(co, round))\n` +
    `      if round == ${int(2, 12)} and k == ${int(1, n)} then emit("close task", k, coroutine.close(co)) end\n` +
    `    end\n` +
    `  end\n` +
    `end\n` +
    `for k = 1, ${n} do emit("end", k, coroutine.status(tasks[k]), coroutine.close(tasks[k])) end\n`;
  // the main thread's hot loop drains generators (traced, with a resume per value)
  s +=
    `local total = 0\n` +
    `for i = 1, ${int(60, 300)} do\n` +
    `  local g = coroutine.wrap(function() for j = 1, ${int(1, 3)} do coroutine.yield(i + j) end end)\n` +
    `  for v in g do total = total + v end\n` +
    `end\n` +
    `emit("total", total)\n`;
  return s + 'print(table.concat(out, "\\n"))\n';
}
