-- Function traces calling themselves directly (unboxed arguments and results): closures of the same
-- function, results of changing types, recursion deeper than the JS call limit, errors, multiple
-- results and parameters without arguments.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
print(fib(24))

-- two closures of one function: each must call itself, not the other
local function make(k)
  local function f(n)
    if n == 0 then return k end
    return f(n - 1) + 1
  end
  return f
end
local fa, fb = make(1000), make(2000)
local s = 0
for i = 1, 300 do s = s + fa(i % 20) + fb(i % 13) end
print(s)

-- a result that is sometimes a float
local function half(n)
  if n <= 1 then
    if n == 1 then return 0.5 end
    return 0
  end
  return half(n - 1) + half(n - 2)
end
print(half(18), half(19))

-- deeper than the trace's JS recursion limit
local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
local d = 0
for i = 1, 60 do d = d + depth(i * 10) end
print(d)

-- two results, and a parameter left without an argument
local function pair(n, acc)
  acc = acc or 0
  if n == 0 then return acc, -acc end
  local a, b = pair(n - 1)
  return a + n + acc, b - n
end
for i = 1, 200 do s = s + select(1, pair(i % 15, 1)) end
print(s, pair(10, 3))

-- an error deep in the recursion
local function down(n)
  if n == 0 then
    local x = nil
    return x.y
  end
  return down(n - 1) + 1
end
local ok = 0
for i = 1, 150 do
  if i < 140 then ok = ok + fib(i % 10) else print(pcall(down, i % 7)) end
end
print(ok)

-- an argument changes type part way (integers, then floats)
local function sumto(n)
  if n <= 0 then return 0 end
  return n + sumto(n - 1)
end
local t = 0
for i = 1, 200 do
  local n = i % 30
  if i > 150 then n = n + 0.5 end
  t = t + sumto(n)
end
print(t)

-- tail calls and plain self-calls in one function
local function mixed(n, acc)
  if n == 0 then return acc end
  if n % 3 == 0 then return mixed(n - 1, acc + 1) end
  local r = mixed(n - 1, acc)
  return r + 2
end
local m = 0
for i = 1, 300 do m = m + mixed(i % 25, i) end
print(m, mixed(40, 0))

-- a table argument checked at the trace's entry: every recursive call gets its own table, whose
-- shape may differ (fields in another order) from the first one's
local function walk(n, t)
  if n == 0 then return t.v end
  return walk(n - 1, t.next) + t.v
end
local function chain(len, odd)
  local head = nil
  for i = 1, len do
    if odd and i % 4 == 0 then head = { next = head, v = i * 100 }
    else head = { v = i, next = head } end
  end
  return head
end
local plain, mixed2 = chain(30, false), chain(30, true)
local w = 0
for i = 1, 200 do w = w + walk(20, plain) end
for i = 1, 50 do w = w + walk(20, mixed2) end
print(w)

-- the recursive call goes through an upvalue holding another closure of the same function
local function mk(tag)
  local other
  local function g(n)
    if n == 0 then return tag end
    return other(n - 1) + 1
  end
  return g, function(h) other = h end
end
local g1, set1 = mk(100)
local g2, set2 = mk(200)
set1(g2); set2(g1)
local gs = 0
for i = 1, 400 do gs = gs + g1(i % 17) + g2(i % 11) end
set1(g1)
for i = 1, 400 do gs = gs + g1(i % 23) end
print(gs)

-- two traced functions entering each other, each trace re-entered while it runs
local odd
local function even(n, k)
  if n == 0 then return k end
  return odd(n - 1, k + 1) + 1
end
function odd(n, k)
  if n == 0 then return -k end
  return even(n - 1, k * 2 % 1000) - 1
end
local eo = 0
for i = 1, 300 do eo = eo + even(i % 40, i) + odd(i % 33, 1) end
print(eo)
