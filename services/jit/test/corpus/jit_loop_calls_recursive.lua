-- Loop traces calling the function traces of recursive functions: results, hand-overs of frames
-- (recursion deeper than the traces' JS limit, exits deep inside), errors and changing types.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
local s = 0
for i = 1, 300 do s = s + fib(i % 15) end
print(s)

-- deep recursion from a loop: the function trace hands frames over to the interpreter
local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
local d = 0
for i = 1, 300 do d = d + depth(i * 3) end
print(d)

-- results change type part way (integer sums, then a float leaf)
local leaf = 1
local function tsum(n)
  if n == 0 then return leaf end
  return tsum(n - 1) + n
end
local acc = 0
for i = 1, 400 do
  if i == 250 then leaf = 0.5 end
  acc = acc + tsum(i % 12)
end
print(acc)

-- an error deep inside the recursion, caught around the loop
local function boom(n)
  if n == 0 then
    local x = nil
    return x + 1
  end
  return boom(n - 1) + 1
end
local function safe(n)
  if n <= 0 then return 0 end
  return safe(n - 1) + 1
end
print(pcall(function()
  local t = 0
  for i = 1, 400 do
    if i < 350 then t = t + safe(i % 9) else t = t + boom(i % 5) end
  end
  return t
end))

-- the callee's identity changes mid-loop
local function down1(n) if n == 0 then return 1 end return down1(n - 1) * 2 end
local function down2(n) if n == 0 then return 3 end return down2(n - 1) + 2 end
local g = down1
local gs = 0
for i = 1, 400 do
  if i == 300 then g = down2 end
  gs = gs + g(i % 10)
end
print(gs)

-- two results, an argument left nil, and an error level 2 from inside the recursion
local function two(n, extra)
  if n == 0 then return 1, extra end
  local a, b = two(n - 1, extra)
  return a + 1, b
end
local x, y = 0, 0
for i = 1, 300 do
  local a, b = two(i % 7)
  x = x + a
  if b == nil then y = y + 1 end
end
print(x, y)
local function lvl(n)
  if n == 0 then error('bottom reached', 2) end
  return lvl(n - 1) + 1
end
print(pcall(function()
  local t = 0
  for i = 1, 300 do
    if i == 290 then t = t + lvl(0) end
    t = t + lvl(i % 4 + 1) - lvl(1) -- never 0 until i == 290
  end
  return t
end))

-- f(g(x)) with recursive f and g: g's results go straight into f's arguments; g sometimes returns
-- two values (f then gets an extra argument) and its recursion sometimes hands frames over after
-- changing its parameter
local function build(n)
  if n > 0 then
    n = n - 1
    return { build(n), build(n) }
  end
  return {}
end
local function count(t, extra)
  if t[1] then return 1 + count(t[1]) + count(t[2]) end
  return 1 + (extra or 0)
end
local function multi(n)
  if n == 0 then return {} end
  if n == 13 then return { {}, {} }, 100 end
  n = n - 1
  return { multi(n), {} }
end
local function deep(n)
  if n <= 0 then return {} end
  n = n - 1
  return { deep(n), {} }
end
local total = 0
for i = 1, 300 do
  total = total + count(build(i % 5))
  total = total + count(multi(i % 15))
  if i % 50 == 0 then total = total + count(deep(250)) end
end
print(total)

-- a callee returning no value at all, then values, into another call taking them all
local function none(n)
  if n > 3 then return end
  if n == 0 then return 1 end
  return none(n - 1)
end
local function countargs(...)
  return select('#', ...)
end
local function tail0(n, ...)
  if n == 0 then return select('#', ...) end
  return tail0(n - 1, ...)
end
local c0 = 0
for i = 1, 300 do c0 = c0 + countargs(none(i % 6)) end
print(c0)

-- the outermost callee changed its parameter before the frames were handed over and reads it after
local function deep2(n, acc)
  if n <= 0 then return acc end
  n = n - 1
  local r = deep2(n, acc + 1)
  return r + n
end
local function ident(x, y)
  if y then return x + y end
  return x
end
local dd = 0
for i = 1, 200 do
  dd = dd + deep2(i % 7, 0)
  if i % 40 == 0 then
    dd = dd + deep2(240, 0)
    dd = dd + ident(deep2(230, 1))
  end
end
print(dd)
-- the same from a loop traced before its calls go deeper than the traces' JS limit
local de = 0
for i = 1, 300 do
  de = de + deep2(i % 5 + (i // 250) * 205, i)
end
print(de)
