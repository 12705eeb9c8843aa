-- Performance cliff (BENCHMARKS.md, 2026-12-01 23:55): a vector class with arithmetic metamethods
-- written in Lua (`a + b`, `k * v`, `-v`, `#v`, `a == b`, `a < b`). The interpreter calls them from
-- inside ADD, MUL, UNM, LEN, EQ and LT; the trace recorder aborted ("arithmetic on non-numbers",
-- "__eq") and the loop was interpreted.
local V = {}
V.__index = V
local function new(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return new(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return new(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return new(a * b.x, a * b.y) end
  return new(a.x * b, a.y * b)
end
V.__unm = function(a) return new(-a.x, -a.y) end
V.__len = function(a) return a.x * a.x + a.y * a.y end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return #a < #b end
local origin = new(0, 0)
local acc = new(0, 0)
local n = 0
for i = 1, tonumber(arg and arg[1]) or 1000000 do
  local p = new(i % 13, i % 7)
  acc = acc + p * 2 - 3 * p
  acc = -(-acc)
  n = n + #p
  if p == origin then n = n + 1 end
  if p < acc then n = n - 1 end
end
print(acc.x, acc.y, n)
