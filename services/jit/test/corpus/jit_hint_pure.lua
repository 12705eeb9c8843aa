-- --@pure functions: a traced call whose arguments are all constants is made once, when recorded,
-- and the trace uses its results. Results of each type, several results, calls that cannot fold
-- (a table result, an error, arguments that vary), and the callee replaced in the middle of a loop.

--@pure
local function harmonic(k)
  local s = 0.0
  for j = 1, k do s = s + 1 / j end
  return s
end

--@pure
function Classify(n) -- a global function
  if n < 0 then return "neg", -n elseif n == 0 then return "zero", 0 end
  return "pos", n
end

local pick = function(b) return b and 1 or nil end --@pure

local M = {}
--@pure
function M.fresh(n) return { n } end -- returns a table: never folded

--@pure
local function check(x)
  if x > 100 then error("too big: " .. x) end
  return x * 2
end

local acc = 0.0
for i = 1, 400 do acc = acc + harmonic(30) * i end
print(string.format("%.6f", acc))

local counts = {}
for i = 1, 300 do
  local kind, mag = Classify(-7)
  local k2 = Classify(i % 3 - 1)
  counts[kind] = (counts[kind] or 0) + mag
  counts[k2] = (counts[k2] or 0) + 1
end
print(counts.neg, counts.zero, counts.pos)

local nils, ones = 0, 0
for i = 1, 300 do
  if pick(false) == nil then nils = nils + 1 end
  if pick(true) == 1 then ones = ones + 1 end
end
print(nils, ones)

local sum = 0
for i = 1, 300 do sum = sum + M.fresh(4)[1] end
print(sum)

local ok, err = pcall(function()
  local s = 0
  for i = 1, 300 do
    s = s + check(50)
    if i == 200 then s = s + check(150) end
  end
  return s
end)
print(ok, err)

local limit = 120 --@promote
print(pcall(function()
  local s = 0
  for i = 1, 300 do s = s + check(limit) end
  return s
end))

-- Arguments from promoted locals and from folded results; the function replaced mid-loop.
do
  local n = 12 --@promote
  local h = harmonic
  local s = 0.0
  for i = 1, 600 do
    s = s + h(n) + harmonic(harmonic(3) // 1)
    if i == 300 then h = function(k) return k end end
  end
  print(string.format("%.6f", s))
end

-- Hints the parser ignores: misplaced, unknown, and other tools' annotations.
--@pure
local notAFunction = 3
---@param x number
local function twice(x) return 2 * x end --@inline
local total = notAFunction
for i = 1, 100 do total = total + twice(i) end --@pure
print(total)

-- Inside function traces (recursive functions): a promoted parameter copy and pure calls.
--@pure
local function weight(kind) if kind == "a" then return 2 end return 3 end
local function fib(n, kind)
  local k = kind --@promote
  if n < 2 then return n * weight("a") end
  if k == "x" then return fib(n - 1, k) + fib(n - 2, k) end
  return fib(n - 1, k) + fib(n - 2, k) + weight("b")
end
print(fib(18, "x"), fib(16, "y"), fib(17, "x"))

-- A folded result reassigned inside a nested loop is no constant there.
do
  local total = 0
  for round = 1, 40 do
    local h = harmonic(4) // 1
    for j = 1, 6 do
      total = total + h
      h = h + j
    end
  end
  print(total)
end
