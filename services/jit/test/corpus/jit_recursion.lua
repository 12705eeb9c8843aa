-- Recursive functions compiled as function traces: results, argument counts, result counts, deep
-- recursion past the trace's depth limit, and callees replaced or changing type mid-recursion.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
print(fib(24))

-- fewer arguments than parameters (nil), more results wanted than returned
local function opt(n, acc)
  if n == 0 then return acc end
  if acc == nil then return opt(n - 1, 1) end
  return opt(n - 1, acc + n)
end
for i = 1, 60 do
  local a, b = opt(i % 9)
  if i % 20 == 0 then print(a, b) end
end

-- two results, one or three wanted
local function divmod(n, d)
  if n < d then return 0, n end
  local q, r = divmod(n - d, d)
  return q + 1, r
end
local sq = 0
for i = 1, 300 do
  local q = divmod(i, 7)
  local x, y, z = divmod(i, 5)
  sq = sq + q + x + y + (z == nil and 1 or 0)
end
print(sq)

-- deeper than the trace's own depth limit (frames handed back to the interpreter)
local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
print(depth(1000), depth(5000), depth(30))

-- integers turn into floats deep inside, then overflow wraps around
local function sum(n, step)
  if n == 0 then return 0 end
  return step + sum(n - 1, step)
end
print(sum(100, 3), sum(100, 0.5), sum(10, math.maxinteger // 4))

-- the recursive callee is replaced half-way
local function walk(n)
  if n == 0 then return 'end' end
  return walk(n - 1)
end
local calls = 0
local orig = walk
for i = 1, 100 do
  if i == 60 then
    walk = function(n) calls = calls + 1 return orig(n) end
  end
  walk(i % 10)
end
print(calls)

-- mutual recursion
local isodd
local function iseven(n)
  if n == 0 then return true end
  return isodd(n - 1)
end
function isodd(n)
  if n == 0 then return false end
  return iseven(n - 1)
end
local evens = 0
for i = 1, 200 do if iseven(i % 37) then evens = evens + 1 end end
print(evens)

-- tables built and walked recursively
local function build(d)
  if d == 0 then return {} end
  return { build(d - 1), build(d - 1) }
end
local function count(t)
  if t[1] then return 1 + count(t[1]) + count(t[2]) end
  return 1
end
print(count(build(10)))

-- a global read inside a recursive function that a callee changes
scale = 1
local function grow(n)
  if n == 0 then return 0 end
  if n == 5 then scale = scale + 1 end
  return scale + grow(n - 1)
end
print(grow(20), grow(20), scale)
